package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileSourceTest {
    private static final int MICROSECONDS = 0xA1B2C3D4;
    private static final int NANOSECONDS = 0xA1B23C4D;

    @TempDir
    Path directory;

    @Test
    void shouldReadABigEndianNanosecondFile() throws IOException {
        CaptureBytes bytes = CaptureBytes.bigEndian()
                .pcapHeader(NANOSECONDS, 262_144, 113)        // SLL
                .pcapRecord(5, 123_456_789, 6, 60, 1);        // 5.123456789 s, 6 of 60 bytes

        try (PacketSource source = open(bytes, "be-nano.pcap")) {
            assertInstanceOf(PcapFileSource.class, source);
            assertTrue(source.nanosecondTimestamps());
            assertEquals(113, source.linkType());
            assertEquals(262_144, source.snapshotLength());
            assertNull(source.interfaceName(0));
            assertEquals(List.of("1 5123456789 6 60 0 113 1"), CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldScaleMicrosecondsToNanoseconds() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian()
                .pcapHeader(MICROSECONDS, 65_535, 1)
                .pcapRecord(0xFFFF_FFFFL, 999_999, 2, 2, 9);  // the last second of the unsigned 32-bit range

        try (PacketSource source = open(bytes, "usec.pcap")) {
            assertFalse(source.nanosecondTimestamps());
            assertEquals(List.of("1 4294967295999999000 2 2 0 1 9"), CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldMaskTheFcsBitsOfTheLinkType() throws IOException {
        // LinkType 1 with the F bit (0x04000000) and an FCS length of 4 (top four bits), section 4.1.
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 65_535, 0x4400_0001);

        try (PacketSource source = open(bytes, "fcs.pcap")) {
            assertEquals(1, source.linkType());
        }
    }

    @Test
    void shouldTreatASnapLengthOfZeroAsTheMaximum() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 0, 1);

        try (PacketSource source = open(bytes, "snaplen0.pcap")) {
            assertEquals(CaptureFiles.MAX_CAPTURED_LENGTH, source.snapshotLength());
        }
    }

    @Test
    void shouldNumberPacketsAcrossBatches() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 65_535, 1);
        for (int i = 1; i <= 5; i++) {
            bytes.pcapRecord(i, 0, i, 100, i * 10);
        }

        try (PacketSource source = open(bytes, "five.pcap")) {
            assertEquals(List.of("1 1000000000 1 100 0 1 10", "2 2000000000 2 100 0 1 20", "3 3000000000 3 100 0 1 30",
                    "4 4000000000 4 100 0 1 40", "5 5000000000 5 100 0 1 50"), CaptureBytes.read(source).packets());
            assertEquals(new SourceStatistics(5, 0, 0), source.statistics());
        }
    }

    @Test
    void shouldEndAtOnceOnAFileWithNoRecords() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 2_000, 1);

        try (PacketSource source = open(bytes, "empty.pcap")) {
            assertFalse(source.nextBatch(new PacketBatch()));
            assertEquals(new SourceStatistics(0, 0, 0), source.statistics());
        }
    }

    @Test
    void shouldReadStandardInputLargerThanItsFirstBuffer() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 65_535, 1);
        for (int i = 0; i < 300; i++) {
            bytes.pcapRecord(i, 0, 5_000, 5_000, i);          // 300 * 5016 bytes: more than the first 1 MiB
        }
        Path file = bytes.writeTo(directory.resolve("stdin.pcap"));
        CaptureBytes.Reading mapped;
        try (PacketSource source = CaptureFiles.open(file)) {
            mapped = CaptureBytes.read(source);
        }

        try (PacketSource source = CaptureFiles.open("-", Channels.newChannel(new ByteArrayInputStream(
                bytes.toArray())))) {
            assertEquals("-", source.name());
            assertEquals(mapped, CaptureBytes.read(source));
            assertEquals(300, mapped.packets().size());
        }
    }

    @Test
    void shouldReadAFileLargerThanItsWindowAsTheWholeFileInMemory() throws IOException {
        // Records of every size from 1 byte to the maximum, so that record headers and data cross the window's end
        // at many offsets, and a last record cut short: its fault must name the same file offset.
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(MICROSECONDS, 0, 1);
        for (int i = 0; i < 2_000; i++) {
            int length = i % 100 == 99 ? CaptureFiles.MAX_CAPTURED_LENGTH : 1 + i * 7 % 3_001;
            bytes.pcapRecord(i, 0, length, length, i);
        }
        byte[] whole = bytes.pcapRecord(0, 0, 1_000, 1_000, 0).toArray();
        byte[] cutShort = Arrays.copyOf(whole, whole.length - 10);
        assertTrue(cutShort.length > 4 * PcapFileSource.WINDOW_LENGTH);
        Path file = directory.resolve("large.pcap");
        Files.write(file, cutShort);
        CaptureBytes.Reading windowed;
        try (PacketSource source = CaptureFiles.open(file)) {
            windowed = CaptureBytes.read(source);
        }

        try (PacketSource source = CaptureFiles.open(file.toString(),
                Channels.newChannel(new ByteArrayInputStream(cutShort)))) {
            CaptureBytes.Reading inMemory = CaptureBytes.read(source);
            assertEquals(inMemory.packets(), windowed.packets());
            assertEquals(2_000, windowed.packets().size());
            assertEquals(inMemory.fault().getMessage(), windowed.fault().getMessage());
        }
    }

    private PacketSource open(CaptureBytes bytes, String name) throws IOException {
        return CaptureFiles.open(bytes.writeTo(directory.resolve(name)));
    }
}
