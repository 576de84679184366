package io.netzer.dissect;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * BSD loopback header (LINKTYPE_NULL): a 4-byte address family in the byte order of the host that captured,
 * so both orders are accepted. IPv6 has a different AF_INET6 value on each BSD.
 */
public final class LoopbackHeader {
    /** Header length. */
    public static final int LENGTH = 4;
    private static final int AF_INET = 2;
    private static final int AF_INET6_LINUX = 10;
    private static final int AF_INET6_BSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    private final LengthFault fault = new LengthFault();
    private int family;
    private int embeddedEtherType;

    /**
     * Reads the address family.
     *
     * @return the header length, or {@link DecodeStatus#TRUNCATED_LINK_HEADER}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_LINK_HEADER, LENGTH, available);
        }
        int value = segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
        // Written in the capturing host's order: a family fits in 16 bits, so the non-zero half tells the order.
        family = (value & 0xffff0000) != 0 && (value & 0xffff) == 0 ? Integer.reverseBytes(value) : value;
        // Some writers put a Cisco HDLC-like header (address, control, EtherType) here instead, as Wireshark's
        // null dissector also accepts: the last two bytes are then an EtherType.
        embeddedEtherType = Wire.u16(segment, offset + 2);
        return LENGTH;
    }

    /** The address family as found. */
    public int family() {
        return family;
    }

    /** The EtherType the family stands for, or -1 when it is neither IPv4 nor IPv6. */
    public int etherType() {
        return switch (family) {
            case AF_INET -> EtherTypes.IPV4;
            case AF_INET6_LINUX, AF_INET6_BSD, AF_INET6_FREEBSD, AF_INET6_DARWIN -> EtherTypes.IPV6;
            default -> embeddedEtherType >= EthernetHeader.MIN_ETHER_TYPE ? embeddedEtherType : -1;
        };
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
