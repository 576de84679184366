package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reading packets allocates nothing: after warm-up, walking a corpus file through nextBatch and
 * {@link PacketBatch#packet(int, Packet)} about a million times costs less than a byte per packet. The sources are
 * opened before the measurement, since opening (mapping, headers, interfaces) is not per packet. The pcapng file
 * describes its second interface after its first packets: that one object per pass is the only allocation left.
 */
class CaptureFileAllocationTest {
    private static final long MEASURED_PACKETS = 1_000_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final PacketBatch batch = new PacketBatch();
    private final Packet packet = new Packet();
    private long checksum;

    @Test
    void shouldNotAllocateWhileReadingAPcapFile() throws IOException {
        assertLessThanAByteAPacket(Corpus.pcaps().resolve("pcpp-many-protocols.pcap"));
    }

    @Test
    void shouldNotAllocateWhileReadingAPcapngFile() throws IOException {
        assertLessThanAByteAPacket(Corpus.pcaps().resolve("pcpp-pcapng-example.pcapng"));
    }

    private void assertLessThanAByteAPacket(Path file) throws IOException {
        long packetsPerPass = readAll(file, 1);
        int passes = (int) Math.max(1, MEASURED_PACKETS / packetsPerPass);
        readAll(file, Math.min(passes, 200));

        PacketSource[] sources = new PacketSource[passes];
        for (int i = 0; i < passes; i++) {
            sources[i] = CaptureFiles.open(file);
        }
        long packets = 0;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (PacketSource source : sources) {
            packets += drain(source);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        for (PacketSource source : sources) {
            source.close();
        }

        assertTrue(allocated < packets, allocated + " bytes allocated for " + packets + " packets (checksum "
                + checksum + ")");
    }

    /** Reads the file {@code passes} times, opening it each time, for warm-up; returns the packets of one pass. */
    private long readAll(Path file, int passes) throws IOException {
        long packets = 0;
        for (int i = 0; i < passes; i++) {
            try (PacketSource source = CaptureFiles.open(file)) {
                packets = drain(source);
            }
        }
        return packets;
    }

    private long drain(PacketSource source) throws IOException {
        long packets = 0;
        while (source.nextBatch(batch)) {
            for (int i = 0; i < batch.count(); i++) {
                batch.packet(i, packet);
                checksum += packet.capturedLength() + packet.timestampNanos() + packet.interfaceIndex();
                packets++;
            }
        }
        return packets;
    }
}
