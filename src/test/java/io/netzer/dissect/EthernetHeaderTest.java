package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {
    private final EthernetHeader ethernet = new EthernetHeader();

    @Test
    void shouldReadAddressesAndEtherType() {
        MemorySegment frame = Bytes.bytes()
                .mac(0x0200_5e10_2030L)  // destination: locally administered, high bit clear
                .mac(0x0011_2233_4455L)  // source
                .u16(0x0800)             // EtherType: IPv4
                .segment();

        assertEquals(14, ethernet.wrap(frame, 0, 14));
        assertEquals(0x0200_5e10_2030L, ethernet.destinationMac());
        assertEquals(0x0011_2233_4455L, ethernet.sourceMac());
        assertEquals(0x0800, ethernet.etherType());
    }

    @Test
    void shouldWidenMacsWithTheHighBitSetAndEtherTypesAbove32767() {
        MemorySegment frame = Bytes.bytes()
                .mac(0xffff_ffff_ffffL)  // destination: broadcast, every bit set
                .mac(0xf48e_38aa_bbccL)  // source: first byte 0xf4, sign bit of every narrower read
                .u16(0x86dd)             // EtherType: IPv6, 34525 unsigned
                .segment();

        ethernet.wrap(frame, 0, 14);

        assertEquals(0xffff_ffff_ffffL, ethernet.destinationMac());
        assertEquals(0xf48e_38aa_bbccL, ethernet.sourceMac());
        assertEquals(34525, ethernet.etherType());
    }

    @Test
    void shouldReadAHeaderAtAnOffsetInTheSegment() {
        MemorySegment frame = Bytes.bytes()
                .mac(0x0a0b_0c0d_0e0fL)  // destination
                .mac(0x1a1b_1c1d_1e1fL)  // source
                .u16(0x8100)             // EtherType: 802.1Q tag follows
                .segmentAt(5);

        assertEquals(14, ethernet.wrap(frame, 5, 14));
        assertEquals(0x0a0b_0c0d_0e0fL, ethernet.destinationMac());
        assertEquals(0x1a1b_1c1d_1e1fL, ethernet.sourceMac());
        assertEquals(0x8100, ethernet.etherType());
    }

    @Test
    void shouldReturnAn8023LengthAsIsBelowTheFirstEtherType() {
        MemorySegment frame = Bytes.bytes()
                .mac(0x0180_c200_0000L)  // destination: spanning tree bridge group
                .mac(0x0011_2233_4455L)  // source
                .u16(0x0026)             // 802.3 length: 38 bytes of LLC follow
                .segment();

        ethernet.wrap(frame, 0, 14);

        assertEquals(0x0026, ethernet.etherType());
        assertEquals(true, ethernet.etherType() < EthernetHeader.MIN_ETHER_TYPE);
    }

    @Test
    void shouldReportAHeaderCutAt13BytesAsATruncatedLinkHeader() {
        MemorySegment frame = Bytes.bytes()
                .mac(0x0011_2233_4455L)  // destination
                .mac(0x0011_2233_4456L)  // source
                .u8(0x08)                // first byte of the EtherType: the capture ends here
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), ethernet.wrap(frame, 0, 13));
    }

    @Test
    void shouldReportAnEmptyCaptureAsATruncatedLinkHeader() {
        assertEquals(DecodeStatus.TRUNCATED_LINK_HEADER.code(), ethernet.wrap(MemorySegment.ofArray(new byte[0]),
                0, 0));
    }
}
