package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.CorpusPackets;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON packet writer allocates nothing per packet (DESIGN.md, rules of the hot path): its lines encoded into
 * the worker's buffer and drained in blocks, with the count of their lines, into the shared output. Less than
 * a byte a packet over a million packets of the shared corpus (every link type, IPv4, IPv6, ARP, ICMP, VLANs).
 */
class NdjsonPacketSinkAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldWritePacketLinesWithoutAllocating() throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            SharedOutput shared = new SharedOutput(OutputStream.nullOutputStream(), false);
            LineOutput lines = new LineOutput(shared, "host", index -> "eth" + index, false, null);
            NdjsonPacketSink sink = new NdjsonPacketSink(lines);
            Dissector dissector = new Dissector();
            Packet packet = new Packet();

            TextPacketSinkAllocationTest.run(corpus, 300_000, dissector, packet, sink);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = TextPacketSinkAllocationTest.run(corpus, MEASURED_PACKETS, dissector, packet, sink);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            lines.close();

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
            assertTrue(shared.lines() > measured, shared.lines() + " lines written");
        }
    }
}
