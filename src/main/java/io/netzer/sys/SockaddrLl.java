package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_ll} of {@code <linux/if_packet.h>}: a link-layer address, the argument of {@code bind} on
 * a packet socket and the record of where each ring frame came from. Accessors take a segment and the struct's
 * offset in it.
 *
 * <pre>
 * struct sockaddr_ll {
 *     unsigned short sll_family;    // AF_PACKET
 *     __be16         sll_protocol;  // EtherType, network byte order
 *     int            sll_ifindex;
 *     unsigned short sll_hatype;    // ARPHRD_*
 *     unsigned char  sll_pkttype;   // PACKET_HOST, PACKET_OUTGOING...
 *     unsigned char  sll_halen;
 *     unsigned char  sll_addr[8];
 * };
 * </pre>
 */
public final class SockaddrLl {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");

    /** Offset of sll_addr, whose 8 bytes a cooked header copies whole. */
    public static final long SLL_ADDR = LAYOUT.byteOffset(groupElement("sll_addr"));

    private static final long SLL_FAMILY = LAYOUT.byteOffset(groupElement("sll_family"));
    private static final long SLL_PROTOCOL = LAYOUT.byteOffset(groupElement("sll_protocol"));
    private static final long SLL_IFINDEX = LAYOUT.byteOffset(groupElement("sll_ifindex"));
    private static final long SLL_HATYPE = LAYOUT.byteOffset(groupElement("sll_hatype"));
    private static final long SLL_PKTTYPE = LAYOUT.byteOffset(groupElement("sll_pkttype"));
    private static final long SLL_HALEN = LAYOUT.byteOffset(groupElement("sll_halen"));

    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private SockaddrLl() {
    }

    /** sll_protocol as stored: network byte order, so its two bytes can be copied as they are. */
    public static short sllProtocolRaw(MemorySegment s, long at) {
        return s.get(JAVA_SHORT, at + SLL_PROTOCOL);
    }

    /** sll_ifindex. */
    public static int sllIfindex(MemorySegment s, long at) {
        return s.get(JAVA_INT, at + SLL_IFINDEX);
    }

    /** sll_hatype, unsigned. */
    public static int sllHatype(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, at + SLL_HATYPE));
    }

    /** sll_pkttype, unsigned. */
    public static int sllPkttype(MemorySegment s, long at) {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, at + SLL_PKTTYPE));
    }

    /** sll_halen, unsigned. */
    public static int sllHalen(MemorySegment s, long at) {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, at + SLL_HALEN));
    }

    /** Sets sll_family. */
    public static void sllFamily(MemorySegment s, long at, int value) {
        s.set(JAVA_SHORT, at + SLL_FAMILY, (short) value);
    }

    /** Sets sll_protocol from a host-order EtherType (stored in network byte order). */
    public static void sllProtocol(MemorySegment s, long at, int etherType) {
        s.set(NETWORK_SHORT, at + SLL_PROTOCOL, (short) etherType);
    }

    /** Sets sll_ifindex. */
    public static void sllIfindex(MemorySegment s, long at, int value) {
        s.set(JAVA_INT, at + SLL_IFINDEX, value);
    }

    /** Sets sll_hatype. */
    public static void sllHatype(MemorySegment s, long at, int value) {
        s.set(JAVA_SHORT, at + SLL_HATYPE, (short) value);
    }

    /** Sets sll_pkttype. */
    public static void sllPkttype(MemorySegment s, long at, int value) {
        s.set(JAVA_BYTE, at + SLL_PKTTYPE, (byte) value);
    }

    /** Sets sll_halen. */
    public static void sllHalen(MemorySegment s, long at, int value) {
        s.set(JAVA_BYTE, at + SLL_HALEN, (byte) value);
    }
}
