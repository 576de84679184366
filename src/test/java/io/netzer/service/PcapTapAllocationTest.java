package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Packet;
import io.netzer.filter.CompileOptions;
import io.netzer.pipeline.PacketSink;
import io.netzer.testing.CorpusPackets;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker's tap for {@code /api/v1/pcap} clients allocates nothing per packet (DESIGN.md, rules of the hot path)
 * when nobody listens, and nothing for a client whose queue is full (its packets are counted as dropped without a
 * copy), over a million packets of the shared corpus; a client with room gets each packet as a pcap record.
 */
class PcapTapAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingWithoutAClientNorForAStalledOne() throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            EventFanout fanout = new EventFanout(1, CompileOptions.forFile());
            PacketSink tap = fanout.pcapTap();
            Packet packet = new Packet();
            run(corpus, 300_000, packet, tap);
            assertTrue(allocatedPerRun(corpus, packet, tap) < MEASURED_PACKETS, "without a client");

            EventSubscriber stalled = fanout.subscribePcap(null, 0);
            run(corpus, 300_000, packet, tap);
            long allocated = allocatedPerRun(corpus, packet, tap);
            assertTrue(allocated < MEASURED_PACKETS, allocated + " bytes allocated with a stalled client");
            assertTrue(stalled.dropped() >= MEASURED_PACKETS, "dropped and counted: " + stalled.dropped());
            fanout.unsubscribe(stalled);
        }
    }

    @Test
    void shouldQueueEachPacketAcceptedAsAPcapRecord() throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            EventFanout fanout = new EventFanout(1, CompileOptions.forFile());
            PacketSink tap = fanout.pcapTap();
            EventSubscriber tcp = fanout.subscribePcap("tcp", 1_000_000);
            assertEquals(List.of(tcp), fanout.subscribers());
            Packet packet = new Packet();
            long accepted = 0;
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, 1_500_000_123L, i + 1);
                tap.accept(packet, null);
                EventSubscriber.Event record = tcp.poll();
                if (record == null) {
                    continue;
                }
                accepted++;
                byte[] bytes = record.line();
                // ts_sec, ts_nsec, incl_len, orig_len in host (little-endian) order, then the packet
                assertEquals(1, littleEndian(bytes, 0));
                assertEquals(500_000_123, littleEndian(bytes, 4));
                assertEquals(packet.capturedLength(), littleEndian(bytes, 8));
                assertEquals(packet.wireLength(), littleEndian(bytes, 12));
                assertEquals(PcapRecords.RECORD_HEADER_LENGTH + packet.capturedLength(), bytes.length);
            }
            assertTrue(accepted > 100 && accepted < corpus.count(), "tcp packets of the corpus: " + accepted);
        }
    }

    private static long littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }

    private static long allocatedPerRun(CorpusPackets corpus, Packet packet, PacketSink tap) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        run(corpus, MEASURED_PACKETS, packet, tap);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static void run(CorpusPackets corpus, long atLeast, Packet packet, PacketSink tap) throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, 0, i + 1);
                tap.accept(packet, null);
            }
            done += corpus.count();
        }
    }
}
