package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -w} with rotation as tcpdump names its files: by size ({@code -C}) FILE, FILE1, FILE2; a ring of
 * {@code -W} files FILE0 ... zero-padded; by packet time ({@code -G}) a strftime pattern per interval, with the
 * count after it when {@code -C} is given too; {@code -W} with {@code -G} alone ends after N files. Each file is
 * read back record by record.
 */
class RotatingPcapWriterTest {
    /** 2024-01-02T03:04:05Z. */
    private static final long SECOND = 1_704_164_645L;
    private static final long NANOS = 1_000_000_000L;
    /** An ARP frame of 18 bytes: a record of 16 + 18 bytes. */
    private static final byte[] FRAME = HexFormat.of().parseHex("ffffffffffff0011223344550806deadbeef");
    private static final int FILE_HEADER = 24;
    private static final int RECORD = 16 + FRAME.length;

    @TempDir
    Path dir;

    private final Packet packet = new Packet();

    @Test
    void shouldStartFileThenFile1AndFile2WhenTheNextRecordWouldPassTheSize() throws IOException {
        try (RotatingPcapWriter writer = open("cap.pcap", FILE_HEADER + 2 * RECORD, 0, 0, 0, null)) {
            for (int i = 0; i < 5; i++) {
                writer.accept(packet(SECOND + i), null);
            }
            assertEquals(3, writer.files());
            assertEquals(5, writer.packetsWritten());
        }
        assertEquals(List.of("cap.pcap", "cap.pcap1", "cap.pcap2"), names());
        assertEquals(List.of(SECOND, SECOND + 1), seconds("cap.pcap"));
        assertEquals(List.of(SECOND + 2, SECOND + 3), seconds("cap.pcap1"));
        assertEquals(List.of(SECOND + 4), seconds("cap.pcap2"));
        assertEquals(FILE_HEADER + 2 * RECORD, Files.size(dir.resolve("cap.pcap")), "exactly the size, not past it");
    }

    @Test
    void shouldWriteARecordLargerThanTheSizeAloneInItsOwnFile() throws IOException {
        try (RotatingPcapWriter writer = open("big.pcap", FILE_HEADER + 1, 0, 0, 0, null)) {
            writer.accept(packet(SECOND), null);
            writer.accept(packet(SECOND + 1), null);
        }
        assertEquals(List.of("big.pcap", "big.pcap1"), names());
        assertEquals(List.of(SECOND), seconds("big.pcap"));
        assertEquals(List.of(SECOND + 1), seconds("big.pcap1"));
    }

    @Test
    void shouldOverwriteTheOldestFileOfARingOfW() throws IOException {
        try (RotatingPcapWriter writer = open("ring.pcap", FILE_HEADER + RECORD, 0, 3, 0, null)) {
            for (int i = 0; i < 5; i++) {
                writer.accept(packet(SECOND + i), null);
            }
        }
        assertEquals(List.of("ring.pcap0", "ring.pcap1", "ring.pcap2"), names());
        assertEquals(List.of(SECOND + 3), seconds("ring.pcap0"), "the fourth file took the first one's place");
        assertEquals(List.of(SECOND + 4), seconds("ring.pcap1"));
        assertEquals(List.of(SECOND + 2), seconds("ring.pcap2"));
    }

    @Test
    void shouldPadTheRingCountToTheDigitsOfW() throws IOException {
        try (RotatingPcapWriter writer = open("ring.pcap", FILE_HEADER + RECORD, 0, 10, 0, null)) {
            writer.accept(packet(SECOND), null);
            writer.accept(packet(SECOND + 1), null);
        }
        assertEquals(List.of("ring.pcap00", "ring.pcap01"), names());
    }

    @Test
    void shouldNameEachIntervalByItsStartInPacketTime() throws IOException {
        try (RotatingPcapWriter writer = open("cap-%Y%m%d-%H%M%S.pcap", 0, 60, 0, 0, null)) {
            writer.accept(packet(SECOND), null);          // 03:04:05, interval 03:04:00
            writer.accept(packet(SECOND + 30), null);     // 03:04:35, same interval
            writer.accept(packet(SECOND + 61), null);     // 03:05:06
            writer.accept(packet(SECOND + 200), null);    // 03:07:25: the quiet 03:06 makes no file
        }
        assertEquals(List.of("cap-20240102-030400.pcap", "cap-20240102-030500.pcap", "cap-20240102-030700.pcap"),
                names());
        assertEquals(List.of(SECOND, SECOND + 30), seconds("cap-20240102-030400.pcap"));
    }

    @Test
    void shouldExpandThePatternInTheGivenZone() throws IOException {
        try (RotatingPcapWriter writer = RotatingPcapWriter.open(dir.resolve("%H%M.pcap"), 0, 60, LinkType.ETHERNET,
                65_535, false, ZoneId.of("Asia/Kolkata"), "nobody")) {
            writer.accept(packet(SECOND), null);
        }
        assertEquals(List.of("0834.pcap"), names(), "03:04 UTC is 08:34 at +05:30");
    }

    @Test
    void shouldAppendTheCountWithinAnIntervalWhenRotatingBySizeToo() throws IOException {
        try (RotatingPcapWriter writer = open("cap-%H%M.pcap", FILE_HEADER + RECORD, 60, 0, 0, null)) {
            writer.accept(packet(SECOND), null);
            writer.accept(packet(SECOND + 1), null);
            writer.accept(packet(SECOND + 60), null);
        }
        assertEquals(List.of("cap-0304.pcap", "cap-0304.pcap1", "cap-0305.pcap"), names());
    }

    @Test
    void shouldEndAfterWFilesByTimeAndWriteNothingAfter() throws IOException {
        List<String> ended = new ArrayList<>();
        try (RotatingPcapWriter writer = open("cap-%H%M.pcap", 0, 60, 0, 2, () -> ended.add("limit"))) {
            writer.accept(packet(SECOND), null);
            writer.accept(packet(SECOND + 60), null);
            assertFalse(writer.fileLimitReached());
            writer.accept(packet(SECOND + 120), null);
            writer.accept(packet(SECOND + 180), null);
            assertTrue(writer.fileLimitReached());
            assertEquals(2, writer.packetsWritten());
            assertEquals(2, writer.packetsPastFileLimit());
        }
        assertEquals(List.of("limit"), ended, "the capture is ended once");
        assertEquals(List.of("cap-0304.pcap", "cap-0305.pcap"), names());
    }

    @Test
    void shouldSkipPacketsOfAnotherLinkTypeAndCreateNoFileForThem() throws IOException {
        try (RotatingPcapWriter writer = open("cap.pcap", 0, 0, 0, 0, null)) {
            writer.accept(packet.wrap(MemorySegment.ofArray(FRAME), 0, FRAME.length, FRAME.length, SECOND * NANOS,
                    LinkType.LINUX_SLL, 0, 1), null);
            assertEquals(1, writer.packetsSkipped());
            assertEquals(0, writer.files());
        }
        assertEquals(List.of(), names());
    }

    @Test
    void shouldSayWhichUserCannotCreateTheFileWhenTheDirectoryIsGone() throws IOException {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (RotatingPcapWriter writer = RotatingPcapWriter.open(gone.resolve("cap.pcap"), 0, 0, LinkType.ETHERNET,
                65_535, false, ZoneOffset.UTC, "nobody")) {
            Files.delete(gone);
            IOException e = assertThrows(IOException.class,
                    () -> writer.accept(packet(SECOND), null));
            assertTrue(e.getMessage().startsWith("cannot create " + gone.resolve("cap.pcap")), e.getMessage());
        }
    }

    private RotatingPcapWriter open(String pattern, long maxBytes, long rotateSeconds, int ringFiles, int fileLimit,
            Runnable onFileLimit) throws IOException {
        return RotatingPcapWriter.open(dir.resolve(pattern), maxBytes, rotateSeconds, LinkType.ETHERNET, 65_535, false,
                ZoneOffset.UTC, "nobody", ringFiles, fileLimit, onFileLimit);
    }

    private Packet packet(long second) {
        return packet.wrap(MemorySegment.ofArray(FRAME), 0, FRAME.length, FRAME.length, second * NANOS,
                LinkType.ETHERNET, 0, 1);
    }

    /** The files in the directory, sorted by name. */
    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The seconds of each record of a pcap file, after checking its header and that it ends on a whole record. */
    private List<Long> seconds(String name) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).order(ByteOrder.nativeOrder());
        assertEquals(0xA1B2C3D4, file.getInt(0), "microsecond magic");
        assertEquals(LinkType.ETHERNET, file.getInt(20), "link type");
        List<Long> seconds = new ArrayList<>();
        int at = FILE_HEADER;
        while (at < file.limit()) {
            seconds.add(Integer.toUnsignedLong(file.getInt(at)));
            at += 16 + file.getInt(at + 8);
        }
        assertEquals(file.limit(), at, "whole records");
        return seconds;
    }
}
