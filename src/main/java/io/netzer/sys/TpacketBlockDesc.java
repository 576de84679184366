package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct tpacket_block_desc} with its {@code struct tpacket_hdr_v1} inlined: the header at the start of
 * every block of a TPACKET_V3 ring. The kernel fills a block, then stores {@code block_status = TP_STATUS_USER}
 * after a write barrier; user space reads the status with acquire semantics, reads the packets, and hands the
 * block back by storing {@code TP_STATUS_KERNEL} with release semantics.
 *
 * <pre>
 * struct tpacket_block_desc {
 *     __u32 version;
 *     __u32 offset_to_priv;
 *     union { struct tpacket_hdr_v1 {
 *         __u32 block_status;          // TP_STATUS_KERNEL or TP_STATUS_USER (| TP_STATUS_BLK_TMO ...)
 *         __u32 num_pkts;              // packets in the block
 *         __u32 offset_to_first_pkt;   // from the start of the block
 *         __u32 blk_len;               // bytes used, from the start of the block
 *         __aligned_u64 seq_num;       // 1, 2, 3... in the order the kernel opened the blocks
 *         struct tpacket_bd_ts { __u32 ts_sec; __u32 ts_nsec; } ts_first_pkt, ts_last_pkt;
 *     } bh1; } hdr;
 * };
 * </pre>
 */
public final class TpacketBlockDesc {
    /** The C layout (tpacket_hdr_v1 inlined, the only member of the union). */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("version"),
            JAVA_INT.withName("offset_to_priv"),
            JAVA_INT.withName("block_status"),
            JAVA_INT.withName("num_pkts"),
            JAVA_INT.withName("offset_to_first_pkt"),
            JAVA_INT.withName("blk_len"),
            JAVA_LONG.withName("seq_num"),
            JAVA_INT.withName("ts_first_pkt_sec"),
            JAVA_INT.withName("ts_first_pkt_nsec"),
            JAVA_INT.withName("ts_last_pkt_sec"),
            JAVA_INT.withName("ts_last_pkt_nsec")).withName("tpacket_block_desc");

    private static final long BLOCK_STATUS = LAYOUT.byteOffset(groupElement("block_status"));
    private static final long NUM_PKTS = LAYOUT.byteOffset(groupElement("num_pkts"));
    private static final long OFFSET_TO_FIRST_PKT = LAYOUT.byteOffset(groupElement("offset_to_first_pkt"));
    private static final long BLK_LEN = LAYOUT.byteOffset(groupElement("blk_len"));
    private static final long SEQ_NUM = LAYOUT.byteOffset(groupElement("seq_num"));

    // Coordinates (MemorySegment, long offset): the ring memory is shared with the kernel, so the status word
    // is the one field read and written with ordering; everything else is plain.
    private static final VarHandle STATUS = JAVA_INT.varHandle();

    private TpacketBlockDesc() {
    }

    /** block_status, read with acquire semantics so that the block's packets are visible once it says USER. */
    public static int blockStatusAcquire(MemorySegment block) {
        return (int) STATUS.getAcquire(block, BLOCK_STATUS);
    }

    /** Stores block_status with release semantics: every read of the block happens before the kernel reuses it. */
    public static void blockStatusRelease(MemorySegment block, int status) {
        STATUS.setRelease(block, BLOCK_STATUS, status);
    }

    /** num_pkts. */
    public static int numPkts(MemorySegment block) {
        return block.get(JAVA_INT, NUM_PKTS);
    }

    /** offset_to_first_pkt. */
    public static int offsetToFirstPkt(MemorySegment block) {
        return block.get(JAVA_INT, OFFSET_TO_FIRST_PKT);
    }

    /** blk_len. */
    public static int blkLen(MemorySegment block) {
        return block.get(JAVA_INT, BLK_LEN);
    }

    /** seq_num. */
    public static long seqNum(MemorySegment block) {
        return block.get(JAVA_LONG, SEQ_NUM);
    }

    /** Sets num_pkts (for tests that build blocks as the kernel does). */
    public static void numPkts(MemorySegment block, int value) {
        block.set(JAVA_INT, NUM_PKTS, value);
    }

    /** Sets offset_to_first_pkt. */
    public static void offsetToFirstPkt(MemorySegment block, int value) {
        block.set(JAVA_INT, OFFSET_TO_FIRST_PKT, value);
    }

    /** Sets blk_len. */
    public static void blkLen(MemorySegment block, int value) {
        block.set(JAVA_INT, BLK_LEN, value);
    }

    /** Sets seq_num. */
    public static void seqNum(MemorySegment block, long value) {
        block.set(JAVA_LONG, SEQ_NUM, value);
    }
}
