package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IcmpHeaderTest {
    private final IcmpHeader icmp = new IcmpHeader();

    /** Type and code, a checksum, a 4-byte rest of header, then {@code body} counted bytes. */
    private static Bytes message(int type, int code, int body) {
        return Bytes.bytes()
                .u8(type)          // type
                .u8(code)          // code
                .u16(0xf7ff)       // checksum
                .u16(0xbeef)       // identifier (echo), or unused / MTU / pointer
                .u16(0x8001)       // sequence number (echo), above 32767
                .payload(body);    // echo data, quoted packet, or target address
    }

    @Test
    void shouldReadAnIcmpEchoRequest() {
        MemorySegment bytes = message(8, 0, 56).segmentAt(34);  // echo request, 56 bytes of ping data

        assertEquals(8, icmp.wrap(bytes, 34, 64, false));
        assertFalse(icmp.isVersion6());
        assertEquals(8, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0xf7ff, icmp.checksum());
        assertTrue(icmp.isEcho());
        assertEquals(0xbeef, icmp.identifier());
        assertEquals(0x8001, icmp.sequenceNumber());
        assertFalse(icmp.isError());
        assertFalse(icmp.isNeighborDiscovery());
        assertEquals(34 + 8, icmp.bodyOffset());
        assertEquals(56, icmp.bodyLength());
    }

    @Test
    void shouldReadAnIcmpEchoReply() {
        icmp.wrap(message(0, 0, 0).segment(), 0, 8, false);  // echo reply, no data

        assertTrue(icmp.isEcho());
        assertEquals(0, icmp.bodyLength());
    }

    @Test
    void shouldWidenTypeAndCode() {
        icmp.wrap(message(0xff, 0xff, 0).segment(), 0, 8, false);  // type 255, code 255

        assertEquals(255, icmp.type());
        assertEquals(255, icmp.code());
        assertFalse(icmp.isEcho());
        assertFalse(icmp.isError());
    }

    @Test
    void shouldNotCallAnEchoWithoutItsIdentifierAndSequenceAnEcho() {
        MemorySegment bytes = Bytes.bytes().raw(message(8, 0, 0).array(6)).segment();  // echo cut after 6 bytes

        assertEquals(6, icmp.wrap(bytes, 0, 6, false));
        assertFalse(icmp.isEcho());
        assertEquals(0, icmp.bodyLength());
    }

    @Test
    void shouldAcceptTypeCodeAndChecksumAlone() {
        MemorySegment bytes = Bytes.bytes()
                .u8(3)        // type: destination unreachable
                .u8(1)        // code: host unreachable
                .u16(0x1234)  // checksum: the capture ends here
                .segment();

        assertEquals(4, icmp.wrap(bytes, 0, 4, false));
        assertEquals(3, icmp.type());
        assertEquals(0x1234, icmp.checksum());
        assertEquals(0, icmp.bodyLength());
    }

    /** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void shouldCallIcmpErrorsErrors(int type) {
        MemorySegment bytes = message(type, 0, 28).segmentAt(10);  // quoted IPv4 header and 8 bytes of its data

        icmp.wrap(bytes, 10, 36, false);

        assertTrue(icmp.isError());
        assertFalse(icmp.isEcho());
        assertEquals(10 + 8, icmp.bodyOffset());
        assertEquals(28, icmp.bodyLength());
    }

    /** Echo reply and request, router advertisement and solicitation, timestamp, and ICMPv6's error numbers. */
    @ParameterizedTest
    @ValueSource(ints = {0, 8, 9, 10, 13, 1, 2})
    void shouldNotCallOtherIcmpTypesErrors(int type) {
        icmp.wrap(message(type, 0, 0).segment(), 0, 8, false);

        assertFalse(icmp.isError());
    }

    @Test
    void shouldReadAnIcmpv6EchoRequestAndReply() {
        icmp.wrap(message(128, 0, 16).segment(), 0, 24, true);  // echo request, 16 data bytes

        assertTrue(icmp.isVersion6());
        assertTrue(icmp.isEcho());
        assertEquals(0xbeef, icmp.identifier());
        assertEquals(0x8001, icmp.sequenceNumber());

        icmp.wrap(message(129, 0, 0).segment(), 0, 8, true);  // echo reply

        assertTrue(icmp.isEcho());
    }

    @Test
    void shouldNotTakeIcmpv4EchoNumbersForIcmpv6Echoes() {
        icmp.wrap(message(8, 0, 0).segment(), 0, 8, true);  // type 8 under ICMPv6: not an echo

        assertFalse(icmp.isEcho());

        icmp.wrap(message(128, 0, 0).segment(), 0, 8, false);  // type 128 under ICMP: not an echo

        assertFalse(icmp.isEcho());
    }

    /** Destination unreachable, packet too big, time exceeded, parameter problem. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldCallIcmpv6ErrorsErrors(int type) {
        icmp.wrap(message(type, 0, 48).segment(), 0, 56, true);  // quoted IPv6 header and 8 bytes

        assertTrue(icmp.isError());
        assertEquals(48, icmp.bodyLength());
    }

    /** Echo request/reply, router solicitation, neighbour solicitation, and ICMPv4's error numbers. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5, 11, 12, 128, 129, 133, 135})
    void shouldNotCallOtherIcmpv6TypesErrors(int type) {
        icmp.wrap(message(type, 0, 16).segment(), 0, 24, true);

        assertFalse(icmp.isError());
    }

    @Test
    void shouldFindTheTargetOfANeighbourSolicitation() {
        MemorySegment bytes = Bytes.bytes()
                .u8(135)                  // type: neighbour solicitation
                .u8(0)                    // code
                .u16(0x1111)              // checksum
                .u32(0)                   // reserved
                .ip("2001:db8::abcd")     // target address
                .hex("01 01 f48e38aabbcc")  // option: source link-layer address
                .segmentAt(54);

        assertEquals(8, icmp.wrap(bytes, 54, 32, true));
        assertTrue(icmp.isNeighborDiscovery());
        assertEquals(54 + 8, icmp.bodyOffset());
        assertEquals(0x2001_0db8L, Wire.u32(bytes, icmp.bodyOffset()));
        assertEquals(0xabcdL, Wire.u32(bytes, icmp.bodyOffset() + 12));
        assertEquals(24, icmp.bodyLength());
    }

    @Test
    void shouldFindTheTargetOfANeighbourAdvertisement() {
        MemorySegment bytes = Bytes.bytes()
                .u8(136)                  // type: neighbour advertisement
                .u8(0)                    // code
                .u16(0x2222)              // checksum
                .u32(0x6000_0000L)        // flags: solicited, override
                .ip("fe80::1")            // target address
                .segment();

        icmp.wrap(bytes, 0, 24, true);

        assertTrue(icmp.isNeighborDiscovery());
        assertEquals(0xfe80_0000L, Wire.u32(bytes, icmp.bodyOffset()));
    }

    @Test
    void shouldNotCallANeighbourSolicitationWithItsTargetCutNeighbourDiscovery() {
        MemorySegment bytes = Bytes.bytes()
                .u8(135)                  // type: neighbour solicitation
                .u8(0)                    // code
                .u16(0)                   // checksum
                .u32(0)                   // reserved
                .zeros(15)                // 15 of the 16 target bytes
                .segment();

        icmp.wrap(bytes, 0, 23, true);

        assertFalse(icmp.isNeighborDiscovery());
        assertEquals(15, icmp.bodyLength());
    }

    @Test
    void shouldNotCallAnIcmpv4Type135NeighbourDiscovery() {
        icmp.wrap(message(135, 0, 16).segment(), 0, 24, false);

        assertFalse(icmp.isNeighborDiscovery());
    }

    @Test
    void shouldReportThreeBytesAsTruncated() {
        MemorySegment bytes = Bytes.bytes()
                .u8(8)        // type: echo request
                .u8(0)        // code
                .u8(0xf7)     // first checksum byte: the capture ends here
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_ICMP.code(), icmp.wrap(bytes, 0, 3, false));
        assertEquals(DecodeStatus.TRUNCATED_ICMP.code(), icmp.wrap(bytes, 0, 3, true));
    }
}
