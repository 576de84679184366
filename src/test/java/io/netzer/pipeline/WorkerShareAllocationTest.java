package io.netzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowStatistics;
import io.netzer.flow.StreamListener;
import io.netzer.testing.CorpusPackets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The path of a packet another worker analyses allocates nothing (DESIGN.md, rules of the hot path): a real
 * {@link Worker} with its {@link WorkerShare} and a flow stage, over a million of the corpus's packets that are not
 * its own, lets them pass (the share's key read from their link and IP headers, the stage's clock advanced, flows
 * it holds ended by their idle timeout as the packet time moves on).
 */
class WorkerShareAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final long START_NANOS = 1_500_000_000_000_000_000L;
    private static final long STEP_NANOS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerPacketLeftToAnotherWorker() throws Exception {
        WorkerShare share = new WorkerShare(1, 2);
        try (CorpusPackets corpus = CorpusPackets.load(); Arena arena = Arena.ofConfined()) {
            FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0], FlowEventListener.NONE);
            Packet packet = new Packet();
            List<Integer> mine = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < corpus.count(); i++) {
                (share.owns(corpus.wrap(packet, i, START_NANOS, i + 1)) ? mine : others).add(i);
            }
            Replay replay = new Replay(corpus, others, arena);
            new Worker(replay.limit(300_000), new Dissector(), new PacketSink[] {stage}, null, null, share).run();
            // Flows of its own packets, held as the measured run starts, for the passing time to end.
            Dissector dissector = new Dissector();
            for (int i : mine) {
                dissector.dissect(corpus.wrap(packet, i, replay.now(), i + 1));
                stage.accept(packet, dissector);
            }
            long endedBefore = stage.statistics().timedOut() + stage.statistics().closed();
            long held = stage.statistics().held();
            Worker measured = new Worker(replay.limit(MEASURED_PACKETS), new Dissector(),
                    new PacketSink[] {stage}, null, null, share);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            measured.run();
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < MEASURED_PACKETS, allocated + " bytes allocated over " + MEASURED_PACKETS);
            assertEquals(MEASURED_PACKETS, measured.packetsPassed());
            assertEquals(0, measured.packetsOut());
            FlowStatistics flows = stage.statistics();
            assertTrue(held > 100 && flows.timedOut() + flows.closed() - endedBefore >= held,
                    "the flows of its own packets ended as time passed: " + held + " held, then " + flows);
        }
    }

    /**
     * The corpus packets at {@code indexes}, copied into one piece of memory and handed out in batches over and
     * over, each a millisecond of packet time after the one before, up to a limit.
     */
    private static final class Replay implements PacketSource {
        private final MemorySegment memory;
        private final long[] offsets;
        private final int[] lengths;
        private final int[] linkTypes;
        private long limit;
        private long handed;

        Replay(CorpusPackets corpus, List<Integer> indexes, Arena arena) {
            Packet packet = new Packet();
            long total = 0;
            for (int index : indexes) {
                total += corpus.wrap(packet, index, 0, 0).capturedLength();
            }
            memory = arena.allocate(Math.max(total, 1));
            offsets = new long[indexes.size()];
            lengths = new int[indexes.size()];
            linkTypes = new int[indexes.size()];
            long at = 0;
            for (int i = 0; i < indexes.size(); i++) {
                corpus.wrap(packet, indexes.get(i), 0, 0);
                MemorySegment.copy(packet.segment(), packet.offset(), memory, at, packet.capturedLength());
                offsets[i] = at;
                lengths[i] = packet.capturedLength();
                linkTypes[i] = packet.linkType();
                at += packet.capturedLength();
            }
        }

        /** The packet time of the next packet. */
        long now() {
            return START_NANOS + handed * STEP_NANOS;
        }

        Replay limit(long packets) {
            limit = handed + packets;
            return this;
        }

        @Override
        public boolean nextBatch(PacketBatch batch) {
            batch.reset(memory, handed + 1);
            while (!batch.isFull() && handed < limit) {
                int i = (int) (handed % offsets.length);
                batch.add(offsets[i], lengths[i], lengths[i], START_NANOS + handed * STEP_NANOS, linkTypes[i], 0);
                handed++;
            }
            return batch.count() > 0;
        }

        @Override
        public String name() {
            return "corpus replay";
        }

        @Override
        public int linkType() {
            return linkTypes[0];
        }

        @Override
        public int snapshotLength() {
            return 262_144;
        }

        @Override
        public boolean nanosecondTimestamps() {
            return true;
        }

        @Override
        public String interfaceName(int interfaceIndex) {
            return null;
        }

        @Override
        public SourceStatistics statistics() {
            return new SourceStatistics(handed, 0, 0);
        }

        @Override
        public void close() {
        }
    }
}
