package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_stats_v3}: what {@code getsockopt(SOL_PACKET, PACKET_STATISTICS)} returns for a TPACKET_V3
 * socket. The kernel resets the counters on every read, so a reader accumulates them.
 *
 * <pre>
 * struct tpacket_stats_v3 {
 *     unsigned int tp_packets;       // packets that passed the filter (the kernel adds tp_drops in)
 *     unsigned int tp_drops;         // packets dropped for lack of ring space
 *     unsigned int tp_freeze_q_cnt;  // times the queue froze because no block was free
 * };
 * </pre>
 */
public final class TpacketStatsV3 {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("tp_packets"),
            JAVA_INT.withName("tp_drops"),
            JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");

    private static final long TP_PACKETS = LAYOUT.byteOffset(groupElement("tp_packets"));
    private static final long TP_DROPS = LAYOUT.byteOffset(groupElement("tp_drops"));
    private static final long TP_FREEZE_Q_CNT = LAYOUT.byteOffset(groupElement("tp_freeze_q_cnt"));

    private TpacketStatsV3() {
    }

    /** tp_packets, unsigned. */
    public static long tpPackets(MemorySegment stats) {
        return Integer.toUnsignedLong(stats.get(JAVA_INT, TP_PACKETS));
    }

    /** tp_drops, unsigned. */
    public static long tpDrops(MemorySegment stats) {
        return Integer.toUnsignedLong(stats.get(JAVA_INT, TP_DROPS));
    }

    /** tp_freeze_q_cnt, unsigned. */
    public static long tpFreezeQCnt(MemorySegment stats) {
        return Integer.toUnsignedLong(stats.get(JAVA_INT, TP_FREEZE_Q_CNT));
    }
}
