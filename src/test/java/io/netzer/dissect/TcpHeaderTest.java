package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpHeaderTest {
    private final TcpHeader tcp = new TcpHeader();

    /** The 20-byte fixed part with a data offset of {@code words} 4-byte words. */
    private static Bytes fixed(int words) {
        return Bytes.bytes()
                .u16(49152)            // source port
                .u16(443)              // destination port
                .u32(1000)             // sequence number
                .u32(2000)             // acknowledgment number
                .u8(words << 4)        // data offset, reserved bits clear
                .u8(TcpHeader.SYN)     // flags
                .u16(64240)            // window
                .u16(0)                // checksum
                .u16(0);               // urgent pointer
    }

    @Test
    void shouldReadEveryFieldWithUnsignedWidening() {
        MemorySegment bytes = Bytes.bytes()
                .u16(65535)             // source port: above 32767
                .u16(50000)             // destination port: above 32767
                .u32(0xffff_fffeL)      // sequence number: above 2^31
                .u32(0x8000_0000L)      // acknowledgment number: 2^31 exactly
                .u8(0x5f)               // data offset 5; reserved and AccECN bits set, not flags
                .u8(0xff)               // flags: CWR ECE URG ACK PSH RST SYN FIN all set
                .u16(0xffff)            // window: 65535
                .u16(0xabcd)            // checksum
                .u16(0x8001)            // urgent pointer: above 32767
                .segmentAt(34);

        assertEquals(20, tcp.wrap(bytes, 34, 20));
        assertEquals(0, tcp.status());
        assertEquals(20, tcp.headerLength());
        assertEquals(20, tcp.declaredHeaderLength());
        assertEquals(65535, tcp.sourcePort());
        assertEquals(50000, tcp.destinationPort());
        assertEquals(4_294_967_294L, tcp.sequenceNumber());
        assertEquals(2_147_483_648L, tcp.acknowledgmentNumber());
        assertEquals(0xff, tcp.flags());
        assertEquals(65535, tcp.window());
        assertEquals(0xabcd, tcp.checksum());
        assertEquals(0x8001, tcp.urgentPointer());
    }

    @Test
    void shouldHaveNoOptionValuesWithoutOptions() {
        tcp.wrap(fixed(5).segment(), 0, 20);

        assertEquals(-1, tcp.mss());
        assertEquals(-1, tcp.windowScale());
        assertFalse(tcp.sackPermitted());
        assertEquals(0, tcp.sackBlockCount());
        assertFalse(tcp.hasTimestamps());
    }

    @Test
    void shouldNameEachFlagBit() {
        tcp.wrap(fixed(5).set8(13, 0x12).segment(), 0, 20);  // flags: SYN ACK

        assertEquals(TcpHeader.SYN | TcpHeader.ACK, tcp.flags());
        assertEquals(0xff, TcpHeader.FIN | TcpHeader.SYN | TcpHeader.RST | TcpHeader.PSH | TcpHeader.ACK
                | TcpHeader.URG | TcpHeader.ECE | TcpHeader.CWR);
    }

    @Test
    void shouldReadTheOptionsOfALinuxSyn() {
        MemorySegment bytes = fixed(10)
                .hex("02 04 05b4")                 // MSS, length 4: 1460
                .hex("04 02")                      // SACK permitted, length 2
                .hex("08 0a").u32(0xfedc_ba98L)    // timestamps, length 10: TSval above 2^31
                .u32(0)                            // TSecr 0
                .hex("01")                         // NOP
                .hex("03 03 07")                   // window scale, length 3: shift 7
                .segment();

        assertEquals(40, tcp.wrap(bytes, 0, 40));
        assertEquals(40, tcp.headerLength());
        assertEquals(1460, tcp.mss());
        assertTrue(tcp.sackPermitted());
        assertTrue(tcp.hasTimestamps());
        assertEquals(0xfedc_ba98L, tcp.timestampValue());
        assertEquals(0, tcp.timestampEcho());
        assertEquals(7, tcp.windowScale());
        assertEquals(0, tcp.sackBlockCount());
    }

    @Test
    void shouldWidenTheLargestMssAndWindowScale() {
        MemorySegment bytes = fixed(7)
                .hex("02 04 ffff")                 // MSS: 65535
                .hex("03 03 ff")                   // window scale: 255 as sent (RFC 7323 caps its use at 14)
                .hex("00")                         // end of options
                .segment();

        tcp.wrap(bytes, 0, 28);

        assertEquals(65535, tcp.mss());
        assertEquals(255, tcp.windowScale());
    }

    @Test
    void shouldReadSackBlocksAfterTimestamps() {
        MemorySegment bytes = fixed(15)
                .hex("01 01")                                   // NOP NOP
                .hex("08 0a").u32(0x0001_0000L).u32(0x8000_0001L)  // timestamps: TSval, TSecr above 2^31
                .hex("01 01")                                   // NOP NOP
                .hex("05 1a")                                   // SACK, length 26: three blocks
                .u32(0xffff_0000L).u32(0xffff_1000L)            // block 1: edges above 2^31
                .u32(100).u32(200)                              // block 2
                .u32(0xffff_f000L).u32(0x0000_0800L)            // block 3: wraps past 2^32
                .segment();

        assertEquals(60, tcp.wrap(bytes, 0, 60));
        assertTrue(tcp.hasTimestamps());
        assertEquals(0x0001_0000L, tcp.timestampValue());
        assertEquals(0x8000_0001L, tcp.timestampEcho());
        assertEquals(3, tcp.sackBlockCount());
        assertEquals(0xffff_0000L, tcp.sackLeft(0));
        assertEquals(0xffff_1000L, tcp.sackRight(0));
        assertEquals(100, tcp.sackLeft(1));
        assertEquals(200, tcp.sackRight(1));
        assertEquals(0xffff_f000L, tcp.sackLeft(2));
        assertEquals(0x0000_0800L, tcp.sackRight(2));
    }

    @Test
    void shouldReadFourSackBlocks() {
        MemorySegment bytes = fixed(14)
                .hex("01 01")                      // NOP NOP
                .hex("05 22")                      // SACK, length 34: four blocks
                .u32(1).u32(2)                     // block 1
                .u32(3).u32(4)                     // block 2
                .u32(5).u32(6)                     // block 3
                .u32(7).u32(8)                     // block 4
                .segment();

        tcp.wrap(bytes, 0, 56);

        assertEquals(4, tcp.sackBlockCount());
        assertEquals(7, tcp.sackLeft(3));
        assertEquals(8, tcp.sackRight(3));
    }

    @Test
    void shouldStopAtEndOfOptions() {
        MemorySegment bytes = fixed(7)
                .hex("00")                         // end of options
                .hex("02 04 05b4")                 // an MSS after the end: padding, not an option
                .hex("01 01 01")                   // padding
                .segment();

        tcp.wrap(bytes, 0, 28);

        assertEquals(-1, tcp.mss());
    }

    @Test
    void shouldSkipAnUnknownOptionByItsLength() {
        MemorySegment bytes = fixed(9)
                .hex("1e 06 0000 0000")            // kind 30 (MPTCP), length 6
                .hex("fd 04 abcd")                 // kind 253 (experimental), length 4
                .hex("02 04 0218")                 // MSS: 536
                .hex("04 02")                      // SACK permitted
                .segment();

        tcp.wrap(bytes, 0, 36);

        assertEquals(536, tcp.mss());
        assertTrue(tcp.sackPermitted());
    }

    @Test
    void shouldIgnoreKnownOptionsOfTheWrongLength() {
        MemorySegment bytes = fixed(10)
                .hex("02 03 05")                   // MSS of length 3: ignored
                .hex("03 04 0707")                 // window scale of length 4: ignored
                .hex("04 03 00")                   // SACK permitted of length 3: ignored
                .hex("08 08 00000001 0002")        // timestamps of length 8: ignored
                .hex("01 00")                      // NOP, end of options
                .segment();

        tcp.wrap(bytes, 0, 40);

        assertEquals(-1, tcp.mss());
        assertEquals(-1, tcp.windowScale());
        assertFalse(tcp.sackPermitted());
        assertFalse(tcp.hasTimestamps());
    }

    @Test
    void shouldNotLoopOnAnOptionLengthOfZero() {
        MemorySegment bytes = fixed(7)
                .hex("fd 00")                      // kind 253, length 0: would never advance
                .hex("02 04 05b4")                 // an MSS that is not reached
                .hex("01 01")                      // NOP NOP
                .segment();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> tcp.wrap(bytes, 0, 28));
        assertEquals(-1, tcp.mss());
        assertEquals(0, tcp.status());
    }

    @Test
    void shouldNotLoopOnAnOptionLengthOfOne() {
        MemorySegment bytes = fixed(7)
                .hex("02 01")                      // MSS, length 1: shorter than its own kind and length
                .hex("02 04 05b4")                 // an MSS that is not reached
                .hex("01 01")                      // NOP NOP
                .segment();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> tcp.wrap(bytes, 0, 28));
        assertEquals(-1, tcp.mss());
    }

    @Test
    void shouldNotReadAnOptionRunningPastTheHeaderIntoThePayload() {
        MemorySegment bytes = fixed(6)
                .hex("01 01")                      // NOP NOP
                .hex("02 04")                      // MSS, length 4: its value lies past the header
                .hex("05 b4")                      // payload bytes that look like the MSS value
                .segment();

        assertEquals(24, tcp.wrap(bytes, 0, 26));
        assertEquals(0, tcp.status());
        assertEquals(-1, tcp.mss());
    }

    @Test
    void shouldNotReadAnOptionKindAloneInTheLastByte() {
        MemorySegment bytes = fixed(6)
                .hex("01 01 01")                   // NOP NOP NOP
                .hex("08")                         // timestamps kind, no room for its length
                .hex("0a 00000001 00000002")       // payload bytes that look like the rest of it
                .segment();

        tcp.wrap(bytes, 0, 33);

        assertFalse(tcp.hasTimestamps());
    }

    @Test
    void shouldKeepOptionsReadBeforeALengthRunningPastTheHeader() {
        MemorySegment bytes = fixed(8)
                .hex("02 04 0578")                 // MSS: 1400
                .hex("08 0a 00000001")             // timestamps, length 10, but only 8 bytes remain
                .hex("00 00")                      // the last two header bytes
                .segment();

        tcp.wrap(bytes, 0, 32);

        assertEquals(1400, tcp.mss());
        assertFalse(tcp.hasTimestamps());
    }

    @Test
    void shouldForgetTheOptionsOfThePreviousSegment() {
        tcp.wrap(fixed(8).hex("02 04 05b4 04 02 03 03 07 01 00 00").segment(), 0, 32);  // MSS SACK-ok WS

        tcp.wrap(fixed(5).segment(), 0, 20);

        assertEquals(-1, tcp.mss());
        assertEquals(-1, tcp.windowScale());
        assertFalse(tcp.sackPermitted());
        assertEquals(0, tcp.sackBlockCount());
        assertFalse(tcp.hasTimestamps());
    }

    @Test
    void shouldReadOptionsCutByTheCaptureAndFlagTheCut() {
        MemorySegment bytes = fixed(15)            // data offset 15: 40 option bytes declared
                .hex("02 04 05b4")                 // MSS: 1460, the only option bytes captured
                .segment();

        assertEquals(24, tcp.wrap(bytes, 0, 24));
        assertEquals(DecodeStatus.TRUNCATED_TCP.code(), tcp.status());
        assertEquals(24, tcp.headerLength());
        assertEquals(60, tcp.declaredHeaderLength());
        assertEquals(1460, tcp.mss());
        assertEquals(443, tcp.destinationPort());
    }

    @Test
    void shouldFlagADataOffsetOfZeroAndKeepTheFixedPart() {
        MemorySegment bytes = fixed(0).payload(8).segment();  // data offset 0, eight payload bytes

        assertEquals(20, tcp.wrap(bytes, 0, 28));
        assertEquals(DecodeStatus.BAD_TCP_DATA_OFFSET.code(), tcp.status());
        assertEquals(20, tcp.headerLength());
        assertEquals(0, tcp.declaredHeaderLength());
        assertEquals(49152, tcp.sourcePort());
        assertEquals(-1, tcp.mss());
    }

    @Test
    void shouldFlagADataOffsetOfFour() {
        MemorySegment bytes = fixed(4).segment();  // data offset 4: 16 bytes, below the fixed part

        assertEquals(20, tcp.wrap(bytes, 0, 20));
        assertEquals(DecodeStatus.BAD_TCP_DATA_OFFSET.code(), tcp.status());
        assertEquals(16, tcp.declaredHeaderLength());
    }

    @Test
    void shouldReportAFixedPartCutAt19Bytes() {
        MemorySegment bytes = Bytes.bytes().raw(fixed(5).array(19)).segment();  // 19 of 20 bytes

        assertEquals(DecodeStatus.TRUNCATED_TCP.code(), tcp.wrap(bytes, 0, 19));
    }

    @Test
    void shouldClearTheStatusOfThePreviousSegment() {
        tcp.wrap(fixed(0).segment(), 0, 20);  // bad data offset

        tcp.wrap(fixed(5).segment(), 0, 20);

        assertEquals(0, tcp.status());
    }
}
