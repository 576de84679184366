package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngFileSourceTest {
    @TempDir
    Path directory;

    @Test
    void shouldReadABigEndianInterfaceWithNameResolutionAndOffset() throws IOException {
        CaptureBytes bytes = CaptureBytes.bigEndian().sectionHeader()
                .u32(1)                     // block type: IDB
                .u32(52)                    // block total length: 16 + 32 of options + 4
                .u16(1).u16(0)              // LinkType Ethernet, reserved
                .u32(1_500)                 // SnapLen
                .u16(2).u16(4)              // if_name, 4 bytes
                .u32(0x65746830)            // "eth0"
                .u16(9).u16(1)              // if_tsresol, 1 byte
                .u8(9).u8(0).u16(0)         // 10^-9, padding
                .u16(14).u16(8)             // if_tsoffset, 8 bytes
                .u64(100)                   // 100 s
                .u16(0).u16(0)              // opt_endofopt
                .u32(52)                    // block total length
                .enhancedPacket(0, 1_500_000_001L, 4, 80, 7);

        try (PacketSource source = open(bytes, "be.pcapng")) {
            assertInstanceOf(PcapngFileSource.class, source);
            assertTrue(source.nanosecondTimestamps());
            assertEquals(1, source.linkType());
            assertEquals(1_500, source.snapshotLength());
            assertEquals("eth0", source.interfaceName(0));
            assertNull(source.interfaceName(1));
            // 1.500000001 s in nanoseconds, plus the 100 s offset.
            assertEquals(List.of("1 101500000001 4 80 0 1 7"), CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldConvertPowerOfTwoResolutions() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader();
        interfaceWithResolution(bytes, 0x80 | 10);          // 2^-10 s
        interfaceWithResolution(bytes, 0x80 | 63);          // 2^-63 s: the fraction needs a 128-bit product
        bytes.enhancedPacket(0, 5 * 1024 + 512, 4, 4, 1)    // 5.5 s
                .enhancedPacket(1, 1L << 62, 4, 4, 2);      // 0.5 s

        try (PacketSource source = open(bytes, "binary.pcapng")) {
            assertTrue(source.nanosecondTimestamps());
            assertEquals(List.of("1 5500000000 4 4 0 1 1", "2 500000000 4 4 1 1 2"),
                    CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldKeepMicrosecondsWhenNoInterfaceIsFiner() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader();
        interfaceWithResolution(bytes, 0x80 | 19);          // 2^-19 s: coarser than a microsecond
        bytes.interfaceDescription(1, 0);                   // default: microseconds

        try (PacketSource source = open(bytes, "micro.pcapng")) {
            assertFalse(source.nanosecondTimestamps());
            assertEquals(CaptureFiles.MAX_CAPTURED_LENGTH, source.snapshotLength());
        }
    }

    @Test
    void shouldNumberInterfacesAcrossSectionsOfEitherByteOrder() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .interfaceDescription(1, 0)                 // interface 0: Ethernet
                .enhancedPacket(0, 1_000_000, 4, 4, 1)
                .order(ByteOrder.BIG_ENDIAN).sectionHeader()
                .interfaceDescription(113, 0)               // the second section's interface 0: SLL
                .enhancedPacket(0, 2_000_000, 4, 4, 2);

        try (PacketSource source = open(bytes, "sections.pcapng")) {
            assertEquals(1, source.linkType());
            assertEquals(List.of("1 1000000000 4 4 0 1 1", "2 2000000000 4 4 1 113 2"),
                    CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldCutSimplePacketsToTheSnapLengthWithNoTimestamp() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .interfaceDescription(1, 8)                 // SnapLen 8
                .u32(3)                                     // block type: SPB
                .u32(24)                                    // block total length: 12 + 8 + 4
                .u32(20)                                    // original packet length
                .data(5, 8)                                 // the first 8 bytes
                .u32(24)                                    // block total length
                .u32(3)                                     // block type: SPB
                .u32(20)                                    // block total length: 12 + 4 + 4
                .u32(3)                                     // original packet length
                .data(6, 3).u8(0)                           // 3 bytes and padding
                .u32(20);                                   // block total length

        try (PacketSource source = open(bytes, "simple.pcapng")) {
            assertEquals(List.of("1 0 8 20 0 1 5", "2 0 3 3 0 1 6"), CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldReadObsoletePacketBlocks() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .interfaceDescription(1, 0)
                .u32(2)                                     // block type: Packet Block (obsolete)
                .u32(36)                                    // block total length: 32 + 4
                .u16(0).u16(0)                              // interface ID, drops count
                .u32(0).u32(7_000_001)                      // timestamp: 7.000001 s
                .u32(4).u32(64)                             // captured and original length
                .data(3, 4)                                 // packet data
                .u32(36);                                   // block total length

        try (PacketSource source = open(bytes, "pb.pcapng")) {
            assertEquals(List.of("1 7000001000 4 64 0 1 3"), CaptureBytes.read(source).packets());
        }
    }

    @Test
    void shouldSkipBlocksThatHoldNoPackets() throws IOException {
        CaptureBytes bytes = CaptureBytes.littleEndian().sectionHeader()
                .interfaceDescription(1, 0)
                .enhancedPacket(0, 1_000_000, 4, 4, 1);
        for (int type : new int[] {4, 5, 10, 0xBAD, 0x4000_0BAD}) {   // NRB, ISB, DSB, custom, local
            bytes.u32(type)                                 // block type
                    .u32(20)                                // block total length
                    .u64(0x0102_0304_0506_0708L)            // a body the reader does not need
                    .u32(20);                               // block total length
        }
        bytes.enhancedPacket(0, 2_000_000, 4, 4, 2);

        try (PacketSource source = open(bytes, "skip.pcapng")) {
            assertEquals(List.of("1 1000000000 4 4 0 1 1", "2 2000000000 4 4 0 1 2"),
                    CaptureBytes.read(source).packets());
        }
    }

    /** An IDB (Ethernet, no SnapLen) whose only option is if_tsresol. */
    private static void interfaceWithResolution(CaptureBytes bytes, int resolution) {
        bytes.u32(1)                                        // block type: IDB
                .u32(32)                                    // block total length: 16 + 12 + 4
                .u16(1).u16(0)                              // LinkType Ethernet, reserved
                .u32(0)                                     // SnapLen: none
                .u16(9).u16(1)                              // if_tsresol, 1 byte
                .u8(resolution).u8(0).u16(0)                // resolution, padding
                .u16(0).u16(0)                              // opt_endofopt
                .u32(32);                                   // block total length
    }

    private PacketSource open(CaptureBytes bytes, String name) throws IOException {
        return CaptureFiles.open(bytes.writeTo(directory.resolve(name)));
    }
}
