package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_req3} of {@code <linux/if_packet.h>}: the geometry of a TPACKET_V3 ring, the argument of
 * {@code setsockopt(SOL_PACKET, PACKET_RX_RING)}.
 *
 * <pre>
 * struct tpacket_req3 {
 *     unsigned int tp_block_size;      // minimal size of contiguous block, a multiple of the page size
 *     unsigned int tp_block_nr;        // number of blocks
 *     unsigned int tp_frame_size;      // size of frame (V3: only checked against the block size)
 *     unsigned int tp_frame_nr;        // total number of frames: tp_block_size / tp_frame_size * tp_block_nr
 *     unsigned int tp_retire_blk_tov;  // timeout in msec after which a partly filled block is closed
 *     unsigned int tp_sizeof_priv;     // per-block private area size
 *     unsigned int tp_feature_req_word;
 * };
 * </pre>
 */
public final class TpacketReq3 {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("tp_block_size"),
            JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"),
            JAVA_INT.withName("tp_frame_nr"),
            JAVA_INT.withName("tp_retire_blk_tov"),
            JAVA_INT.withName("tp_sizeof_priv"),
            JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");

    private static final long TP_BLOCK_SIZE = LAYOUT.byteOffset(groupElement("tp_block_size"));
    private static final long TP_BLOCK_NR = LAYOUT.byteOffset(groupElement("tp_block_nr"));
    private static final long TP_FRAME_SIZE = LAYOUT.byteOffset(groupElement("tp_frame_size"));
    private static final long TP_FRAME_NR = LAYOUT.byteOffset(groupElement("tp_frame_nr"));
    private static final long TP_RETIRE_BLK_TOV = LAYOUT.byteOffset(groupElement("tp_retire_blk_tov"));
    private static final long TP_SIZEOF_PRIV = LAYOUT.byteOffset(groupElement("tp_sizeof_priv"));
    private static final long TP_FEATURE_REQ_WORD = LAYOUT.byteOffset(groupElement("tp_feature_req_word"));

    private TpacketReq3() {
    }

    /** Sets tp_block_size. */
    public static void tpBlockSize(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_BLOCK_SIZE, value);
    }

    /** Sets tp_block_nr. */
    public static void tpBlockNr(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_BLOCK_NR, value);
    }

    /** Sets tp_frame_size. */
    public static void tpFrameSize(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_FRAME_SIZE, value);
    }

    /** Sets tp_frame_nr. */
    public static void tpFrameNr(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_FRAME_NR, value);
    }

    /** Sets tp_retire_blk_tov (milliseconds). */
    public static void tpRetireBlkTov(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_RETIRE_BLK_TOV, value);
    }

    /** Sets tp_sizeof_priv. */
    public static void tpSizeofPriv(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_SIZEOF_PRIV, value);
    }

    /** Sets tp_feature_req_word. */
    public static void tpFeatureReqWord(MemorySegment req, int value) {
        req.set(JAVA_INT, TP_FEATURE_REQ_WORD, value);
    }
}
