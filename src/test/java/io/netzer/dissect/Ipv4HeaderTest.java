package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    private final Ipv4Header ipv4 = new Ipv4Header();

    /** A 20-byte header of total length {@code totalLength} carrying UDP, then {@code payload} counted bytes. */
    private static Bytes header(int totalLength, int payload) {
        return Bytes.bytes()
                .u8(0x45)             // version 4, IHL 5
                .u8(0x00)             // TOS
                .u16(totalLength)     // total length
                .u16(0x1c46)          // identification
                .u16(0x4000)          // flags: DF; fragment offset 0
                .u8(64)               // TTL
                .u8(17)               // protocol: UDP
                .u16(0xb1e6)          // header checksum
                .ip("192.0.2.1")      // source
                .ip("198.51.100.2")   // destination
                .payload(payload);
    }

    @Test
    void shouldReadEveryFieldOfAPlainHeader() {
        MemorySegment bytes = header(28, 8).segment();

        assertEquals(20, ipv4.wrap(bytes, 0, 28));
        assertEquals(0, ipv4.status());
        assertEquals(20, ipv4.headerLength());
        assertEquals(8, ipv4.payloadLength());
        assertEquals(0, ipv4.typeOfService());
        assertEquals(28, ipv4.totalLength());
        assertEquals(0x1c46, ipv4.identification());
        assertTrue(ipv4.dontFragment());
        assertFalse(ipv4.moreFragments());
        assertEquals(0, ipv4.fragmentOffset());
        assertEquals(64, ipv4.ttl());
        assertEquals(17, ipv4.protocol());
        assertEquals(0xb1e6, ipv4.checksum());
        assertEquals(0xc000_0201, ipv4.sourceAddress());
        assertEquals(0xc633_6402, ipv4.destinationAddress());
    }

    @Test
    void shouldWidenEveryUnsignedField() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x45)               // version 4, IHL 5
                .u8(0xb8)               // TOS: DSCP EF (46), ECN 0; 184 unsigned
                .u16(0xffff)            // total length: 65535
                .u16(0xfedc)            // identification: above 32767
                .u16(0x3fff)            // flags: MF (DF clear); fragment offset 8191, the largest
                .u8(255)                // TTL: 255
                .u8(0xfe)               // protocol: 254 (experimental)
                .u16(0xffff)            // header checksum
                .ip("203.0.113.250")    // source: high bit set
                .ip("255.255.255.255")  // destination: broadcast
                .segment();

        ipv4.wrap(bytes, 0, 20);

        assertEquals(184, ipv4.typeOfService());
        assertEquals(65535, ipv4.totalLength());
        assertEquals(0xfedc, ipv4.identification());
        assertFalse(ipv4.dontFragment());
        assertTrue(ipv4.moreFragments());
        assertEquals(8191, ipv4.fragmentOffset());
        assertEquals(255, ipv4.ttl());
        assertEquals(254, ipv4.protocol());
        assertEquals(0xffff, ipv4.checksum());
        assertEquals(0xcb00_71fa, ipv4.sourceAddress());
        assertEquals(-1, ipv4.destinationAddress());
        assertEquals(0, ipv4.payloadLength());
    }

    @Test
    void shouldReadAHeaderAtAnOffset() {
        MemorySegment bytes = header(24, 4).segmentAt(14);

        assertEquals(20, ipv4.wrap(bytes, 14, 24));
        assertEquals(0xc000_0201, ipv4.sourceAddress());
        assertEquals(4, ipv4.payloadLength());
    }

    @Test
    void shouldCountOptionsInTheHeaderLength() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x46)              // version 4, IHL 6: 4 option bytes
                .u8(0x00)              // TOS
                .u16(32)               // total length: 24 header + 8 payload
                .u16(1)                // identification
                .u16(0)                // no flags, offset 0
                .u8(1)                 // TTL
                .u8(2)                 // protocol: IGMP
                .u16(0)                // checksum
                .ip("10.0.0.1")        // source
                .ip("224.0.0.22")      // destination
                .hex("94 04 0000")     // option: Router Alert (RFC 2113), length 4, value 0
                .payload(8)            // IGMPv3 report, as bytes
                .segment();

        assertEquals(24, ipv4.wrap(bytes, 0, 32));
        assertEquals(24, ipv4.headerLength());
        assertEquals(8, ipv4.payloadLength());
        assertEquals(2, ipv4.protocol());
    }

    @Test
    void shouldAcceptTheLargestHeaderOf60Bytes() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x4f)              // version 4, IHL 15: 40 option bytes
                .u8(0x00)              // TOS
                .u16(64)               // total length: 60 header + 4 payload
                .u16(2)                // identification
                .u16(0)                // no flags, offset 0
                .u8(64)                // TTL
                .u8(1)                 // protocol: ICMP
                .u16(0)                // checksum
                .ip("10.0.0.1")        // source
                .ip("10.0.0.2")        // destination
                .hex("07 27 04")       // option: Record Route, length 39, pointer 4
                .zeros(36)             // nine empty route slots
                .u8(0)                 // End of Options list
                .payload(4)            // ICMP type, code, checksum
                .segment();

        assertEquals(60, ipv4.wrap(bytes, 0, 64));
        assertEquals(4, ipv4.payloadLength());
    }

    @Test
    void shouldNotCountLinkLayerPaddingAsPayload() {
        MemorySegment bytes = header(22, 2)  // total length 22: two bytes of payload
                .zeros(24)                   // Ethernet padding to the 60-byte minimum frame
                .segment();

        ipv4.wrap(bytes, 0, 46);

        assertEquals(2, ipv4.payloadLength());
    }

    @Test
    void shouldBoundThePayloadByWhatWasCaptured() {
        MemorySegment bytes = header(1500, 40).segment();  // 1480 payload bytes sent, 40 captured

        assertEquals(20, ipv4.wrap(bytes, 0, 60));
        assertEquals(0, ipv4.status());
        assertEquals(40, ipv4.payloadLength());
    }

    @Test
    void shouldKeepTheFixedHeaderWhenOptionsAreCut() {
        MemorySegment bytes = header(40, 2)
                .set8(0, 0x47)  // version 4, IHL 7: 8 option bytes, only 2 captured
                .segment();

        assertEquals(22, ipv4.wrap(bytes, 0, 22));
        assertEquals(DecodeStatus.TRUNCATED_IPV4.code(), ipv4.status());
        assertEquals(22, ipv4.headerLength());
        assertEquals(0, ipv4.payloadLength());
        assertEquals(17, ipv4.protocol());
        assertEquals(0xc633_6402, ipv4.destinationAddress());
    }

    @Test
    void shouldFlagATotalLengthBelowTheHeaderLength() {
        MemorySegment bytes = header(19, 8).segment();  // total length 19 < IHL 20

        assertEquals(20, ipv4.wrap(bytes, 0, 28));
        assertEquals(DecodeStatus.BAD_IPV4_TOTAL_LENGTH.code(), ipv4.status());
        assertEquals(0, ipv4.payloadLength());
        assertEquals(64, ipv4.ttl());
    }

    @Test
    void shouldReadATotalLengthOfZeroAsSegmentationOffload() {
        MemorySegment bytes = header(0, 8).segment();  // total length 0: captured before the NIC split it

        ipv4.wrap(bytes, 0, 28);

        assertEquals(0, ipv4.status());
        assertEquals(8, ipv4.payloadLength());
    }

    @Test
    void shouldClearTheStatusOfThePreviousHeader() {
        ipv4.wrap(header(10, 0).segment(), 0, 20);  // bad total length: 10 < 20

        ipv4.wrap(header(20, 0).segment(), 0, 20);

        assertEquals(0, ipv4.status());
    }

    @Test
    void shouldReportAnEmptyCaptureAsTruncated() {
        assertEquals(DecodeStatus.TRUNCATED_IPV4.code(), ipv4.wrap(MemorySegment.ofArray(new byte[0]), 0, 0));
    }

    @Test
    void shouldReportAFixedHeaderCutAt19Bytes() {
        MemorySegment bytes = Bytes.bytes().raw(header(20, 0).array(19)).segment();  // 19 of 20 header bytes

        assertEquals(DecodeStatus.TRUNCATED_IPV4.code(), ipv4.wrap(bytes, 0, 19));
    }

    @Test
    void shouldRejectVersion6() {
        MemorySegment bytes = header(20, 0)
                .set8(0, 0x65)  // version 6, with what would be IHL 5
                .segment();

        assertEquals(DecodeStatus.BAD_IP_VERSION.code(), ipv4.wrap(bytes, 0, 20));
    }

    @Test
    void shouldRejectVersion0EvenFromASingleByte() {
        MemorySegment bytes = Bytes.of(0x05);  // version 0, IHL 5: the only byte captured

        assertEquals(DecodeStatus.BAD_IP_VERSION.code(), ipv4.wrap(bytes, 0, 1));
    }

    @Test
    void shouldRejectAnIhlOfZero() {
        MemorySegment bytes = header(20, 0)
                .set8(0, 0x40)  // version 4, IHL 0
                .segment();

        assertEquals(DecodeStatus.BAD_IPV4_HEADER_LENGTH.code(), ipv4.wrap(bytes, 0, 20));
    }

    @Test
    void shouldRejectAnIhlOfFour() {
        MemorySegment bytes = header(20, 0)
                .set8(0, 0x44)  // version 4, IHL 4: 16 bytes, below the fixed header
                .segment();

        assertEquals(DecodeStatus.BAD_IPV4_HEADER_LENGTH.code(), ipv4.wrap(bytes, 0, 20));
    }

    @Test
    void shouldCallABadIhlInACutHeaderTruncated() {
        MemorySegment bytes = Bytes.bytes().raw(header(20, 0)
                .set8(0, 0x44)  // version 4, IHL 4
                .array(10))     // only 10 bytes captured: the cut is reported before the bad IHL
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_IPV4.code(), ipv4.wrap(bytes, 0, 10));
    }
}
