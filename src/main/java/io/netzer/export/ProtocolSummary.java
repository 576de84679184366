package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.IcmpHeader;

/** What a terminal line calls a packet: the innermost protocol decoded, its colour, and ICMP type names. */
final class ProtocolSummary {

    /** The protocol column of a text line. */
    enum Kind {
        TCP("TCP", "\u001b[36m"),
        UDP("UDP", "\u001b[34m"),
        ICMP("ICMP", "\u001b[33m"),
        ICMP6("ICMP6", "\u001b[33m"),
        ARP("ARP", "\u001b[35m"),
        RARP("RARP", "\u001b[35m"),
        IPV4("IPv4", null),
        IPV6("IPv6", null),
        LINK("LINK", null);

        private final String label;
        private final String colour;

        Kind(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        String label() {
            return label;
        }

        String colour() {
            return colour;
        }
    }

    private ProtocolSummary() {
    }

    static Kind kind(Dissector d) {
        if (d.has(Dissector.TCP)) {
            return Kind.TCP;
        }
        if (d.has(Dissector.UDP)) {
            return Kind.UDP;
        }
        if (d.has(Dissector.ICMP)) {
            return d.icmp().isVersion6() ? Kind.ICMP6 : Kind.ICMP;
        }
        if (d.has(Dissector.ARP)) {
            return d.networkType() == EtherTypes.RARP ? Kind.RARP : Kind.ARP;
        }
        if (d.has(Dissector.IPV4)) {
            return Kind.IPV4;
        }
        if (d.has(Dissector.IPV6)) {
            return Kind.IPV6;
        }
        return Kind.LINK;
    }

    /** tcpdump's words for the common ICMP and ICMPv6 types, or null. */
    static String icmpName(IcmpHeader icmp) {
        int type = icmp.type();
        if (icmp.isVersion6()) {
            return switch (type) {
                case 1 -> "unreachable";
                case 2 -> "packet too big";
                case 3 -> "time exceeded";
                case 4 -> "parameter problem";
                case 128 -> "echo request";
                case 129 -> "echo reply";
                case 133 -> "router solicitation";
                case 134 -> "router advertisement";
                case 135 -> "neighbor solicitation";
                case 136 -> "neighbor advertisement";
                case 137 -> "redirect";
                default -> null;
            };
        }
        return switch (type) {
            case 0 -> "echo reply";
            case 3 -> "unreachable";
            case 4 -> "source quench";
            case 5 -> "redirect";
            case 8 -> "echo request";
            case 9 -> "router advertisement";
            case 10 -> "router solicitation";
            case 11 -> "time exceeded";
            case 12 -> "parameter problem";
            case 13 -> "timestamp request";
            case 14 -> "timestamp reply";
            case 17 -> "address mask request";
            case 18 -> "address mask reply";
            default -> null;
        };
    }
}
