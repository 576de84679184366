package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Ipv4Header;
import io.netzer.dissect.Ipv6Header;

/**
 * tcpdump's {@code -v} IP header summary, written into a caller's char array without allocating:
 * {@code (tos 0x0, ttl 64, id 22989, offset 0, flags [DF], proto UDP (17), length 84)} for IPv4 and
 * {@code (flowlabel 0x8a9d4, hlim 64, next-header TCP (6) payload length: 40)} for IPv6 (with {@code class 0x..}
 * first when the traffic class is not zero), as tcpdump's print-ip.c and print-ip6.c write them.
 */
final class IpFieldsText {
    private IpFieldsText() {
    }

    /** Writes the summary of the packet's IP header, if it has one; returns the position after it. */
    static int write(Dissector d, char[] out, int position) {
        if (d.has(Dissector.IPV4)) {
            return ipv4(d.ipv4(), out, position);
        }
        if (d.has(Dissector.IPV6)) {
            return ipv6(d.ipv6(), out, position);
        }
        return position;
    }

    private static int ipv4(Ipv4Header ip, char[] out, int position) {
        position = text("(tos 0x", out, position);
        position = hex(ip.typeOfService(), out, position);
        position = text(", ttl ", out, position);
        position = AddressFormat.decimal(ip.ttl(), out, position);
        position = text(", id ", out, position);
        position = AddressFormat.decimal(ip.identification(), out, position);
        position = text(", offset ", out, position);
        position = AddressFormat.decimal(ip.fragmentOffset() * 8L, out, position);
        position = text(", flags [", out, position);
        // tcpdump's table order: more fragments, then don't fragment.
        if (ip.moreFragments()) {
            position = text(ip.dontFragment() ? "+, DF" : "+", out, position);
        } else {
            position = text(ip.dontFragment() ? "DF" : "none", out, position);
        }
        position = text("], proto ", out, position);
        position = protocol(ip.protocol(), out, position);
        position = text(", length ", out, position);
        position = AddressFormat.decimal(ip.totalLength(), out, position);
        return text(")", out, position);
    }

    private static int ipv6(Ipv6Header ip, char[] out, int position) {
        position = text("(", out, position);
        if (ip.trafficClass() != 0) {
            position = text("class 0x", out, position);
            position = hex(ip.trafficClass(), out, position);
            position = text(", ", out, position);
        }
        if (ip.flowLabel() != 0) {
            position = text("flowlabel 0x", out, position);
            position = hex(ip.flowLabel(), out, position);
            position = text(", ", out, position);
        }
        position = text("hlim ", out, position);
        position = AddressFormat.decimal(ip.hopLimit(), out, position);
        position = text(", next-header ", out, position);
        position = protocol(ip.nextHeader(), out, position);
        position = text(" payload length: ", out, position);
        position = AddressFormat.decimal(ip.payloadLengthField(), out, position);
        return text(")", out, position);
    }

    /** {@code NAME (n)} as tcpdump's protocol table names it, or {@code unknown (n)}. */
    private static int protocol(int number, char[] out, int position) {
        position = text(switch (number) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "frag";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 58 -> "ICMPv6";
            case 59 -> "NONE";
            case 60 -> "DSTOPT";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 112 -> "VRRP";
            case 132 -> "SCTP";
            default -> "unknown";
        }, out, position);
        position = text(" (", out, position);
        position = AddressFormat.decimal(number, out, position);
        return text(")", out, position);
    }

    /** {@code %x}: lowercase hex without leading zeros. */
    private static int hex(int value, char[] out, int position) {
        int digits = 1;
        while (digits < 8 && (value >>> (4 * digits)) != 0) {
            digits++;
        }
        return AddressFormat.hex(value, digits, out, position);
    }
}
