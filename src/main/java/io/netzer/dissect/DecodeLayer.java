package io.netzer.dissect;

/**
 * The layer where a packet's decode stopped ({@link Dissector#faultLayer()}). Keywords are those of
 * {@code network.type} and {@code network.transport} where ECS has one (so a fault's layer reads like the fields
 * beside it), else the header's usual short name.
 */
public enum DecodeLayer {
    /** A link type NetZer does not dissect. */
    LINK("link"),
    /** The IP header a raw-IP link type promises, before its version is known. */
    IP("ip"),
    /** Ethernet II, outer or inside a tunnel. */
    ETHERNET("ethernet"),
    /** Linux cooked header v1. */
    LINUX_SLL("linux_sll"),
    /** Linux cooked header v2. */
    LINUX_SLL2("linux_sll2"),
    /** BSD loopback header. */
    LOOPBACK("loopback"),
    /** PPP framing and protocol field. */
    PPP("ppp"),
    /** Cisco HDLC header. */
    CISCO_HDLC("cisco_hdlc"),
    /** 802.1Q/802.1ad tag. */
    VLAN("vlan"),
    /** MPLS label. */
    MPLS("mpls"),
    /** PPPoE session header. */
    PPPOE("pppoe"),
    /** ARP or RARP. */
    ARP("arp"),
    /** IPv4 header. */
    IPV4("ipv4"),
    /** IPv6 fixed header. */
    IPV6("ipv6"),
    /** An IPv6 extension header. */
    IPV6_EXTENSION("ipv6_extension"),
    /** TCP header. */
    TCP("tcp"),
    /** UDP header. */
    UDP("udp"),
    /** ICMP header. */
    ICMP("icmp"),
    /** ICMPv6 header. */
    ICMPV6("ipv6-icmp"),
    /** The tunnel header (or inner IP header of IP-in-IP) one level past {@link Dissector#MAX_TUNNEL_DEPTH}. */
    TUNNEL("tunnel");

    private final String keyword;

    DecodeLayer(String keyword) {
        this.keyword = keyword;
    }

    /** The layer's name in {@code netzer.decode.layer}. */
    public String keyword() {
        return keyword;
    }
}
