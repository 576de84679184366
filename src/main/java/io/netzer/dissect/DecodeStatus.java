package io.netzer.dissect;

import java.util.Locale;

/**
 * Why a packet could not be decoded past some layer. Flyweights return {@link #code()} (negative) from
 * {@code wrap}; the {@link Dissector} counts each reason and keeps the layers decoded before it. Beside the reason,
 * the Dissector keeps the detail etherparse's {@code LenError} carries: the layer, where it starts, and for a
 * {@linkplain #isLengthFault() length fault} the length it required and the length it had ({@link LengthFault}).
 */
public enum DecodeStatus {
    /** The link type is not one NetZer dissects. */
    UNSUPPORTED_LINK_TYPE(false),
    /** The capture ends inside the link-layer header. */
    TRUNCATED_LINK_HEADER(true),
    /** The capture ends inside an 802.1Q/802.1ad tag. */
    TRUNCATED_VLAN_TAG(true),
    /** More stacked VLAN tags than {@link Dissector#MAX_VLAN_TAGS}. */
    TOO_MANY_VLAN_TAGS(false),
    /** The capture ends inside an MPLS label. */
    TRUNCATED_MPLS_LABEL(true),
    /** More stacked MPLS labels than {@link Dissector#MAX_MPLS_LABELS}. */
    TOO_MANY_MPLS_LABELS(false),
    /** The capture ends inside the PPPoE session header or its PPP protocol field. */
    TRUNCATED_PPPOE(true),
    /** A PPPoE session header whose version and type are not 1. */
    BAD_PPPOE_VERSION(false),
    /** More nested tunnels than {@link Dissector#MAX_TUNNEL_DEPTH}: the packet is decoded as its outer packet. */
    TOO_MANY_TUNNELS(false),
    /** The capture ends inside the ARP header or its addresses. */
    TRUNCATED_ARP(true),
    /** The capture ends inside the IPv4 header. */
    TRUNCATED_IPV4(true),
    /** The IP version nibble does not match the EtherType. */
    BAD_IP_VERSION(false),
    /** IPv4 IHL below 5 words. */
    BAD_IPV4_HEADER_LENGTH(true),
    /** IPv4 total length smaller than the header. */
    BAD_IPV4_TOTAL_LENGTH(true),
    /** The capture ends inside the IPv6 header. */
    TRUNCATED_IPV6(true),
    /** The capture ends inside an IPv6 extension header. */
    TRUNCATED_IPV6_EXTENSION(true),
    /** More IPv6 extension headers than {@link Ipv6Header#MAX_EXTENSION_HEADERS}. */
    TOO_MANY_IPV6_EXTENSIONS(false),
    /** The capture ends inside the TCP header or its options. */
    TRUNCATED_TCP(true),
    /** TCP data offset below 5 words. */
    BAD_TCP_DATA_OFFSET(true),
    /** The capture ends inside the UDP header. */
    TRUNCATED_UDP(true),
    /** UDP length field below 8. */
    BAD_UDP_LENGTH(true),
    /** The capture ends inside the ICMP or ICMPv6 header. */
    TRUNCATED_ICMP(true);

    private static final DecodeStatus[] VALUES = values();

    private final String reason = name().toLowerCase(Locale.ROOT);
    private final boolean lengthFault;

    DecodeStatus(boolean lengthFault) {
        this.lengthFault = lengthFault;
    }

    /** The negative code flyweights return for this status. */
    public int code() {
        return -1 - ordinal();
    }

    /** The status for a negative code returned by a {@code wrap}. */
    public static DecodeStatus fromCode(int code) {
        return VALUES[-1 - code];
    }

    /** The name used as a metrics label and in the summary: lower case with underscores. */
    public String reason() {
        return reason;
    }

    /** Whether the packet was cut short (by the capture's snapshot length, usually) rather than malformed. */
    public boolean isTruncation() {
        return name().startsWith("TRUNCATED");
    }

    /**
     * Whether a required length and the length there was describe the fault: a cut (the capture or the datagram
     * ends first) or a length field below its minimum. Versions, caps and unknown link types have no lengths.
     */
    public boolean isLengthFault() {
        return lengthFault;
    }
}
