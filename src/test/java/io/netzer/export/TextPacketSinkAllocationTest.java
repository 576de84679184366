package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private record Where(MemorySegment segment, long offset, int capturedLength, int wireLength, int linkType) {
    }

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
        List<PacketSource> sources = new ArrayList<>();
        List<Where> packets = new ArrayList<>();
        try {
            for (Path file : Corpus.readableFiles()) {
                PacketSource source = CaptureFiles.open(file);
                sources.add(source);
                PacketBatch batch = new PacketBatch();
                Packet packet = new Packet();
                try {
                    while (source.nextBatch(batch)) {
                        for (int i = 0; i < batch.count(); i++) {
                            batch.packet(i, packet);
                            packets.add(new Where(packet.segment(), packet.offset(), packet.capturedLength(),
                                    (int) packet.wireLength(), packet.linkType()));
                        }
                    }
                } catch (CaptureFileException e) {
                    // the good packets before a fault are measured
                }
            }
            TextPacketSink sink = new TextPacketSink(OutputStream.nullOutputStream(), false, false, false, 3600,
                    options, true);
            Dissector dissector = new Dissector();
            Packet packet = new Packet();
            Where[] all = packets.toArray(Where[]::new);

            run(all, 300_000, dissector, packet, sink);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = run(all, MEASURED_PACKETS, dissector, packet, sink);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            sink.close();

            assertTrue(allocated < measured, allocated + " bytes allocated for " + measured + " packets");
        } finally {
            for (PacketSource source : sources) {
                source.close();
            }
        }
    }

    private static long run(Where[] all, long atLeast, Dissector dissector, Packet packet, TextPacketSink sink)
            throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < all.length; i++) {
                Where w = all[i];
                packet.wrap(w.segment(), w.offset(), w.capturedLength(), w.wireLength(),
                        (done + i) * NANOS_PER_PACKET, w.linkType(), 0, i + 1);
                dissector.dissect(packet);
                sink.accept(packet, dissector);
                if (i % BATCH == 0) {
                    sink.endOfBatch();
                }
            }
            done += all.length;
        }
        return done;
    }
}
