package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Ipv6HeaderTest {
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int ESP = 50;
    private static final int AH = 51;
    private static final int NO_NEXT_HEADER = 59;
    private static final int DESTINATION_OPTIONS = 60;

    private final Ipv6Header ipv6 = new Ipv6Header();

    /** The 40-byte fixed header. */
    private static Bytes fixed(int nextHeader, int payloadLength) {
        return Bytes.bytes()
                .u32(0x6000_0000L)     // version 6, traffic class 0, flow label 0
                .u16(payloadLength)    // payload length
                .u8(nextHeader)        // next header
                .u8(64)                // hop limit
                .ip("2001:db8::1")     // source
                .ip("2001:db8::2");    // destination
    }

    @Test
    void shouldReadEveryFieldOfTheFixedHeader() {
        MemorySegment bytes = Bytes.bytes()
                .u32(0x6fe1_2345L)                   // version 6, traffic class 0xfe, flow label 0x12345
                .u16(8)                              // payload length
                .u8(17)                              // next header: UDP
                .u8(255)                             // hop limit: 255
                .ip("fe80::1")                       // source
                .ip("ff02::1:ff00:1")                // destination
                .payload(8)                          // UDP header, as bytes
                .segmentAt(6);

        assertEquals(40, ipv6.wrap(bytes, 6, 48));
        assertEquals(0, ipv6.status());
        assertEquals(0xfe, ipv6.trafficClass());
        assertEquals(0x12345, ipv6.flowLabel());
        assertEquals(8, ipv6.payloadLengthField());
        assertEquals(17, ipv6.nextHeader());
        assertEquals(255, ipv6.hopLimit());
        assertEquals(6 + 8, ipv6.sourceAddressOffset());
        assertEquals(6 + 24, ipv6.destinationAddressOffset());
        assertEquals(0xfe80_0000L, Wire.u32(ipv6.segment(), ipv6.sourceAddressOffset()));
        assertEquals(1L, Wire.u32(ipv6.segment(), ipv6.sourceAddressOffset() + 12));
        assertEquals(0xff02_0000L, Wire.u32(ipv6.segment(), ipv6.destinationAddressOffset()));
        assertEquals(17, ipv6.upperProtocol());
        assertEquals(40, ipv6.upperOffset());
        assertEquals(8, ipv6.upperLength());
        assertFalse(ipv6.isFragment());
    }

    @Test
    void shouldWidenTheLargestFields() {
        MemorySegment bytes = Bytes.bytes()
                .u32(0x6fff_ffffL)  // version 6, traffic class 255, flow label 0xfffff
                .u16(0xffff)        // payload length: 65535, far more than captured
                .u8(0xfd)           // next header: 253 (experimental)
                .u8(0xff)           // hop limit: 255
                .zeros(32)          // addresses
                .payload(10)        // the ten payload bytes captured
                .segment();

        ipv6.wrap(bytes, 0, 50);

        assertEquals(255, ipv6.trafficClass());
        assertEquals(0xfffff, ipv6.flowLabel());
        assertEquals(65535, ipv6.payloadLengthField());
        assertEquals(253, ipv6.upperProtocol());
        assertEquals(10, ipv6.upperLength());
    }

    @Test
    void shouldNotCountLinkLayerPaddingAsUpperLayer() {
        MemorySegment bytes = fixed(NO_NEXT_HEADER, 2)  // payload length 2
                .payload(2)                             // the two payload bytes
                .zeros(4)                               // link-layer padding
                .segment();

        ipv6.wrap(bytes, 0, 46);

        assertEquals(2, ipv6.upperLength());
    }

    @Test
    void shouldTrustTheCaptureForAJumbogramPayloadLengthOfZero() {
        MemorySegment bytes = fixed(17, 0)  // payload length 0: jumbogram (RFC 2675), size given elsewhere
                .payload(12)                // what the capture holds
                .segment();

        ipv6.wrap(bytes, 0, 52);

        assertEquals(12, ipv6.upperLength());
    }

    @Test
    void shouldWalkEveryKindOfExtensionHeaderToTheUpperLayer() {
        // A first fragment: the headers after the Fragment header belong to the fragmentable part it holds.
        MemorySegment bytes = extensionChain(0);

        assertEquals(120, ipv6.wrap(bytes, 0, 144));
        assertEquals(0, ipv6.status());
        assertEquals(HOP_BY_HOP, ipv6.nextHeader());
        assertEquals(17, ipv6.upperProtocol());
        assertEquals(120, ipv6.upperOffset());
        assertEquals(24, ipv6.upperLength());
        assertTrue(ipv6.isFragment());
        assertEquals(0, ipv6.fragmentOffset());
        assertEquals(72, ipv6.fragmentHeaderOffset());
        assertEquals(48, ipv6.fragmentNamedAt());
        assertTrue(ipv6.moreFragments());
        assertEquals(0x89ab_cdefL, ipv6.fragmentIdentification());
    }

    @Test
    void shouldStopTheWalkAfterTheFragmentHeaderOfALaterFragment() {
        // Fragment offset 185 (1480 bytes): what follows the Fragment header is data from mid-datagram.
        MemorySegment bytes = extensionChain(185);

        assertEquals(80, ipv6.wrap(bytes, 0, 144));
        assertEquals(0, ipv6.status());
        assertEquals(DESTINATION_OPTIONS, ipv6.upperProtocol());
        assertEquals(80, ipv6.upperOffset());
        assertEquals(64, ipv6.upperLength());
        assertEquals(185, ipv6.fragmentOffset());
        assertEquals(72, ipv6.fragmentHeaderOffset());
    }

    /** Every kind of extension header, with a Fragment header at {@code offset} (8-byte units) in the middle. */
    private static MemorySegment extensionChain(int offset) {
        return fixed(HOP_BY_HOP, 104)
                // Hop-by-Hop Options: 8 bytes
                .u8(ROUTING)           // next header
                .u8(0)                 // length: (0 + 1) * 8 = 8
                .hex("05 02 0000")     // option: Router Alert, MLD
                .hex("01 00")          // option: PadN, no padding bytes
                // Routing: 24 bytes
                .u8(FRAGMENT)          // next header
                .u8(2)                 // length: (2 + 1) * 8 = 24
                .u8(4)                 // routing type: segment routing (RFC 8754)
                .u8(0)                 // segments left
                .u32(0)                // last entry, flags, tag
                .ip("2001:db8::99")    // one segment
                // Fragment: always 8 bytes
                .u8(DESTINATION_OPTIONS)  // next header
                .u8(0)                 // reserved
                .u16(offset << 3 | 1)  // fragment offset, M set
                .u32(0x89ab_cdefL)     // identification: above 2^31
                // Destination Options: 16 bytes
                .u8(AH)                // next header
                .u8(1)                 // length: (1 + 1) * 8 = 16
                .hex("01 0c")          // option: PadN with 12 bytes
                .zeros(12)             // padding
                // Authentication Header: 24 bytes
                .u8(17)                // next header: UDP
                .u8(4)                 // payload length: (4 + 2) * 4 = 24 (RFC 4302: 4-byte words less 2)
                .u16(0)                // reserved
                .u32(0x1000)           // SPI
                .u32(7)                // sequence number
                .fill(12, 0x5a)        // ICV: HMAC-SHA1-96
                .payload(24)           // UDP header and 16 bytes of data
                .segment();
    }

    @Test
    void shouldCountTheAuthenticationHeaderInFourByteWordsLessTwo() {
        MemorySegment bytes = fixed(AH, 20)
                .u8(6)                 // next header: TCP
                .u8(1)                 // payload length 1: (1 + 2) * 4 = 12 bytes, where the generic rule says 16
                .u16(0)                // reserved
                .u32(0x1000)           // SPI
                .u32(1)                // sequence number, no ICV
                .payload(8)            // the start of TCP
                .segment();

        assertEquals(52, ipv6.wrap(bytes, 0, 60));
        assertEquals(0, ipv6.status());
        assertEquals(6, ipv6.upperProtocol());
        assertEquals(8, ipv6.upperLength());
    }

    @Test
    void shouldReadTheFragmentHeaderAsEightBytesWhateverItsReservedByte() {
        MemorySegment bytes = fixed(FRAGMENT, 16)
                .u8(17)                // next header: UDP
                .u8(0xff)              // reserved: would mean 2048 bytes under the generic rule
                .u16(0xfff8)           // fragment offset 8191, the largest; M clear
                .u32(0xffff_ffffL)     // identification: every bit set
                .payload(8)            // fragment data
                .segment();

        assertEquals(48, ipv6.wrap(bytes, 0, 56));
        assertEquals(0, ipv6.status());
        assertTrue(ipv6.isFragment());
        assertEquals(8191, ipv6.fragmentOffset());
        assertFalse(ipv6.moreFragments());
        assertEquals(0xffff_ffffL, ipv6.fragmentIdentification());
        assertEquals(8, ipv6.upperLength());
    }

    @Test
    void shouldEndTheWalkAtEsp() {
        MemorySegment bytes = fixed(DESTINATION_OPTIONS, 24)
                .u8(ESP)               // next header: ESP, opaque from here on
                .u8(0)                 // length: 8 bytes
                .hex("01 04 00000000") // PadN with 4 bytes
                .u32(0x2000)           // ESP SPI
                .u32(3)                // ESP sequence number
                .payload(8)            // encrypted
                .segment();

        assertEquals(48, ipv6.wrap(bytes, 0, 64));
        assertEquals(ESP, ipv6.upperProtocol());
        assertEquals(16, ipv6.upperLength());
    }

    @Test
    void shouldForgetTheFragmentOfThePreviousPacket() {
        ipv6.wrap(fixed(FRAGMENT, 8).hex("11 00 0009 00000001").segment(), 0, 48);  // UDP, offset 1, M, id 1

        ipv6.wrap(fixed(17, 0).segment(), 0, 40);

        assertFalse(ipv6.isFragment());
        assertEquals(0, ipv6.fragmentOffset());
        assertFalse(ipv6.moreFragments());
        assertEquals(0, ipv6.fragmentIdentification());
    }

    @Test
    void shouldWalkExactlyTheCapOfExtensionHeaders() {
        Bytes bytes = fixed(DESTINATION_OPTIONS, Ipv6Header.MAX_EXTENSION_HEADERS * 8);
        for (int i = 1; i <= Ipv6Header.MAX_EXTENSION_HEADERS; i++) {
            bytes.u8(i < Ipv6Header.MAX_EXTENSION_HEADERS ? DESTINATION_OPTIONS : NO_NEXT_HEADER)  // next header
                    .u8(0)                                                                        // length: 8
                    .hex("01 04 00000000");                                                       // PadN
        }

        int length = ipv6.wrap(bytes.segment(), 0, bytes.length());

        assertEquals(40 + Ipv6Header.MAX_EXTENSION_HEADERS * 8, length);
        assertEquals(0, ipv6.status());
        assertEquals(NO_NEXT_HEADER, ipv6.upperProtocol());
    }

    @Test
    void shouldStopALoopOf200HopByHopHeadersAtTheCap() {
        Bytes bytes = fixed(HOP_BY_HOP, 200 * 8);
        for (int i = 0; i < 200; i++) {
            bytes.u8(HOP_BY_HOP)           // next header: Hop-by-Hop again, as a hostile chain would
                    .u8(0)                 // length: 8
                    .hex("01 04 00000000"); // PadN
        }

        int length = ipv6.wrap(bytes.segment(), 0, bytes.length());

        assertEquals(40 + Ipv6Header.MAX_EXTENSION_HEADERS * 8, length);
        assertEquals(DecodeStatus.TOO_MANY_IPV6_EXTENSIONS.code(), ipv6.status());
        assertEquals(-1, ipv6.upperProtocol());
        assertEquals(0, ipv6.upperLength());
        assertEquals(64, ipv6.hopLimit());
    }

    @Test
    void shouldFlagAnExtensionLengthPointingPastTheCapture() {
        MemorySegment bytes = fixed(HOP_BY_HOP, 2048)
                .u8(17)                // next header: UDP
                .u8(0xff)              // length 255: (255 + 1) * 8 = 2048 bytes
                .hex("01 04 00000000") // the eight bytes captured
                .segment();

        assertEquals(40, ipv6.wrap(bytes, 0, 48));
        assertEquals(DecodeStatus.TRUNCATED_IPV6_EXTENSION.code(), ipv6.status());
        assertEquals(-1, ipv6.upperProtocol());
        assertEquals(40, ipv6.upperOffset());
        assertEquals(0, ipv6.upperLength());
    }

    @Test
    void shouldFlagAnExtensionLengthPointingPastThePayloadLength() {
        MemorySegment bytes = fixed(ROUTING, 8)  // payload length 8, though 24 bytes are captured
                .u8(17)                          // next header: UDP
                .u8(1)                           // length: (1 + 1) * 8 = 16, past the payload
                .zeros(22)                       // bytes the payload length does not cover
                .segment();

        ipv6.wrap(bytes, 0, 64);

        assertEquals(DecodeStatus.TRUNCATED_IPV6_EXTENSION.code(), ipv6.status());
    }

    @Test
    void shouldFlagAChainCutAfterOneByteOfAnExtensionHeader() {
        MemorySegment bytes = fixed(DESTINATION_OPTIONS, 8)
                .u8(17)                // next header: the capture ends before the length byte
                .segment();

        assertEquals(40, ipv6.wrap(bytes, 0, 41));
        assertEquals(DecodeStatus.TRUNCATED_IPV6_EXTENSION.code(), ipv6.status());
    }

    @Test
    void shouldFlagAFragmentHeaderCutMidway() {
        MemorySegment bytes = fixed(HOP_BY_HOP, 16)
                .u8(FRAGMENT)          // next header: Fragment
                .u8(0)                 // length: 8
                .hex("01 04 00000000") // PadN
                .hex("11 00 0001")     // Fragment: UDP, reserved, offset 0 and M; identification cut
                .segment();

        assertEquals(48, ipv6.wrap(bytes, 0, 52));
        assertEquals(DecodeStatus.TRUNCATED_IPV6_EXTENSION.code(), ipv6.status());
        assertFalse(ipv6.isFragment());
    }

    @Test
    void shouldReportAnEmptyCaptureAsTruncated() {
        assertEquals(DecodeStatus.TRUNCATED_IPV6.code(), ipv6.wrap(MemorySegment.ofArray(new byte[0]), 0, 0));
    }

    @Test
    void shouldReportAFixedHeaderCutAt39Bytes() {
        MemorySegment bytes = Bytes.bytes().raw(fixed(59, 0).array(39)).segment();  // 39 of the 40 bytes

        assertEquals(DecodeStatus.TRUNCATED_IPV6.code(), ipv6.wrap(bytes, 0, 39));
    }

    @Test
    void shouldRejectVersion4() {
        MemorySegment bytes = fixed(59, 0)
                .set8(0, 0x45)         // version 4
                .segment();

        assertEquals(DecodeStatus.BAD_IP_VERSION.code(), ipv6.wrap(bytes, 0, 40));
    }

    @Test
    void shouldClearTheStatusOfThePreviousHeader() {
        ipv6.wrap(fixed(HOP_BY_HOP, 8).u8(17).segment(), 0, 41);  // chain cut

        ipv6.wrap(fixed(17, 0).segment(), 0, 40);

        assertEquals(0, ipv6.status());
        assertEquals(17, ipv6.upperProtocol());
    }
}
