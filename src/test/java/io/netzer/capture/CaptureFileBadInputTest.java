package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One case per way a capture file can be bad: the good packets before the fault are delivered, then one line names
 * the file, the byte offset, what was found and what was expected. Batches hold two packets, so the third good
 * packet shares its batch with the fault and must still come out before it.
 */
class CaptureFileBadInputTest {
    private static final int MICROSECONDS = 0xA1B2C3D4;
    /** 24-byte file header, then three 20-byte records. */
    private static final int AFTER_THREE_RECORDS = 24 + 3 * 20;
    /** 28-byte SHB, 20-byte IDB, then three 36-byte EPBs. */
    private static final int AFTER_THREE_BLOCKS = 28 + 20 + 3 * 36;
    private static final List<String> THREE_RECORDS = List.of("1 1000000000 4 4 0 1 16", "2 2000000000 4 4 0 1 32",
            "3 3000000000 4 4 0 1 48");
    private static final List<String> THREE_BLOCKS = THREE_RECORDS;

    @TempDir
    Path directory;

    @Test
    void shouldNameAMissingFile() {
        Path missing = directory.resolve("missing.pcap");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(missing));

        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void shouldRefuseADirectory() {
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(directory));

        assertEquals(directory + ": is a directory, expected a capture file", e.getMessage());
    }

    @Test
    void shouldNameAnUnreadableFile() throws IOException {
        Path file = pcapWithThreeRecords().writeTo(directory.resolve("secret.pcap"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root, who reads any file: case skipped");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": permission denied", e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyFile() throws IOException {
        Path file = Files.write(directory.resolve("empty.pcap"), new byte[0]);

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 0: file cut short: 0 bytes, expected at least a 4-byte magic number",
                e.getMessage());
    }

    @Test
    void shouldRefuseAWrongMagicNumber() throws IOException {
        Path file = Files.writeString(directory.resolve("text.pcap"), "hello, world\n");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 0: unknown file format: first bytes 68656c6c, expected a pcap magic number"
                + " (a1b2c3d4 or a1b23c4d, in either byte order) or a pcapng section header block (0a0d0d0a)",
                e.getMessage());
    }

    @Test
    void shouldRefuseAPcapFileHeaderCutShort() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian()
                .u32(MICROSECONDS)      // magic number
                .u16(2)                 // major version
                .u16(4);                // minor version, then nothing
        Path file = bytes.writeTo(directory.resolve("header.pcap"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 0: file header cut short: 8 bytes, expected 24", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnsupportedPcapVersion() throws IOException {
        CaptureBytes bytes = CaptureBytes.bigEndian()
                .u32(MICROSECONDS)      // magic number
                .u16(3)                 // major version: unknown
                .u16(0)                 // minor version
                .u32(0).u32(0)          // reserved1, reserved2
                .u32(65_535)            // SnapLen
                .u32(1);                // LinkType
        Path file = bytes.writeTo(directory.resolve("version.pcap"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 4: unsupported pcap version 3.0, expected 2.4", e.getMessage());
    }

    @Test
    void shouldDeliverThePacketsBeforeARecordHeaderCutShort() throws IOException {
        CaptureBytes bytes = pcapWithThreeRecords()
                .u32(4)                 // timestamp seconds
                .u8(0).u8(0).u8(0);     // three bytes of the microseconds, then the file ends

        assertFault(bytes, "cut-header.pcap", THREE_RECORDS,
                "byte offset 84: record header cut short: 7 bytes, expected 16");
    }

    @Test
    void shouldDeliverThePacketsBeforeARecordCutInTheMiddle() throws IOException {
        CaptureBytes bytes = pcapWithThreeRecords()
                .u32(4).u32(0)          // timestamp
                .u32(100)               // captured length
                .u32(100)               // original length
                .data(0, 10);           // 10 of the 100 bytes, then the file ends

        assertFault(bytes, "cut-data.pcap", THREE_RECORDS,
                "byte offset 84: record data cut short: 10 bytes, expected the captured length 100");
    }

    @Test
    void shouldDeliverThePacketsBeforeARecordOverTheMaximum() throws IOException {
        CaptureBytes bytes = pcapWithThreeRecords()
                .u32(4).u32(0)          // timestamp
                .u32(300_000)           // captured length: over 256 KiB
                .u32(300_000)           // original length
                .data(0, 64);           // some bytes, not the 300000

        assertFault(bytes, "huge.pcap", THREE_RECORDS,
                "byte offset 84: record captured length 300000 exceeds the maximum 262144 (snapshot length 65535)");
    }

    @Test
    void shouldAcceptACapturedLengthOverTheSnapshotLengthAsLibpcapDoes() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian()
                .pcapHeader(MICROSECONDS, 64, 1)              // SnapLen 64
                .pcapRecord(1, 0, 1_000, 1_000, 7);           // 1000 bytes captured all the same

        Path file = bytes.writeTo(directory.resolve("over-snaplen.pcap"));
        try (PacketSource source = CaptureFiles.open(file)) {
            CaptureBytes.Reading reading = CaptureBytes.read(source);

            assertEquals(List.of("1 1000000000 1000 1000 0 1 7"), reading.packets());
            assertEquals(null, reading.fault());
        }
    }

    @Test
    void shouldKeepThrowingTheSameFaultInsteadOfLooping() throws IOException {
        Path file = pcapWithThreeRecords().u8(1).writeTo(directory.resolve("again.pcap"));
        try (PacketSource source = CaptureFiles.open(file)) {
            CaptureFileException first = CaptureBytes.read(source).fault();

            CaptureFileException second = assertThrows(CaptureFileException.class,
                    () -> source.nextBatch(new PacketBatch()));

            assertSame(first, second);
        }
    }

    @Test
    void shouldRefuseASectionHeaderWithABadByteOrderMagic() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian()
                .u32(0x0A0D0D0A)        // block type: SHB
                .u32(28)                // block total length
                .u32(0x12345678)        // byte-order magic: wrong
                .u16(1).u16(0)          // version 1.0
                .u64(-1)                // section length
                .u32(28);               // block total length
        Path file = bytes.writeTo(directory.resolve("magic.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 8: section header byte-order magic 0x12345678, expected 0x1a2b3c4d in"
                + " either byte order", e.getMessage());
    }

    @Test
    void shouldRefuseASectionHeaderWhoseTrailerDisagrees() throws IOException {
        CaptureBytes bytes = CaptureBytes.bigEndian()
                .u32(0x0A0D0D0A)        // block type: SHB
                .u32(28)                // block total length
                .u32(0x1A2B3C4D)        // byte-order magic: big-endian
                .u16(1).u16(0)          // version 1.0
                .u64(-1)                // section length
                .u32(32);               // block total length: disagrees
        Path file = bytes.writeTo(directory.resolve("trailer.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 24: section header block trailing total length 32 does not match the"
                + " leading total length 28", e.getMessage());
    }

    @Test
    void shouldRefuseAnUnsupportedPcapngVersion() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian()
                .u32(0x0A0D0D0A)        // block type: SHB
                .u32(28)                // block total length
                .u32(0x1A2B3C4D)        // byte-order magic
                .u16(2).u16(0)          // version 2.0: unknown
                .u64(-1)                // section length
                .u32(28);               // block total length
        Path file = bytes.writeTo(directory.resolve("version.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 12: unsupported pcapng version 2.0, expected 1.0 or 1.2", e.getMessage());
    }

    @Test
    void shouldRefuseAnInterfaceOptionThatOverrunsItsBlock() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .u32(1)                 // block type: IDB
                .u32(28)                // block total length
                .u16(1).u16(0)          // LinkType Ethernet, reserved
                .u32(0)                 // SnapLen
                .u16(2).u16(100)        // option if_name, length 100: the block has 4 bytes left for it
                .u32(0x65746830)        // "eth0"
                .u32(28);               // block total length
        Path file = bytes.writeTo(directory.resolve("option.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 44: option 2 length 100 overruns the block: 4 bytes left", e.getMessage());
    }

    @Test
    void shouldRefuseATimestampResolutionBeyondTenToTheMinus19() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .u32(1)                 // block type: IDB
                .u32(32)                // block total length
                .u16(1).u16(0)          // LinkType Ethernet, reserved
                .u32(0)                 // SnapLen
                .u16(9).u16(1)          // option if_tsresol, length 1
                .u8(20).u8(0).u16(0)    // 10^-20, padding
                .u16(0).u16(0)          // opt_endofopt
                .u32(32);               // block total length
        Path file = bytes.writeTo(directory.resolve("resolution.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 44: if_tsresol 10^-20 is finer than the finest supported, 10^-19",
                e.getMessage());
    }

    @Test
    void shouldRefuseAPacketBeforeAnyInterface() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader().enhancedPacket(0, 1, 4, 4, 0);
        Path file = bytes.writeTo(directory.resolve("no-interface.pcapng"));

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 28: no Interface Description Block before the first packet block or the"
                + " end of file", e.getMessage());
    }

    @Test
    void shouldDeliverThePacketsBeforeABlockLengthNotAMultipleOfFour() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u32(37)                // block total length: not a multiple of 4
                .u32(0).u32(0);         // the start of a body

        assertFault(bytes, "odd.pcapng", THREE_BLOCKS, "byte offset 156: block total length 37 is not a multiple of 4");
    }

    @Test
    void shouldDeliverThePacketsBeforeABlockThatOverrunsTheFile() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u32(1000)              // block total length: beyond the end of the file
                .u32(0).u32(0);         // the start of a body

        assertFault(bytes, "overrun.pcapng", THREE_BLOCKS,
                "byte offset 156: block total length 1000 overruns the file: 16 bytes remain");
    }

    @Test
    void shouldDeliverThePacketsBeforeABlockHeaderCutShort() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u8(36);                // one byte of the length, then the file ends

        assertFault(bytes, "cut.pcapng", THREE_BLOCKS,
                "byte offset 156: block header cut short: 5 bytes, expected at least 12");
    }

    @Test
    void shouldDeliverThePacketsBeforeABlockWhoseTrailerDisagrees() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u32(36)                // block total length
                .u32(0)                 // interface ID
                .u32(0).u32(4_000_000)  // timestamp
                .u32(4).u32(4)          // captured and original length
                .data(64, 4)            // packet data
                .u32(40);               // block total length: disagrees

        assertFault(bytes, "trailer.pcapng", THREE_BLOCKS,
                "byte offset 188: block trailing total length 40 does not match the leading total length 36");
    }

    @Test
    void shouldDeliverThePacketsBeforeAnEnhancedPacketThatOverrunsItsBlock() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u32(36)                // block total length: room for 4 bytes of data
                .u32(0)                 // interface ID
                .u32(0).u32(4_000_000)  // timestamp
                .u32(100).u32(100)      // captured and original length: 100
                .data(64, 4)            // packet data
                .u32(36);               // block total length

        assertFault(bytes, "caplen.pcapng", THREE_BLOCKS,
                "byte offset 156: enhanced packet block captured length 100 overruns the block: 4 bytes of packet"
                        + " data");
    }

    @Test
    void shouldDeliverThePacketsBeforeAnEnhancedPacketOverTheMaximum() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets()
                .u32(6)                 // block type: EPB
                .u32(36)                // block total length
                .u32(0)                 // interface ID
                .u32(0).u32(4_000_000)  // timestamp
                .u32(300_000)           // captured length: over 256 KiB
                .u32(300_000)           // original length
                .data(64, 4)            // packet data
                .u32(36);               // block total length

        assertFault(bytes, "huge.pcapng", THREE_BLOCKS,
                "byte offset 156: enhanced packet block captured length 300000 exceeds the maximum 262144");
    }

    @Test
    void shouldDeliverThePacketsBeforeAPacketOnAnUndescribedInterface() throws IOException {
        CaptureBytes bytes = pcapngWithThreePackets().enhancedPacket(3, 4_000_000, 4, 4, 64);

        assertFault(bytes, "interface.pcapng", THREE_BLOCKS,
                "byte offset 156: enhanced packet block on interface 3, but the section has 1 interface description"
                        + " blocks");
    }

    private void assertFault(CaptureBytes bytes, String fileName, List<String> goodPackets, String fault)
            throws IOException {
        Path file = bytes.writeTo(directory.resolve(fileName));
        try (PacketSource source = CaptureFiles.open(file)) {
            CaptureBytes.Reading reading = CaptureBytes.read(source);

            assertEquals(goodPackets, reading.packets());
            assertEquals(file + ": " + fault, reading.fault() == null ? null : reading.fault().getMessage());
            assertEquals(goodPackets.size(), source.statistics().received());
        }
    }

    /** A little-endian microsecond pcap file with three 4-byte Ethernet records, 1, 2 and 3 s after the epoch. */
    private static CaptureBytes pcapWithThreeRecords() {
        return CaptureBytes.littleEndian()
                .pcapHeader(MICROSECONDS, 65_535, 1)
                .pcapRecord(1, 0, 4, 4, 16)
                .pcapRecord(2, 0, 4, 4, 32)
                .pcapRecord(3, 0, 4, 4, 48);
    }

    /** A little-endian pcapng file: SHB, one Ethernet IDB (microseconds), three 4-byte EPBs at 1, 2 and 3 s. */
    private static CaptureBytes pcapngWithThreePackets() {
        return CaptureBytes.littleEndian().sectionHeader()
                .interfaceDescription(1, 0)
                .enhancedPacket(0, 1_000_000, 4, 4, 16)
                .enhancedPacket(0, 2_000_000, 4, 4, 32)
                .enhancedPacket(0, 3_000_000, 4, 4, 48);
    }
}
