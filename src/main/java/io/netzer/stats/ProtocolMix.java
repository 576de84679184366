package io.netzer.stats;

import java.util.List;

/**
 * The protocol classes of the dashboard's protocol mix, as small indexes a worker counts into an array. The
 * transport decides when there is one (TCP, UDP, ICMP, ICMPv6); otherwise the network layer (ARP, other IPv4 or
 * IPv6); anything else is {@link #OTHER}.
 */
public final class ProtocolMix {
    /** TCP over IPv4 or IPv6. */
    public static final int TCP = 0;
    /** UDP over IPv4 or IPv6. */
    public static final int UDP = 1;
    /** ICMP (IPv4). */
    public static final int ICMP = 2;
    /** ICMPv6. */
    public static final int ICMPV6 = 3;
    /** ARP. */
    public static final int ARP = 4;
    /** IPv4 or IPv6 with another transport (GRE, ESP, SCTP, ...). */
    public static final int OTHER_IP = 5;
    /** Neither IP nor ARP (LLDP, STP, frames not decoded). */
    public static final int OTHER = 6;
    /** How many classes there are. */
    public static final int COUNT = 7;

    /** The classes' names, by index: also the values of the {@code protocol} metrics label. */
    public static final List<String> NAMES = List.of("tcp", "udp", "icmp", "icmpv6", "arp", "other-ip", "other");

    private ProtocolMix() {
    }
}
