package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LinuxCookedHeaderTest {
    private final LinuxCookedHeader cooked = new LinuxCookedHeader();

    @Test
    void shouldReadAVersion1Header() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0)                  // packet type: to us (LINUX_SLL_HOST)
                .u16(1)                  // ARPHRD_ETHER
                .u16(6)                  // link-layer address length
                .mac(0xf48e_38aa_bbccL)  // source MAC, high bit set
                .u16(0)                  // address padding to 8 bytes
                .u16(0x0800)             // protocol: IPv4
                .segment();

        assertEquals(16, cooked.wrap(bytes, 0, 16, false));
        assertEquals(0x0800, cooked.protocol());
        assertTrue(cooked.hasSourceMac());
        assertEquals(0xf48e_38aa_bbccL, cooked.sourceMac());
        assertEquals(-1, cooked.interfaceIndex());
    }

    @Test
    void shouldReadAVersion2HeaderWithAnInterfaceIndexAbove2To31() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x86dd)             // protocol: IPv6, above 32767
                .u16(0)                  // reserved
                .u32(0x8000_0001L)       // interface index 2147483649
                .u16(1)                  // ARPHRD_ETHER
                .u8(4)                   // packet type: outgoing (LINUX_SLL_OUTGOING)
                .u8(6)                   // link-layer address length
                .mac(0xffff_ffff_fffeL)  // source MAC, every high bit set
                .u16(0)                  // address padding to 8 bytes
                .segment();

        assertEquals(20, cooked.wrap(bytes, 0, 20, true));
        assertEquals(0x86dd, cooked.protocol());
        assertTrue(cooked.hasSourceMac());
        assertEquals(0xffff_ffff_fffeL, cooked.sourceMac());
        assertEquals(2_147_483_649L, cooked.interfaceIndex());
    }

    @Test
    void shouldReadAVersion2HeaderAtAnOffset() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x0806)             // protocol: ARP
                .u16(0)                  // reserved
                .u32(3)                  // interface index
                .u16(1)                  // ARPHRD_ETHER
                .u8(1)                   // packet type: broadcast
                .u8(6)                   // link-layer address length
                .mac(0x0011_2233_4455L)  // source MAC
                .u16(0)                  // address padding
                .segmentAt(9);

        assertEquals(20, cooked.wrap(bytes, 9, 20, true));
        assertEquals(0x0806, cooked.protocol());
        assertEquals(0x0011_2233_4455L, cooked.sourceMac());
        assertEquals(3, cooked.interfaceIndex());
    }

    @Test
    void shouldHaveNoSourceMacWhenTheAddressIsNotSixBytes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(4)                  // packet type: outgoing
                .u16(772)                // ARPHRD_LOOPBACK
                .u16(0)                  // link-layer address length: none
                .zeros(8)                // address: unused
                .u16(0x86dd)             // protocol: IPv6
                .segment();

        cooked.wrap(bytes, 0, 16, false);

        assertFalse(cooked.hasSourceMac());
        assertEquals(0x86dd, cooked.protocol());
    }

    @Test
    void shouldHaveNoSourceMacWhenVersion2DeclaresEightAddressBytes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x0800)             // protocol: IPv4
                .u16(0)                  // reserved
                .u32(7)                  // interface index
                .u16(0xfffe)             // ARPHRD_NONE
                .u8(0)                   // packet type: to us
                .u8(8)                   // link-layer address length: 8
                .hex("0102030405060708") // address
                .segment();

        cooked.wrap(bytes, 0, 20, true);

        assertFalse(cooked.hasSourceMac());
        assertEquals(7, cooked.interfaceIndex());
    }

    @Test
    void shouldPassALinuxProtocolNumberBelowTheFirstEtherTypeThrough() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0)                  // packet type: to us
                .u16(1)                  // ARPHRD_ETHER
                .u16(6)                  // address length
                .mac(0x0011_2233_4455L)  // source MAC
                .u16(0)                  // padding
                .u16(0x0004)             // protocol: ETH_P_802_2, an 802.2 LLC frame follows
                .segment();

        cooked.wrap(bytes, 0, 16, false);

        assertEquals(0x0004, cooked.protocol());
    }

    @Test
    void shouldReportAVersion1HeaderCutAt15Bytes() {
        MemorySegment bytes = Bytes.bytes().zeros(15).segment();  // 15 of the 16 header bytes

        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), cooked.wrap(bytes, 0, 15, false));
    }

    @Test
    void shouldReportAVersion2HeaderCutAt19Bytes() {
        MemorySegment bytes = Bytes.bytes().zeros(19).segment();  // 19 of the 20 header bytes

        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), cooked.wrap(bytes, 0, 19, true));
    }

    @Test
    void shouldAcceptSixteenBytesAsVersion1ButNotAsVersion2() {
        MemorySegment bytes = Bytes.bytes().zeros(16).segment();  // a whole v1 header, four bytes short of v2

        assertEquals(16, cooked.wrap(bytes, 0, 16, false));
        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), cooked.wrap(bytes, 0, 16, true));
    }
}
