package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CaptureFiles#open} tells the format by the file's first four bytes before it reads anything else: a pcap
 * file is read through one window, a pcapng file is mapped without a byte of it read. What a thread read is its
 * {@code rchar} in {@code /proc/thread-self/io} (the bytes {@code read} and {@code pread} returned; a mapping's page
 * faults are not counted), measured on a second opening so that loading classes does not count.
 */
class CaptureFilesTest {
    private static final Path THREAD_IO = Path.of("/proc/thread-self/io");
    /** Packets of 1,500 bytes that make a file larger than the pcap window. */
    private static final int PACKETS = 2 * PcapFileSource.WINDOW_LENGTH / 1_500;
    /** Packets of the file shorter than a window. */
    private static final int SMALL_PACKETS = 10;
    /** Reads of this thread that are not the file's: its own reads of {@link #THREAD_IO}. */
    private static final long OTHER_READS = 4_096;

    @TempDir
    Path directory;

    @Test
    void shouldMapAPcapngFileHavingReadOnlyItsMagic() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader().interfaceDescription(1, 0);
        for (int i = 0; i < PACKETS; i++) {
            bytes.enhancedPacket(0, 1_000_000L * i, 1_500, 1_500, i);
        }
        Path file = bytes.writeTo(directory.resolve("large.pcapng"));
        assertTrue(Files.size(file) > PcapFileSource.WINDOW_LENGTH);

        assertOpensAs(PcapngFileSource.class, file, 0);
    }

    @Test
    void shouldReadAPcapFileThroughOneWindow() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(0xA1B2C3D4, 65_535, 1);
        for (int i = 0; i < PACKETS; i++) {
            bytes.pcapRecord(i, 0, 1_500, 1_500, i);
        }
        Path file = bytes.writeTo(directory.resolve("large.pcap"));

        assertOpensAs(PcapFileSource.class, file, PcapFileSource.WINDOW_LENGTH);
    }

    @Test
    void shouldReadAPcapFileShorterThanAWindowThroughAWindowOfItsOwnSize() throws IOException {
        Path file = smallPcap("small.pcap");

        try (PacketSource source = CaptureFiles.open(file)) {
            assertEquals(Files.size(file), ((PcapFileSource) source).file.byteSize());
            assertReadsSmallPcap(source);
        }
    }

    @Test
    void shouldReadAShortFileAsItWasWhenOpenedWhileAWriterAppendsToIt() throws IOException {
        Path file = smallPcap("growing.pcap");
        CaptureBytes appended = CaptureBytes.littleEndian();
        for (int i = 0; i < SMALL_PACKETS; i++) {
            appended.pcapRecord(SMALL_PACKETS + i, 0, 1_500, 1_500, i);
        }

        try (PacketSource source = CaptureFiles.open(file)) {
            Files.write(file, appended.toArray(), StandardOpenOption.APPEND);
            assertReadsSmallPcap(source);
        }
    }

    @Test
    void shouldGiveAWholeWindowToALargeFileAndToOneOfUnknownSize() {
        assertEquals(PcapFileSource.WINDOW_LENGTH, CaptureFiles.windowLength(PcapFileSource.WINDOW_LENGTH));
        assertEquals(PcapFileSource.WINDOW_LENGTH, CaptureFiles.windowLength(10L * PcapFileSource.WINDOW_LENGTH));
        assertEquals(PcapFileSource.WINDOW_LENGTH, CaptureFiles.windowLength(0));
        assertEquals(PcapFileSource.WINDOW_LENGTH - 1, CaptureFiles.windowLength(PcapFileSource.WINDOW_LENGTH - 1));
    }

    @Test
    void shouldRefuseAFileShorterThanAMagicNumber() throws IOException {
        Path file = Files.write(directory.resolve("short.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2});

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 0: file cut short: 3 bytes, expected at least a 4-byte magic number",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownMagicNumberWithoutReadingFurther() throws IOException {
        Path file = Files.write(directory.resolve("zeros.pcap"), new byte[PcapFileSource.WINDOW_LENGTH]);
        long before = threadReadBytes();

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertTrue(threadReadBytes() - before < OTHER_READS, "read past the magic");
        assertEquals(file + ": byte offset 0: unknown file format: first bytes 00000000, expected a pcap magic number"
                + " (a1b2c3d4 or a1b23c4d, in either byte order) or a pcapng section header block (0a0d0d0a)",
                e.getMessage());
    }

    /** A pcap file of {@link #SMALL_PACKETS} packets of 1,500 bytes, far shorter than a window. */
    private Path smallPcap(String name) throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().pcapHeader(0xA1B2C3D4, 65_535, 1);
        for (int i = 0; i < SMALL_PACKETS; i++) {
            bytes.pcapRecord(i, 0, 1_500, 1_500, i);
        }
        return bytes.writeTo(directory.resolve(name));
    }

    /** Reads {@code source} to its end: the packets of {@link #smallPcap}, no more, and no fault. */
    private static void assertReadsSmallPcap(PacketSource source) throws IOException {
        CaptureBytes.Reading reading = CaptureBytes.read(source);
        assertNull(reading.fault());
        assertEquals(SMALL_PACKETS, reading.packets().size());
    }

    /** Opens {@code file} twice; the second time reads {@code windowBytes} of it, give or take this thread's own. */
    private static void assertOpensAs(Class<? extends PacketSource> type, Path file, long windowBytes)
            throws IOException {
        try (PacketSource first = CaptureFiles.open(file)) {
            assertInstanceOf(type, first);
        }
        long before = threadReadBytes();
        try (PacketSource source = CaptureFiles.open(file)) {
            long read = threadReadBytes() - before;
            assertInstanceOf(type, source);
            assertTrue(read >= windowBytes && read < windowBytes + OTHER_READS,
                    "read " + read + " bytes opening " + file + ", expected " + windowBytes);
            CaptureBytes.Reading reading = CaptureBytes.read(source);
            assertNull(reading.fault());
            assertEquals(PACKETS, reading.packets().size());
        }
    }

    /** This thread's {@code rchar}. */
    private static long threadReadBytes() throws IOException {
        for (String line : Files.readAllLines(THREAD_IO)) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.substring("rchar:".length()).strip());
            }
        }
        throw new IOException(THREAD_IO + " has no rchar line");
    }
}
