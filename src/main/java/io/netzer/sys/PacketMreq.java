package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct packet_mreq} of {@code <linux/if_packet.h>}: the argument of PACKET_ADD_MEMBERSHIP, here used for
 * PACKET_MR_PROMISC. The kernel counts memberships per socket and undoes them when the socket closes, so a crashed
 * capture never leaves an interface promiscuous.
 *
 * <pre>
 * struct packet_mreq {
 *     int            mr_ifindex;
 *     unsigned short mr_type;        // PACKET_MR_PROMISC, PACKET_MR_MULTICAST...
 *     unsigned short mr_alen;
 *     unsigned char  mr_address[8];
 * };
 * </pre>
 */
public final class PacketMreq {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("mr_ifindex"),
            JAVA_SHORT.withName("mr_type"),
            JAVA_SHORT.withName("mr_alen"),
            sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");

    private static final long MR_IFINDEX = LAYOUT.byteOffset(groupElement("mr_ifindex"));
    private static final long MR_TYPE = LAYOUT.byteOffset(groupElement("mr_type"));

    private PacketMreq() {
    }

    /** Sets mr_ifindex. */
    public static void mrIfindex(MemorySegment mreq, int value) {
        mreq.set(JAVA_INT, MR_IFINDEX, value);
    }

    /** Sets mr_type. */
    public static void mrType(MemorySegment mreq, int value) {
        mreq.set(JAVA_SHORT, MR_TYPE, (short) value);
    }
}
