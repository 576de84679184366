package io.netzer.dissect;

/** The EtherTypes and IP protocol numbers the dissector knows by name. */
public final class EtherTypes {
    /** IPv4. */
    public static final int IPV4 = 0x0800;
    /** ARP. */
    public static final int ARP = 0x0806;
    /** Reverse ARP (same packet layout as ARP). */
    public static final int RARP = 0x8035;
    /** IPv6. */
    public static final int IPV6 = 0x86dd;
    /** MPLS unicast. */
    public static final int MPLS_UNICAST = 0x8847;
    /** MPLS multicast. */
    public static final int MPLS_MULTICAST = 0x8848;

    /** ICMP. */
    public static final int PROTO_ICMP = 1;
    /** TCP. */
    public static final int PROTO_TCP = 6;
    /** UDP. */
    public static final int PROTO_UDP = 17;
    /** ICMPv6. */
    public static final int PROTO_ICMPV6 = 58;
    /** SCTP. */
    public static final int PROTO_SCTP = 132;

    private EtherTypes() {
    }
}
