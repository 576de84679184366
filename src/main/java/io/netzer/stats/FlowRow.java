package io.netzer.stats;

/**
 * One flow as the dashboard's top-flows table shows it, taken from a flow event (its end, or an update at the
 * active timeout) or from its worker's live publication while it runs. Directions as in flow events: the source
 * is the initiator.
 *
 * @param source             the initiator's address as text
 * @param sourcePort         its TCP or UDP port, 0 for other protocols
 * @param destination        the responder's address as text
 * @param destinationPort    its TCP or UDP port, 0 for other protocols
 * @param protocol           the IP protocol number (after IPv6 extension headers)
 * @param ipv6               whether the flow is IPv6
 * @param vlan               the outer 802.1Q VLAN id, or -1 for an untagged flow
 * @param bytes              bytes on the wire, both directions
 * @param packets            packets, both directions
 * @param startNanos         first packet, nanoseconds since the epoch
 * @param endNanos           last packet, nanoseconds since the epoch
 * @param state              {@code netzer.flow.state}
 * @param endReason          {@code netzer.flow.end_reason} ({@code active_timeout}: the flow goes on), or null for a
 *                           live row (the flow runs, counts so far)
 * @param retransmittedBytes TCP bytes seen again after reassembly handed them on; -1 when not reassembled
 */
public record FlowRow(String source, int sourcePort, String destination, int destinationPort, int protocol,
        boolean ipv6, int vlan, long bytes, long packets, long startNanos, long endNanos, String state,
        String endReason, long retransmittedBytes) {
    private static final int ICMP = 1;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;
    private static final String ACTIVE_TIMEOUT = "active_timeout";

    /**
     * A row from raw addresses.
     *
     * @param source      the initiator's address, 4 or 16 bytes, network order
     * @param destination the responder's address, as long as the source's
     */
    public static FlowRow of(byte[] source, int sourcePort, byte[] destination, int destinationPort, int protocol,
            int vlan, long bytes, long packets, long startNanos, long endNanos, String state, String endReason,
            long retransmittedBytes) {
        return new FlowRow(Ipv6Text.address(source), sourcePort, Ipv6Text.address(destination), destinationPort,
                protocol, source.length == 16, vlan, bytes, packets, startNanos, endNanos, state, endReason,
                retransmittedBytes);
    }

    /** Whether {@code other} reports the same flow (a later update or its end): same endpoints and start. */
    public boolean sameFlow(FlowRow other) {
        return startNanos == other.startNanos && protocol == other.protocol && vlan == other.vlan
                && sourcePort == other.sourcePort
                && destinationPort == other.destinationPort && source.equals(other.source)
                && destination.equals(other.destination);
    }

    /** Whether this row is the flow's final report (not a live row, not an active-timeout update). */
    public boolean ended() {
        return endReason != null && !endReason.equals(ACTIVE_TIMEOUT);
    }

    /**
     * Whether this report of the same flow should replace {@code held}: a final row is never replaced by a live or
     * updated one (a live row published before the flow ended may arrive after its end), nor a report by an older.
     */
    public boolean supersedes(FlowRow held) {
        return (ended() || !held.ended()) && endNanos >= held.endNanos;
    }

    /** {@code network.transport}: {@code tcp}, {@code udp}, {@code icmp}, {@code ipv6-icmp}, or the number. */
    public String transport() {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "ipv6-icmp";
            default -> Integer.toString(protocol);
        };
    }

    /** Nanoseconds from the first packet to the last. */
    public long durationNanos() {
        return endNanos - startNanos;
    }

    /**
     * The filter, in tcpdump's language, that selects this flow's packets both ways, e.g.
     * {@code tcp and host 10.0.0.1 and port 40000 and host 10.0.0.2 and port 443}, after {@code vlan ID and} for
     * a tagged flow (as in libpcap, the filter reads past a VLAN tag only after {@code vlan}): what a click on the
     * row sets as the live events' filter.
     */
    public String filter() {
        String proto = switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmp6";
            default -> (ipv6 ? "ip6" : "ip") + " proto " + protocol;
        };
        boolean ports = protocol == TCP || protocol == UDP;
        StringBuilder filter = new StringBuilder();
        if (vlan >= 0) {
            filter.append("vlan ").append(vlan).append(" and ");
        }
        filter.append(proto).append(" and host ").append(source);
        if (ports) {
            filter.append(" and port ").append(sourcePort);
        }
        filter.append(" and host ").append(destination);
        if (ports) {
            filter.append(" and port ").append(destinationPort);
        }
        return filter.toString();
    }
}
