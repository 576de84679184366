package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.export.LineOutput;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.filter.CompileOptions;
import io.netzer.stats.WorkerStats;
import io.netzer.testing.CorpusPackets;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What service mode adds to a worker allocates nothing per packet (DESIGN.md, rules of the hot path): counting
 * into {@link WorkerStats} with the top talkers, and the NDJSON sink whose tap has no listener, cost less than a
 * byte a packet over a million packets of the shared corpus (the talkers' twice-a-second snapshot included).
 */
class StatsSinkAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final int BATCH = 512;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldCountWithoutAllocating() throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            WorkerStats stats = new WorkerStats(DecodeStatus.values().length, 64);
            StatsSink sink = new StatsSink(stats);
            EventFanout fanout = new EventFanout(1, CompileOptions.forFile());
            LineOutput lines = new LineOutput(null, "host", index -> "eth0", true, fanout.tap());
            NdjsonPacketSink events = new NdjsonPacketSink(lines);
            Dissector dissector = new Dissector();
            Packet packet = new Packet();

            long warm = run(corpus, 300_000, dissector, packet, sink, events, lines);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = run(corpus, MEASURED_PACKETS, dissector, packet, sink, events, lines);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            sink.flush();

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
            assertEquals(warm + measured, stats.packets());
            assertTrue(stats.talkerSnapshot().talkers().size() > 10, "talkers tracked");
        }
    }

    private static long run(CorpusPackets corpus, long atLeast, Dissector dissector, Packet packet, StatsSink sink,
            NdjsonPacketSink events, LineOutput lines) throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, 0, i + 1);
                dissector.dissect(packet);
                sink.accept(packet, dissector);
                events.accept(packet, dissector);
                lines.accept(packet, dissector);
                if (i % BATCH == 0) {
                    sink.endOfBatch();
                    lines.endOfBatch();
                }
            }
            done += corpus.count();
        }
        return done;
    }
}
