package io.netzer.export;

import static io.netzer.export.AddressFormat.text;

import io.netzer.dissect.CiscoHdlcHeader;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.dissect.PppHeader;

/**
 * tcpdump's {@code -e}: the link-level header in front of a line, written into a caller's char array without
 * allocating. Ethernet as {@code 00:11:22:33:44:55 > 66:77:88:99:aa:bb, ethertype IPv4 (0x0800), length 98:};
 * Linux cooked as {@code ethertype IPv4 (0x0800), length 98:} (with the sender's MAC first when it has one);
 * BSD loopback as {@code AF IPv4 (2), length 88:}; PPP (9) as {@code IP (0x0021), length 44:}; Cisco HDLC as
 * {@code unicast, ethertype IPv4 (0x0800), length 44:}; raw IP and PPP in HDLC framing as {@code length N:};
 * other link types as {@code link-type N, length N:}.
 */
final class LinkHeaderText {
    private LinkHeaderText() {
    }

    /** Writes the link header of {@code packet}; returns the position after the colon. */
    static int write(Packet packet, Dissector d, char[] out, int position) {
        if (d.has(Dissector.ETHERNET)) {
            position = AddressFormat.mac(d.ethernet().sourceMac(), out, position);
            position = text(" > ", out, position);
            position = AddressFormat.mac(d.ethernet().destinationMac(), out, position);
            position = etherType(d.ethernet().etherType(), out, text(", ", out, position));
        } else if (d.has(Dissector.LINUX_COOKED)) {
            if (d.cooked().hasSourceMac()) {
                position = text(" ", out, AddressFormat.mac(d.cooked().sourceMac(), out, position));
            }
            position = etherType(d.cooked().protocol(), out, position);
        } else if (d.has(Dissector.LOOPBACK)) {
            position = text("AF ", out, position);
            position = text(d.loopback().etherType() == EtherTypes.IPV6 ? "IPv6 (" : "IPv4 (", out, position);
            position = AddressFormat.decimal(d.loopback().family(), out, position);
            position = text(")", out, position);
        } else if (d.has(Dissector.CISCO_HDLC)) {
            position = text(d.ciscoHdlc().address() == CiscoHdlcHeader.BROADCAST ? "bcast, " : "unicast, ", out,
                    position);
            position = etherType(d.ciscoHdlc().protocol(), out, position);
        } else if (d.has(Dissector.PPP) && packet.linkType() == LinkType.PPP) {
            String name = pppName(d.ppp().protocol());
            position = text(name == null ? "unknown (0x" : name + " (0x", out, position);
            position = text(")", out, AddressFormat.hex(d.ppp().protocol(), 4, out, position));
        } else if (packet.linkType() != LinkType.RAW && packet.linkType() != LinkType.IPV4
                && packet.linkType() != LinkType.IPV6 && packet.linkType() != LinkType.PPP_HDLC) {
            position = text("link-type ", out, position);
            position = AddressFormat.decimal(packet.linkType(), out, position);
        }
        if (position > 0 && out[position - 1] != ' ') {
            position = text(", ", out, position);
        }
        position = text("length ", out, position);
        position = AddressFormat.decimal(packet.wireLength(), out, position);
        return text(":", out, position);
    }

    /** {@code ethertype NAME (0xhhhh)}, or {@code 802.3} for a length field, as tcpdump's ether printer. */
    private static int etherType(int type, char[] out, int position) {
        if (type < 0x0600) {
            return text("802.3", out, position);
        }
        position = text("ethertype ", out, position);
        String name = name(type);
        if (name != null) {
            position = text(" (", out, text(name, out, position));
        } else {
            position = text("Unknown (", out, position);
        }
        position = text("0x", out, position);
        position = AddressFormat.hex(type, 4, out, position);
        return text(")", out, position);
    }

    /** tcpdump's names for the PPP protocols a capture commonly carries (print-ppp.c). */
    private static String pppName(int protocol) {
        return switch (protocol) {
            case PppHeader.PROTOCOL_IPV4 -> "IP";
            case PppHeader.PROTOCOL_IPV6 -> "IP6";
            case PppHeader.PROTOCOL_MPLS_UNICAST -> "MPLS";
            case PppHeader.PROTOCOL_MPLS_MULTICAST -> "MPLS mcast";
            case 0xc021 -> "LCP";
            case 0x8021 -> "IPCP";
            case 0x8057 -> "IP6CP";
            case 0xc023 -> "PAP";
            case 0xc223 -> "CHAP";
            default -> null;
        };
    }

    /** tcpdump's names for the EtherTypes a capture commonly carries. */
    private static String name(int type) {
        return switch (type) {
            case EtherTypes.IPV4 -> "IPv4";
            case EtherTypes.IPV6 -> "IPv6";
            case EtherTypes.ARP -> "ARP";
            case EtherTypes.RARP -> "Reverse ARP";
            case 0x8100 -> "802.1Q";
            case 0x88a8 -> "802.1Q-QinQ";
            case 0x9100 -> "802.1Q-9100";
            case EtherTypes.MPLS_UNICAST -> "MPLS unicast";
            case EtherTypes.MPLS_MULTICAST -> "MPLS multicast";
            case 0x8863 -> "PPPoE D";
            case 0x8864 -> "PPPoE S";
            case 0x88cc -> "LLDP";
            case 0x888e -> "EAPOL";
            case 0x88f7 -> "PTP";
            default -> null;
        };
    }
}
