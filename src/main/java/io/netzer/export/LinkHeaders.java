package io.netzer.export;

import io.netzer.dissect.CiscoHdlcHeader;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.EthernetHeader;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.LinuxCookedHeader;
import io.netzer.dissect.LoopbackHeader;
import io.netzer.dissect.Packet;
import io.netzer.dissect.Wire;

/**
 * How many bytes of a packet tcpdump counts as its link-layer header (what {@code -x}, {@code -X} and {@code -A}
 * leave out): the Ethernet header with its 802.1Q/802.1ad tags, the Linux cooked header, the BSD loopback family;
 * the PPP or Cisco HDLC header; nothing for raw IP. Never more than was captured.
 */
final class LinkHeaders {
    private static final int VLAN_TAG_LENGTH = 4;

    private LinkHeaders() {
    }

    static int length(Packet packet, Dissector d) {
        int length = switch (packet.linkType()) {
            case LinkType.ETHERNET -> EthernetHeader.HEADER_LENGTH + VLAN_TAG_LENGTH * d.outerVlanCount();
            case LinkType.LINUX_SLL -> LinuxCookedHeader.V1_LENGTH;
            case LinkType.LINUX_SLL2 -> LinuxCookedHeader.V2_LENGTH;
            case LinkType.NULL -> LoopbackHeader.LENGTH;
            case LinkType.C_HDLC -> CiscoHdlcHeader.HEADER_LENGTH;
            case LinkType.PPP, LinkType.PPP_HDLC -> pppLength(packet);
            default -> 0;
        };
        return Math.min(length, packet.capturedLength());
    }

    /** tcpdump's PPP printers count the HDLC framing when present and the protocol field (4 or 2 bytes). */
    private static int pppLength(Packet packet) {
        boolean framed = packet.capturedLength() >= 2
                && Wire.u16(packet.segment(), packet.offset()) == 0xff03;
        return framed ? 4 : 2;
    }
}
