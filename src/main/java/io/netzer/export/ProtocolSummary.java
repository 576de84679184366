package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;

/** What a terminal line calls a packet: the innermost protocol decoded, and its colour. */
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
}
