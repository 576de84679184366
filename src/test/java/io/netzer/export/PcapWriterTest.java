package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    /** 2024-01-02T03:04:05.123456789Z. */
    private static final long TIMESTAMP = 1_704_164_645_123_456_789L;
    private static final byte[] FRAME = HexFormat.of().parseHex("ffffffffffff0011223344550806deadbeef");

    private final Packet packet = new Packet();

    @Test
    void shouldWriteAMicrosecondFileHeaderAndRecord() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, 65_535, false)) {
            assertTrue(writer.write(ethernet(FRAME.length, 60)));
        }

        ByteBuffer expected = ByteBuffer.allocate(24 + 16 + FRAME.length).order(ByteOrder.nativeOrder());
        expected.putInt(0xA1B2C3D4);          // magic: microseconds, host order
        expected.putShort((short) 2);         // major version
        expected.putShort((short) 4);         // minor version
        expected.putInt(0);                   // reserved1 (thiszone)
        expected.putInt(0);                   // reserved2 (sigfigs)
        expected.putInt(65_535);              // snaplen
        expected.putInt(1);                   // link type: Ethernet
        expected.putInt(1_704_164_645);       // seconds
        expected.putInt(123_456);             // microseconds, truncated as libpcap does
        expected.putInt(FRAME.length);        // captured length
        expected.putInt(60);                  // wire length
        expected.put(FRAME);
        assertArrayEquals(expected.array(), out.toByteArray());
    }

    @Test
    void shouldKeepNanosecondsWithTheNanosecondMagic() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, 262_144, true)) {
            writer.write(ethernet(FRAME.length, FRAME.length));
        }

        ByteBuffer file = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.nativeOrder());
        assertEquals(0xA1B23C4D, file.getInt(0));
        assertEquals(1_704_164_645, file.getInt(24));
        assertEquals(123_456_789, file.getInt(28));
    }

    @Test
    void shouldSkipAndCountPacketsOfAnotherLinkType() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, 262_144, false)) {
            assertTrue(writer.write(ethernet(FRAME.length, FRAME.length)));
            MemorySegment memory = MemorySegment.ofArray(FRAME);
            assertFalse(writer.write(packet.wrap(memory, 0, 4, 4, TIMESTAMP, LinkType.LINUX_SLL, 1, 2)));

            assertEquals(1, writer.packetsWritten());
            assertEquals(1, writer.packetsSkipped());
        }
        assertEquals(24 + 16 + FRAME.length, out.size());
    }

    @Test
    void shouldWriteEveryRecordWhenTheBufferFillsManyTimes(@TempDir Path directory) throws IOException {
        byte[] big = new byte[9_000];
        MemorySegment memory = MemorySegment.ofArray(big);
        Path file = directory.resolve("big.pcap");
        int packets = 500;
        try (PcapWriter writer = PcapWriter.open(file, LinkType.ETHERNET, 262_144, false)) {
            for (int i = 0; i < packets; i++) {
                big[0] = (byte) i;
                writer.write(packet.wrap(memory, 0, big.length, big.length, TIMESTAMP + i * 1_000L,
                        LinkType.ETHERNET, 0, i + 1));
            }
            assertEquals(24 + packets * (16L + big.length), writer.fileSize());
        }

        byte[] written = Files.readAllBytes(file);
        assertEquals(24 + packets * (16 + big.length), written.length);
        ByteBuffer last = ByteBuffer.wrap(written).order(ByteOrder.nativeOrder());
        int lastRecord = 24 + (packets - 1) * (16 + big.length);
        assertEquals(123_456 + packets - 1, last.getInt(lastRecord + 4));
        assertEquals((byte) (packets - 1), written[lastRecord + 16]);
    }

    @Test
    void shouldIgnoreASecondClose() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter writer = new PcapWriter(out, LinkType.RAW, 1_500, false);
        writer.close();
        writer.close();

        assertEquals(24, out.size());
    }

    private Packet ethernet(int capturedLength, int wireLength) {
        return packet.wrap(MemorySegment.ofArray(FRAME), 0, capturedLength, wireLength, TIMESTAMP, LinkType.ETHERNET,
                0, 1);
    }
}
