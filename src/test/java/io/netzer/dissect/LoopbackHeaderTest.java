package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackHeaderTest {
    private final LoopbackHeader loopback = new LoopbackHeader();

    @Test
    void shouldReadAfInetWrittenByALittleEndianHost() {
        MemorySegment bytes = Bytes.bytes()
                .u32LittleEndian(2)  // family: AF_INET, little-endian
                .segment();

        assertEquals(4, loopback.wrap(bytes, 0, 4));
        assertEquals(2, loopback.family());
        assertEquals(EtherTypes.IPV4, loopback.etherType());
    }

    @Test
    void shouldReadAfInetWrittenByABigEndianHost() {
        MemorySegment bytes = Bytes.bytes()
                .u32(2)  // family: AF_INET, big-endian
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(2, loopback.family());
        assertEquals(EtherTypes.IPV4, loopback.etherType());
    }

    /** AF_INET6 is 10 on Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on Darwin. */
    @ParameterizedTest
    @ValueSource(ints = {10, 24, 28, 30})
    void shouldReadEveryAfInet6LittleEndian(int family) {
        MemorySegment bytes = Bytes.bytes()
                .u32LittleEndian(family)  // family: AF_INET6 of some OS, little-endian
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(family, loopback.family());
        assertEquals(EtherTypes.IPV6, loopback.etherType());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 24, 28, 30})
    void shouldReadEveryAfInet6BigEndian(int family) {
        MemorySegment bytes = Bytes.bytes()
                .u32(family)  // family: AF_INET6 of some OS, big-endian
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(family, loopback.family());
        assertEquals(EtherTypes.IPV6, loopback.etherType());
    }

    @Test
    void shouldReadAHeaderAtAnOffset() {
        MemorySegment bytes = Bytes.bytes()
                .u32(30)  // family: AF_INET6 (Darwin), big-endian
                .segmentAt(3);

        assertEquals(4, loopback.wrap(bytes, 3, 4));
        assertEquals(EtherTypes.IPV6, loopback.etherType());
    }

    @Test
    void shouldFallBackToACiscoHdlcStyleEtherTypeForIpv4() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x0f)    // address: unicast (Cisco HDLC)
                .u8(0x00)    // control
                .u16(0x0800) // EtherType: IPv4
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(EtherTypes.IPV4, loopback.etherType());
    }

    @Test
    void shouldFallBackToACiscoHdlcStyleEtherTypeForIpv6() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x8f)    // address: broadcast (Cisco HDLC)
                .u8(0x00)    // control
                .u16(0x86dd) // EtherType: IPv6
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(EtherTypes.IPV6, loopback.etherType());
    }

    @Test
    void shouldHaveNoEtherTypeForAnUnknownFamily() {
        MemorySegment bytes = Bytes.bytes()
                .u32LittleEndian(7)  // family: 7 (AF_OSI on some BSDs), neither IP version
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(7, loopback.family());
        assertEquals(-1, loopback.etherType());
    }

    @Test
    void shouldHaveNoEtherTypeWhenTheLastTwoBytesAreBelowTheFirstEtherType() {
        MemorySegment bytes = Bytes.bytes()
                .u8(0x0f)    // address
                .u8(0x03)    // control
                .u16(0x05ff) // below 0x0600: a length, not an EtherType
                .segment();

        loopback.wrap(bytes, 0, 4);

        assertEquals(-1, loopback.etherType());
    }

    @Test
    void shouldHaveNoEtherTypeForFamilyZero() {
        loopback.wrap(Bytes.bytes().zeros(4).segment(), 0, 4);  // family 0: AF_UNSPEC

        assertEquals(0, loopback.family());
        assertEquals(-1, loopback.etherType());
    }

    @Test
    void shouldReportAHeaderCutAtThreeBytes() {
        MemorySegment bytes = Bytes.bytes()
                .hex("020000")  // three of the four family bytes
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), loopback.wrap(bytes, 0, 3));
    }
}
