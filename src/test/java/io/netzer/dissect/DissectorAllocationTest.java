package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.testing.Corpus;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dissecting allocates nothing (DESIGN.md, rules of the hot path): after warm-up, a million packets or more cost
 * less than one byte each in the current thread's allocation counter. Measured over hand-built frames that reach
 * every layer and every fault, and over every packet of the shared corpus, read in place from the mapped files.
 */
class DissectorAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final long WARM_UP_PACKETS = 300_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Dissector dissector = new Dissector();
    private final Packet packet = new Packet();
    private long checksum;

    /** Where each packet lies: parallel arrays, filled once before the measurement. */
    private static final class Packets {
        MemorySegment[] segments = new MemorySegment[256];
        long[] offsets = new long[256];
        int[] capturedLengths = new int[256];
        int[] wireLengths = new int[256];
        int[] linkTypes = new int[256];
        int count;

        void add(MemorySegment segment, long offset, int capturedLength, int wireLength, int linkType) {
            if (count == segments.length) {
                int capacity = count * 2;
                segments = Arrays.copyOf(segments, capacity);
                offsets = Arrays.copyOf(offsets, capacity);
                capturedLengths = Arrays.copyOf(capturedLengths, capacity);
                wireLengths = Arrays.copyOf(wireLengths, capacity);
                linkTypes = Arrays.copyOf(linkTypes, capacity);
            }
            segments[count] = segment;
            offsets[count] = offset;
            capturedLengths[count] = capturedLength;
            wireLengths[count] = wireLength;
            linkTypes[count] = linkType;
            count++;
        }

        void add(int linkType, byte[] frame) {
            add(MemorySegment.ofArray(frame), 0, frame.length, frame.length, linkType);
        }
    }

    @Test
    void shouldNotAllocateWhileDissectingHandBuiltFramesOfEveryLayerAndFault() {
        Packets packets = new Packets();
        for (Frames.Frame frame : Frames.valid()) {
            packets.add(frame.linkType(), frame.bytes());
        }
        DissectorMalformedTest.cases().forEach(c -> packets.add(c.linkType(), c.frame()));

        assertLessThanAByteAPacket(packets);
        assertTrue(dissector.errors(DecodeStatus.TOO_MANY_IPV6_EXTENSIONS) > 0, "fault paths were measured too");
    }

    @Test
    void shouldNotAllocateWhileDissectingEveryPacketOfTheCorpus() throws IOException {
        List<Path> files = Corpus.readableFiles();
        List<PacketSource> sources = new ArrayList<>();
        try {
            Packets packets = new Packets();
            PacketBatch batch = new PacketBatch();
            for (Path file : files) {
                PacketSource source = CaptureFiles.open(file);
                sources.add(source);
                load(source, batch, packets);
            }
            assertTrue(packets.count > 1000, "the corpus holds packets: " + packets.count);

            assertLessThanAByteAPacket(packets);
        } finally {
            for (PacketSource source : sources) {
                source.close();
            }
        }
    }

    /** Notes where each packet of a source lies; the mapping stays valid until the source closes. */
    private void load(PacketSource source, PacketBatch batch, Packets packets) throws IOException {
        try {
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    packets.add(packet.segment(), packet.offset(), packet.capturedLength(), (int) packet.wireLength(),
                            packet.linkType());
                }
            }
        } catch (CaptureFileException e) {
            // A file cut short delivers its good packets first; those are the ones measured.
        }
    }

    private void assertLessThanAByteAPacket(Packets packets) {
        long warmedUp = dissectAll(packets, WARM_UP_PACKETS);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long dissected = dissectAll(packets, MEASURED_PACKETS);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertTrue(dissected >= MEASURED_PACKETS);
        assertTrue(allocated < dissected, allocated + " bytes allocated for " + dissected + " packets (checksum "
                + checksum + ")");
        assertEquals(warmedUp + dissected, dissector.packets());
    }

    /** Dissects the packets over and over, whole passes, until at least {@code atLeast} were done. */
    private long dissectAll(Packets packets, long atLeast) {
        long done = 0;
        while (done < atLeast) {
            for (int i = 0; i < packets.count; i++) {
                packet.wrap(packets.segments[i], packets.offsets[i], packets.capturedLengths[i],
                        packets.wireLengths[i], 0, packets.linkTypes[i], 0, i + 1);
                checksum += dissector.dissect(packet) + dissector.layers() + dissector.payloadLength()
                        + dissector.faultOffset() + dissector.faultRequiredLength() + dissector.faultActualLength();
            }
            done += packets.count;
        }
        return done;
    }
}
