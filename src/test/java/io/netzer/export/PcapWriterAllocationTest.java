package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.CorpusPackets;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * {@code -w}'s writer allocates nothing per packet (DESIGN.md, rules of the hot path) over a million packets of the
 * shared corpus, written through a real file channel: the Ethernet packets as records (the buffer going to the
 * kernel each time it fills), the others skipped and counted. /dev/null takes the bytes, so that the test does not
 * fill the disk of a machine others build on.
 */
class PcapWriterAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerPacketWrittenOrSkipped() throws Exception {
        try (CorpusPackets corpus = CorpusPackets.load();
                FileChannel devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
                PcapWriter writer = new PcapWriter(devNull, "/dev/null", LinkType.ETHERNET, 262_144, true)) {
            Packet packet = new Packet();
            long warm = run(corpus, 300_000, packet, writer);
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long measured = run(corpus, MEASURED_PACKETS, packet, writer);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < MEASURED_PACKETS, allocated + " bytes allocated over " + measured + " packets");
            assertEquals(warm + measured, writer.packetsWritten() + writer.packetsSkipped(), "every packet counted");
            assertTrue(writer.packetsWritten() > measured / 2 && writer.packetsSkipped() > 0,
                    "records written and packets of other link types skipped: " + writer.packetsWritten() + ", "
                            + writer.packetsSkipped());
            assertTrue(writer.fileSize() > 2L * PcapWriter.DEFAULT_BUFFER_SIZE, "the buffer went out many times");
        }
    }

    /** Writes the corpus over and over until at least {@code atLeast} packets went by; returns how many did. */
    private static long run(CorpusPackets corpus, long atLeast, Packet packet, PcapWriter writer) throws Exception {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < corpus.count(); i++) {
                corpus.wrap(packet, i, 1_500_000_000_123_456_789L + i, i + 1);
                writer.accept(packet, null);
            }
            done += corpus.count();
        }
        return done;
    }
}
