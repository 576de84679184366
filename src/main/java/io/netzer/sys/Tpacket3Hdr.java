package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct tpacket3_hdr}: the header of one packet in a TPACKET_V3 block, followed (at
 * {@link #SOCKADDR_LL_OFFSET}) by the {@link SockaddrLl} the packet came from. Accessors take the block and the
 * header's offset in it, so that walking a block allocates nothing.
 *
 * <pre>
 * struct tpacket3_hdr {
 *     __u32 tp_next_offset;   // from this header to the next one in the block; 0 for the last
 *     __u32 tp_sec;
 *     __u32 tp_nsec;
 *     __u32 tp_snaplen;       // bytes captured
 *     __u32 tp_len;           // length on the wire
 *     __u32 tp_status;
 *     __u16 tp_mac;           // from this header to the link-layer header
 *     __u16 tp_net;           // from this header to the network header
 *     union { struct tpacket_hdr_variant1 { __u32 tp_rxhash; __u32 tp_vlan_tci; __u16 tp_vlan_tpid;
 *                                           __u16 tp_padding; } hv1; };
 *     __u8  tp_padding[8];
 * };
 * </pre>
 */
public final class Tpacket3Hdr {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("tp_next_offset"),
            JAVA_INT.withName("tp_sec"),
            JAVA_INT.withName("tp_nsec"),
            JAVA_INT.withName("tp_snaplen"),
            JAVA_INT.withName("tp_len"),
            JAVA_INT.withName("tp_status"),
            JAVA_SHORT.withName("tp_mac"),
            JAVA_SHORT.withName("tp_net"),
            JAVA_INT.withName("tp_rxhash"),
            JAVA_INT.withName("tp_vlan_tci"),
            JAVA_SHORT.withName("tp_vlan_tpid"),
            JAVA_SHORT.withName("hv1_tp_padding"),
            paddingLayout(8)).withName("tpacket3_hdr");

    /** Where the sockaddr_ll lies after the header: TPACKET_ALIGN(sizeof(struct tpacket3_hdr)). */
    public static final long SOCKADDR_LL_OFFSET = align(LAYOUT.byteSize());
    /** TPACKET3_HDRLEN: the header and its sockaddr_ll, the least a frame holds before the packet. */
    public static final long TPACKET3_HDRLEN = SOCKADDR_LL_OFFSET + SockaddrLl.LAYOUT.byteSize();

    private static final long TP_NEXT_OFFSET = LAYOUT.byteOffset(groupElement("tp_next_offset"));
    private static final long TP_SEC = LAYOUT.byteOffset(groupElement("tp_sec"));
    private static final long TP_NSEC = LAYOUT.byteOffset(groupElement("tp_nsec"));
    private static final long TP_SNAPLEN = LAYOUT.byteOffset(groupElement("tp_snaplen"));
    private static final long TP_LEN = LAYOUT.byteOffset(groupElement("tp_len"));
    private static final long TP_STATUS = LAYOUT.byteOffset(groupElement("tp_status"));
    private static final long TP_VLAN_TCI = LAYOUT.byteOffset(groupElement("tp_vlan_tci"));
    private static final long TP_VLAN_TPID = LAYOUT.byteOffset(groupElement("tp_vlan_tpid"));
    private static final long TP_MAC = LAYOUT.byteOffset(groupElement("tp_mac"));
    private static final long TP_NET = LAYOUT.byteOffset(groupElement("tp_net"));
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Tpacket3Hdr() {
    }

    /** TPACKET_ALIGN: rounds up to {@link LinuxConstants#TPACKET_ALIGNMENT}. */
    public static long align(long length) {
        return (length + LinuxConstants.TPACKET_ALIGNMENT - 1) & -LinuxConstants.TPACKET_ALIGNMENT;
    }

    /** {@link #word}'s offset of the pair tp_next_offset, tp_sec. */
    public static final long NEXT_OFFSET_AND_SEC = TP_NEXT_OFFSET;
    /** {@link #word}'s offset of the pair tp_nsec, tp_snaplen. */
    public static final long NSEC_AND_SNAPLEN = TP_NSEC;
    /** {@link #word}'s offset of the pair tp_len, tp_status. */
    public static final long LEN_AND_STATUS = TP_LEN;

    /**
     * Two adjacent 32-bit fields read as one 64-bit load ({@link #low} and {@link #high} take them apart): the ring
     * walk reads the six fields it needs of each frame with three accesses, each of which C2 inlines as a chain of
     * VarHandle methods and bounds-checks, so it compiles a smaller method.
     */
    public static long word(MemorySegment block, long header, long pair) {
        return block.get(JAVA_LONG_UNALIGNED, header + pair);
    }

    /** The field of a {@link #word} at the lower address (tp_next_offset, tp_nsec or tp_len). */
    public static int low(long word) {
        return (int) (LITTLE_ENDIAN ? word : word >>> 32);
    }

    /** The field of a {@link #word} at the higher address (tp_sec, tp_snaplen or tp_status). */
    public static int high(long word) {
        return (int) (LITTLE_ENDIAN ? word >>> 32 : word);
    }

    /** tp_next_offset, unsigned. */
    public static long tpNextOffset(MemorySegment block, long header) {
        return Integer.toUnsignedLong(block.get(JAVA_INT, header + TP_NEXT_OFFSET));
    }

    /** tp_sec, unsigned. */
    public static long tpSec(MemorySegment block, long header) {
        return Integer.toUnsignedLong(block.get(JAVA_INT, header + TP_SEC));
    }

    /** tp_nsec. */
    public static int tpNsec(MemorySegment block, long header) {
        return block.get(JAVA_INT, header + TP_NSEC);
    }

    /** tp_snaplen. */
    public static int tpSnaplen(MemorySegment block, long header) {
        return block.get(JAVA_INT, header + TP_SNAPLEN);
    }

    /** tp_len. */
    public static int tpLen(MemorySegment block, long header) {
        return block.get(JAVA_INT, header + TP_LEN);
    }

    /** tp_status. */
    public static int tpStatus(MemorySegment block, long header) {
        return block.get(JAVA_INT, header + TP_STATUS);
    }

    /** hv1.tp_vlan_tci: the tag control information the kernel took out of the frame. */
    public static int tpVlanTci(MemorySegment block, long header) {
        return block.get(JAVA_INT, header + TP_VLAN_TCI) & 0xffff;
    }

    /** hv1.tp_vlan_tpid, unsigned: the tag's TPID (valid with TP_STATUS_VLAN_TPID_VALID). */
    public static int tpVlanTpid(MemorySegment block, long header) {
        return Short.toUnsignedInt(block.get(JAVA_SHORT, header + TP_VLAN_TPID));
    }

    /** tp_mac, unsigned. */
    public static int tpMac(MemorySegment block, long header) {
        return Short.toUnsignedInt(block.get(JAVA_SHORT, header + TP_MAC));
    }

    /** tp_net, unsigned. */
    public static int tpNet(MemorySegment block, long header) {
        return Short.toUnsignedInt(block.get(JAVA_SHORT, header + TP_NET));
    }

    /** Sets tp_next_offset (for tests that build blocks as the kernel does). */
    public static void tpNextOffset(MemorySegment block, long header, int value) {
        block.set(JAVA_INT, header + TP_NEXT_OFFSET, value);
    }

    /** Sets tp_sec. */
    public static void tpSec(MemorySegment block, long header, int value) {
        block.set(JAVA_INT, header + TP_SEC, value);
    }

    /** Sets tp_nsec. */
    public static void tpNsec(MemorySegment block, long header, int value) {
        block.set(JAVA_INT, header + TP_NSEC, value);
    }

    /** Sets tp_snaplen. */
    public static void tpSnaplen(MemorySegment block, long header, int value) {
        block.set(JAVA_INT, header + TP_SNAPLEN, value);
    }

    /** Sets tp_len. */
    public static void tpLen(MemorySegment block, long header, int value) {
        block.set(JAVA_INT, header + TP_LEN, value);
    }

    /** Sets tp_mac. */
    public static void tpMac(MemorySegment block, long header, int value) {
        block.set(JAVA_SHORT, header + TP_MAC, (short) value);
    }

    /** Sets tp_net. */
    public static void tpNet(MemorySegment block, long header, int value) {
        block.set(JAVA_SHORT, header + TP_NET, (short) value);
    }
}
