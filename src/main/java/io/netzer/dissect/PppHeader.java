package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The PPP protocol field (RFC 1661 section 2), with the HDLC-like framing of RFC 1662 in front of it when the
 * frame starts with address 0xff and control 0x03, as LINKTYPE_PPP and LINKTYPE_PPP_HDLC carry it, and with
 * protocol field compression (a single odd byte) as RFC 1661 section 6.5 allows.
 *
 * <pre>
 * +----------+----------+----------+----------+---
 * | 0xff     | 0x03     |  Protocol (1 or 2)  | Information
 * +----------+----------+----------+----------+---
 *   (HDLC framing, optional)
 * </pre>
 */
public final class PppHeader {
    /** Internet Protocol version 4. */
    public static final int PROTOCOL_IPV4 = 0x0021;
    /** Internet Protocol version 6. */
    public static final int PROTOCOL_IPV6 = 0x0057;
    /** MPLS unicast (RFC 3032 section 4.3). */
    public static final int PROTOCOL_MPLS_UNICAST = 0x0281;
    /** MPLS multicast. */
    public static final int PROTOCOL_MPLS_MULTICAST = 0x0283;
    private static final int HDLC_ADDRESS = 0xff;
    private static final int HDLC_CONTROL = 0x03;
    private static final int HDLC_LENGTH = 2;

    private final LengthFault fault = new LengthFault();
    private int protocol;

    /**
     * Reads the framing and the protocol field.
     *
     * @return the bytes before the information field, or {@link DecodeStatus#TRUNCATED_LINK_HEADER}'s code
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        int length = 0;
        if (available >= HDLC_LENGTH && Wire.u8(segment, offset) == HDLC_ADDRESS
                && Wire.u8(segment, offset + 1) == HDLC_CONTROL) {
            length = HDLC_LENGTH;
        }
        if (available <= length) {
            return fault.record(DecodeStatus.TRUNCATED_LINK_HEADER, length + 1, available);
        }
        int first = Wire.u8(segment, offset + length);
        if ((first & 1) != 0) {
            protocol = first;
            return length + 1;
        }
        if (available < length + 2) {
            return fault.record(DecodeStatus.TRUNCATED_LINK_HEADER, length + 2, available);
        }
        protocol = Wire.u16(segment, offset + length);
        return length + 2;
    }

    /** The protocol field. */
    public int protocol() {
        return protocol;
    }

    /** The EtherType the protocol stands for, or -1 for PPP's own protocols (LCP, IPCP, ...) and others. */
    public int etherType() {
        return etherTypeOf(protocol);
    }

    /** The EtherType that a PPP protocol number stands for, or -1. */
    public static int etherTypeOf(int protocol) {
        return switch (protocol) {
            case PROTOCOL_IPV4 -> EtherTypes.IPV4;
            case PROTOCOL_IPV6 -> EtherTypes.IPV6;
            case PROTOCOL_MPLS_UNICAST -> EtherTypes.MPLS_UNICAST;
            case PROTOCOL_MPLS_MULTICAST -> EtherTypes.MPLS_MULTICAST;
            default -> -1;
        };
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
