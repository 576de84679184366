package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class UdpHeaderTest {
    private final UdpHeader udp = new UdpHeader();

    @Test
    void shouldReadEveryField() {
        MemorySegment bytes = Bytes.bytes()
                .u16(53000)   // source port: above 32767
                .u16(53)      // destination port: DNS
                .u16(40)      // length: header and 32 data bytes
                .u16(0x1f2e)  // checksum
                .payload(32)  // data
                .segmentAt(42);

        assertEquals(8, udp.wrap(bytes, 42, 40));
        assertEquals(0, udp.status());
        assertEquals(53000, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(40, udp.length());
        assertEquals(0x1f2e, udp.checksum());
    }

    @Test
    void shouldWidenTheLargestValues() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0xffff)  // source port: 65535
                .u16(0x8000)  // destination port: 32768
                .u16(0xffff)  // length: 65535, far more than captured
                .u16(0xffff)  // checksum
                .segment();

        assertEquals(8, udp.wrap(bytes, 0, 8));
        assertEquals(0, udp.status());
        assertEquals(65535, udp.sourcePort());
        assertEquals(32768, udp.destinationPort());
        assertEquals(65535, udp.length());
        assertEquals(0xffff, udp.checksum());
    }

    @Test
    void shouldAcceptALengthOfExactlyTheHeader() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1234)    // source port
                .u16(5678)    // destination port
                .u16(8)       // length: header only, no data
                .u16(0)       // checksum: none
                .segment();

        udp.wrap(bytes, 0, 8);

        assertEquals(0, udp.status());
    }

    @Test
    void shouldFlagALengthOfSeven() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1234)    // source port
                .u16(5678)    // destination port
                .u16(7)       // length: below the header's 8
                .u16(0)       // checksum
                .segment();

        assertEquals(8, udp.wrap(bytes, 0, 8));
        assertEquals(DecodeStatus.BAD_UDP_LENGTH.code(), udp.status());
        assertEquals(5678, udp.destinationPort());
    }

    @Test
    void shouldFlagALengthOfZero() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1234)    // source port
                .u16(5678)    // destination port
                .u16(0)       // length: 0
                .u16(0)       // checksum
                .segment();

        udp.wrap(bytes, 0, 8);

        assertEquals(DecodeStatus.BAD_UDP_LENGTH.code(), udp.status());
    }

    @Test
    void shouldClearTheStatusOfThePreviousDatagram() {
        udp.wrap(Bytes.bytes().hex("0001 0002 0000 0000").segment(), 0, 8);  // ports 1, 2; length 0

        udp.wrap(Bytes.bytes().hex("0001 0002 0008 0000").segment(), 0, 8);  // ports 1, 2; length 8

        assertEquals(0, udp.status());
    }

    @Test
    void shouldReportAHeaderCutAtSevenBytes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(1234)    // source port
                .u16(5678)    // destination port
                .u16(8)       // length
                .u8(0)        // first checksum byte: the capture ends here
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_UDP.code(), udp.wrap(bytes, 0, 7));
    }
}
