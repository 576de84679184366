package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import io.netzer.testing.CorpusPackets;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The text sink allocates nothing per packet (DESIGN.md, rules of the hot path), with NetZer's default line and
 * with every tcpdump option that adds to it: packet numbers, a delta time column, the link header, the IP fields,
 * the hex and ASCII dump, relative sequence numbers, DNS, ICMP and ARP in tcpdump's words. Less than a byte a
 * packet over a million packets of the shared corpus.
 */
class TextPacketSinkAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final int BATCH = 512;
    private static final long NANOS_PER_PACKET = 1_234_567;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldPrintTheDefaultLineWithoutAllocating() throws Exception {
        measure(TextOptions.DEFAULT);
    }

    @Test
    void shouldPrintEveryTcpdumpAdditionWithoutAllocating() throws Exception {
        measure(new TextOptions(TimeColumn.Format.DELTA_PREVIOUS, true, true, true, 2, PayloadDump.Mode.HEX_ASCII_LINK,
                false, false));
        measure(new TextOptions(TimeColumn.Format.DATE_AND_TIME, false, false, false, 1, PayloadDump.Mode.ASCII,
                false, true));
    }

    private static void measure(TextOptions options) throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load()) {
            TextPacketSink sink = new TextPacketSink(OutputStream.nullOutputStream(), false, false, false, 3600,
                    options, true);
            Dissector dissector = new Dissector();
            Packet packet = new Packet();

            run(corpus, 300_000, dissector, packet, sink);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = run(corpus, MEASURED_PACKETS, dissector, packet, sink);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            sink.close();

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
        }
    }

    /** Hands {@code sink} the corpus's packets, dissected, in batches, until at least {@code atLeast}. */
    static long run(CorpusPackets corpus, long atLeast, Dissector dissector, Packet packet, PacketSink sink)
            throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, (done + i) * NANOS_PER_PACKET, i + 1);
                dissector.dissect(packet);
                sink.accept(packet, dissector);
                if (i % BATCH == 0) {
                    sink.endOfBatch();
                }
            }
            done += corpus.count();
        }
        return done;
    }
}
