package io.netzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowEventListener;
import io.netzer.flow.FlowState;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker's largest running flows: published within the pass period while they run, with counts that grow; kept
 * against a flood of small flows; scanned over a large table without allocating.
 */
class LiveFlowsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;
    private static final FlowFrames.Endpoints BACKUP = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 873);
    /** The IPv4 source address of an Ethernet frame: after the 14 bytes of Ethernet and 12 of IPv4. */
    private static final long SOURCE_OFFSET = 26;
    private static final ValueLayout.OfInt SOURCE_ADDRESS =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    /** A datagram of 50 bytes on the wire, whose source address the flood changes. */
    private final MemorySegment small = MemorySegment.ofArray(FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0b000000,
            5000, 0x0a000002, 53), true, new byte[8]));

    private final StreamListener reassembled = new StreamListener() {
        @Override
        public void flowStarted(int flow) {
        }

        @Override
        public void packet(Packet p, Dissector d, int flow, int direction) {
        }

        @Override
        public void streamData(int flow, int direction, MemorySegment data, long offset, int length, Packet p) {
        }

        @Override
        public void streamGap(int flow, int direction, long bytes) {
        }

        @Override
        public void flowEnded(int flow) {
        }
    };

    private void send(FlowStage stage, byte[] frame, long nanos) throws IOException {
        FlowFrames.dissect(frame, nanos, packet, dissector);
        stage.accept(packet, dissector);
    }

    @Test
    void shouldPublishARunningFlowWithinThePassPeriodWithCountsThatGrow() throws Exception {
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[] {reassembled},
                FlowEventListener.NONE);
        send(stage, FlowFrames.tcp(BACKUP, true, 1, 0, FlowFrames.SYN, new byte[0]), START);
        send(stage, FlowFrames.tcp(BACKUP, false, 1000, 2, FlowFrames.SYN | FlowFrames.ACK, new byte[0]), START);
        byte[] data = FlowFrames.tcp(BACKUP, true, 2, 1001, FlowFrames.ACK, new byte[1000]);
        send(stage, data, START + SECOND);
        send(stage, data, START + 2 * SECOND); // the same segment again: 1,000 bytes retransmitted
        stage.endOfBatch();

        LiveFlows.Flow first = stage.liveFlows().read().get(0);
        assertArrayEquals(new byte[] {10, 0, 0, 1}, first.initiator());
        assertEquals(40000, first.initiatorPort());
        assertArrayEquals(new byte[] {10, 0, 0, 2}, first.responder());
        assertEquals(873, first.responderPort());
        assertEquals(6, first.protocol());
        assertEquals(4, first.packets());
        assertEquals(2 * 54 + 2 * 1054, first.bytes(), "frames of 54 bytes, and 54 + 1,000");
        assertEquals(2 * SECOND, first.endNanos() - first.startNanos(), "duration so far");
        assertEquals(FlowState.ESTABLISHED, first.state());
        assertEquals(1000, first.retransmittedBytes());

        // the flow goes on: one more segment a batch, and the next pass publishes the grown counts
        long began = System.nanoTime();
        long seq = 1002;
        LiveFlows.Flow later = first;
        for (int batch = 0; later.packets() == first.packets(); batch++) {
            send(stage, FlowFrames.tcp(BACKUP, true, seq, 1001, FlowFrames.ACK, new byte[1000]),
                    START + (3 + batch) * SECOND);
            seq += 1000;
            stage.endOfBatch();
            later = stage.liveFlows().read().get(0);
            Thread.sleep(10);
        }
        long waited = System.nanoTime() - began;
        assertTrue(waited < 2 * LiveFlows.PASS_NANOS, "published after " + waited / 1_000_000 + " ms");
        assertTrue(later.packets() > first.packets() && later.bytes() > first.bytes(), later.toString());
        assertEquals(first.startNanos(), later.startNanos(), "the same flow");
        assertTrue(later.endNanos() > first.endNanos(), "its duration so far grows");
        assertEquals(1, stage.publishedFlowsHeld(), "the flow has not ended");

        CaptureEnd.of(stage);
        assertEquals(List.of(), stage.liveFlows().read(), "nothing runs once the capture ended");
    }

    @Test
    void shouldKeepTheLargestRunningFlowAgainstAFloodOfSmallFlows() throws IOException {
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0], FlowEventListener.NONE);
        flood(stage, 0, 150_000);
        byte[] big = FlowFrames.udp(BACKUP, true, new byte[1400]);
        for (int i = 0; i < 100; i++) {
            send(stage, big, START);
        }
        // the attacker's flows are more than the rows and the slots a batch examines, before and after the big one
        flood(stage, 150_000, 300_000);
        LiveFlows live = stage.liveFlows();
        long now = 0;
        int batches = 1;
        live.scan(now);
        for (; live.read().isEmpty(); batches++) {
            live.scan(now += 1_000_000);
        }

        List<LiveFlows.Flow> flows = live.read();
        assertTrue(batches > 2, "a pass over " + batches + " batches");
        assertEquals(LiveFlows.ROWS, flows.size());
        assertEquals(873, flows.get(0).responderPort(), "the big flow first");
        assertEquals(100 * 1442L, flows.get(0).bytes());
        assertEquals(FlowState.NEW, flows.get(0).state());
        assertEquals(FlowView.NOT_REASSEMBLED, flows.get(0).retransmittedBytes());
        assertEquals(50L, flows.get(1).bytes(), "then the flood's, all alike");
    }

    @Test
    void shouldScanALargeTableWithoutAllocating() throws IOException {
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0], FlowEventListener.NONE);
        flood(stage, 0, 600_000);
        LiveFlows live = stage.liveFlows();
        long now = passes(live, 0, 2);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        passes(live, now, 20);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1024, allocated + " bytes allocated for 20 passes over 600,000 flows");
        assertEquals(LiveFlows.ROWS, live.read().size());
    }

    /** Drives {@code count} passes, a batch a millisecond apart; returns the clock after them. */
    private static long passes(LiveFlows live, long from, int count) {
        long now = from;
        for (int pass = 0; pass < count; pass++) {
            now += LiveFlows.PASS_NANOS;
            for (int batch = 0; batch * LiveFlows.SLOTS_PER_BATCH < 1_048_576; batch++) {
                live.scan(now + batch * 1_000_000L);
            }
        }
        return now + SECOND;
    }

    /** One 50-byte datagram from each of the sources {@code from} to {@code to} (exclusive), at one moment. */
    private void flood(FlowStage stage, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            small.set(SOURCE_ADDRESS, SOURCE_OFFSET, 0x0b000000 + i);
            packet.wrap(small, 0, (int) small.byteSize(), (int) small.byteSize(), START, LinkType.ETHERNET, 0, 1);
            dissector.dissect(packet);
            stage.accept(packet, dissector);
        }
    }
}
