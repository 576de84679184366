package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    private final ArpPacket arp = new ArpPacket();

    @Test
    void shouldReadAnEthernetIpv4Request() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1)                  // hardware type: Ethernet
                .u16(0x0800)             // protocol type: IPv4
                .u8(6)                   // hardware address length
                .u8(4)                   // protocol address length
                .u16(1)                  // operation: request
                .mac(0x0011_2233_4455L)  // sender MAC
                .ip("192.168.1.10")      // sender IP
                .mac(0)                  // target MAC: unknown
                .ip("192.168.1.1")       // target IP
                .segment();

        assertEquals(28, arp.wrap(bytes, 0, 28));
        assertEquals(1, arp.hardwareType());
        assertEquals(0x0800, arp.protocolType());
        assertEquals(1, arp.operation());
        assertTrue(arp.isEthernetIpv4());
        assertEquals(0x0011_2233_4455L, arp.senderMac());
        assertEquals(0xc0a8_010a, arp.senderIp());
        assertEquals(0L, arp.targetMac());
        assertEquals(0xc0a8_0101, arp.targetIp());
    }

    @Test
    void shouldWidenAReplyWithHighBitsSet() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x8001)             // hardware type: above 32767 (unassigned, but a u16)
                .u16(0x86dd)             // protocol type: above 32767
                .u8(6)                   // hardware address length
                .u8(4)                   // protocol address length
                .u16(0x8002)             // operation: above 32767
                .mac(0xffff_ffff_ffffL)  // sender MAC: every bit set
                .ip("255.255.255.255")   // sender IP: every bit set
                .mac(0xf48e_38aa_bbccL)  // target MAC: high bit set
                .ip("203.0.113.254")     // target IP: high bit set
                .segmentAt(14);

        assertEquals(28, arp.wrap(bytes, 14, 28));
        assertEquals(0x8001, arp.hardwareType());
        assertEquals(0x86dd, arp.protocolType());
        assertEquals(0x8002, arp.operation());
        assertEquals(0xffff_ffff_ffffL, arp.senderMac());
        assertEquals(-1, arp.senderIp());
        assertEquals(0xf48e_38aa_bbccL, arp.targetMac());
        assertEquals(0xcb00_71fe, arp.targetIp());
    }

    @Test
    void shouldReadAReverseArpReply() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1)                  // hardware type: Ethernet
                .u16(0x0800)             // protocol type: IPv4
                .u8(6)                   // hardware address length
                .u8(4)                   // protocol address length
                .u16(4)                  // operation: RARP reply
                .mac(0x0011_2233_4455L)  // sender MAC
                .ip("10.0.0.1")          // sender IP
                .mac(0x0011_2233_4466L)  // target MAC
                .ip("10.0.0.2")          // target IP
                .segment();

        arp.wrap(bytes, 0, 28);

        assertEquals(4, arp.operation());
        assertEquals(0x0a00_0002, arp.targetIp());
    }

    @Test
    void shouldKeepTheFixedPartOfOtherAddressSizes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(32)                 // hardware type: InfiniBand
                .u16(0x0800)             // protocol type: IPv4
                .u8(20)                  // hardware address length: 20-byte IPoIB address
                .u8(4)                   // protocol address length
                .u16(2)                  // operation: reply
                .fill(20, 0xaa)          // sender hardware address
                .ip("10.1.1.1")          // sender IP
                .fill(20, 0xbb)          // target hardware address
                .ip("10.1.1.2")          // target IP
                .segment();

        assertEquals(8 + 2 * (20 + 4), arp.wrap(bytes, 0, 56));
        assertFalse(arp.isEthernetIpv4());
        assertEquals(32, arp.hardwareType());
        assertEquals(0x0800, arp.protocolType());
        assertEquals(2, arp.operation());
    }

    @Test
    void shouldAcceptZeroLengthAddresses() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1)                  // hardware type: Ethernet
                .u16(0x0800)             // protocol type: IPv4
                .u8(0)                   // hardware address length: none
                .u8(0)                   // protocol address length: none
                .u16(1)                  // operation: request
                .segment();

        assertEquals(8, arp.wrap(bytes, 0, 8));
        assertFalse(arp.isEthernetIpv4());
    }

    @Test
    void shouldForgetEthernetIpv4WhenRewrappedOnAnotherSize() {
        MemorySegment ethernetIpv4 = Bytes.bytes()
                .hex("0001 0800 06 04 0001")  // Ethernet, IPv4, 6, 4, request
                .zeros(20)                    // the four addresses
                .segment();
        MemorySegment other = Bytes.bytes()
                .hex("0001 0800 06 10 0001")  // Ethernet, IPv4, hardware 6, protocol 16
                .zeros(44)                    // the four addresses
                .segment();

        arp.wrap(ethernetIpv4, 0, 28);
        assertEquals(52, arp.wrap(other, 0, 52));

        assertFalse(arp.isEthernetIpv4());
    }

    @Test
    void shouldReportTheFixedPartCutAtSevenBytes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1)       // hardware type
                .u16(0x0800)  // protocol type
                .u8(6)        // hardware address length
                .u8(4)        // protocol address length
                .u8(0)        // first byte of the operation: the capture ends here
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_ARP.code(), arp.wrap(bytes, 0, 7));
    }

    @Test
    void shouldReportAddressesCutOneByteShort() {
        MemorySegment bytes = Bytes.bytes()
                .hex("0001 0800 06 04 0001")  // Ethernet, IPv4, 6, 4, request
                .zeros(19)                    // 19 of the 20 address bytes
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_ARP.code(), arp.wrap(bytes, 0, 27));
    }

    @Test
    void shouldReportMaximumAddressLengthsAsTruncated() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1)       // hardware type
                .u16(0x0800)  // protocol type
                .u8(0xff)     // hardware address length: 255
                .u8(0xff)     // protocol address length: 255, so 1020 address bytes are announced
                .u16(1)       // operation
                .zeros(20)    // what is actually there
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_ARP.code(), arp.wrap(bytes, 0, 28));
    }
}
