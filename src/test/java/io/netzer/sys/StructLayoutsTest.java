package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layouts against the sizes and offsets of the C structs on x86-64 (as {@code pahole} prints them). */
class StructLayoutsTest {

    @Test
    void shouldMatchTheSizesOfTheCStructs() {
        assertEquals(28, TpacketReq3.LAYOUT.byteSize());
        assertEquals(48, TpacketBlockDesc.LAYOUT.byteSize());
        assertEquals(48, Tpacket3Hdr.LAYOUT.byteSize());
        assertEquals(20, SockaddrLl.LAYOUT.byteSize());
        assertEquals(12, TpacketStatsV3.LAYOUT.byteSize());
        assertEquals(8, SockFilter.LAYOUT.byteSize());
        assertEquals(16, SockFprog.LAYOUT.byteSize());
        assertEquals(16, PacketMreq.LAYOUT.byteSize());
        assertEquals(12, EpollEvent.LAYOUT.byteSize());
        assertEquals(48, Passwd.LAYOUT.byteSize());
    }

    @Test
    void shouldPlaceTheFieldsTheKernelReads() {
        // block_status right after version and offset_to_priv; seq_num 8-byte aligned after blk_len
        assertEquals(8, TpacketBlockDesc.LAYOUT.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("block_status")));
        assertEquals(24, TpacketBlockDesc.LAYOUT.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("seq_num")));
        // TPACKET3_HDRLEN = TPACKET_ALIGN(48) + sizeof(struct sockaddr_ll)
        assertEquals(48, Tpacket3Hdr.SOCKADDR_LL_OFFSET);
        assertEquals(68, Tpacket3Hdr.TPACKET3_HDRLEN);
        assertEquals(12, SockaddrLl.SLL_ADDR);
        assertEquals(80, Tpacket3Hdr.align(68));
        assertEquals(64, Tpacket3Hdr.align(64));
    }
    @Test
    void shouldReadTheFrameHeaderFieldsInPairsAsTheAccessorsDo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(256, 16);
            long header = 64;
            Tpacket3Hdr.tpNextOffset(block, header, 0x8000_0010);
            Tpacket3Hdr.tpSec(block, header, 0xf000_0001);
            Tpacket3Hdr.tpNsec(block, header, 999_999_999);
            Tpacket3Hdr.tpSnaplen(block, header, 0x8000_0002);
            Tpacket3Hdr.tpLen(block, header, 1514);
            block.set(ValueLayout.JAVA_INT, header + 20, 0x2001);
            long nextAndSec = Tpacket3Hdr.word(block, header, Tpacket3Hdr.NEXT_OFFSET_AND_SEC);
            long nsecAndSnaplen = Tpacket3Hdr.word(block, header, Tpacket3Hdr.NSEC_AND_SNAPLEN);
            long lenAndStatus = Tpacket3Hdr.word(block, header, Tpacket3Hdr.LEN_AND_STATUS);
            assertEquals(Tpacket3Hdr.tpNextOffset(block, header), Integer.toUnsignedLong(Tpacket3Hdr.low(nextAndSec)));
            assertEquals(Tpacket3Hdr.tpSec(block, header), Integer.toUnsignedLong(Tpacket3Hdr.high(nextAndSec)));
            assertEquals(Tpacket3Hdr.tpNsec(block, header), Tpacket3Hdr.low(nsecAndSnaplen));
            assertEquals(Tpacket3Hdr.tpSnaplen(block, header), Tpacket3Hdr.high(nsecAndSnaplen));
            assertEquals(Tpacket3Hdr.tpLen(block, header), Tpacket3Hdr.low(lenAndStatus));
            assertEquals(Tpacket3Hdr.tpStatus(block, header), Tpacket3Hdr.high(lenAndStatus));
        }
    }
}
