package io.netzer.service;

import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.EventContext;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A packet made of headers only, built from an event's endpoints, for the subscribers' filters to judge an event no
 * packet produced (a flow that ended by timeout or at the end of the capture, a TLS handshake or HTTP request
 * resolved at its flow's end), as Wireshark's conversation filters judge a conversation by its addresses and ports:
 *
 * <pre>
 * link header (the capture's link type: Ethernet with zero MACs, Linux cooked v1/v2, or none for raw IP;
 *              Ethernet for any other)
 * IPv4 (20 bytes, TTL 64, no options) or IPv6 (40 bytes, hop limit 64, no extension headers)
 * TCP (20 bytes, no flags), UDP (8 bytes), or 8 zero bytes for any other protocol
 * </pre>
 *
 * Source and destination are the event's (for a flow event, its initiator is the source). What such a packet does
 * not have, a filter cannot find: payload, flags, VLAN tags, tunnels, MAC addresses. Built into one reused buffer:
 * nothing is allocated per event. One per worker.
 */
final class HeaderOnlyPacket {
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int SLL_HEADER_LENGTH = 16;
    private static final int SLL2_HEADER_LENGTH = 20;
    private static final int ARPHRD_ETHER = 1;
    private static final int MAC_LENGTH = 6;
    private static final int IPV4_HEADER_LENGTH = 20;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int TCP_HEADER_LENGTH = 20;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int OTHER_HEADER_LENGTH = 8;
    private static final int HOP_LIMIT = 64;
    private static final int MAX_LENGTH = SLL2_HEADER_LENGTH + IPV6_HEADER_LENGTH + TCP_HEADER_LENGTH;

    private final int linkType;
    private final byte[] bytes = new byte[MAX_LENGTH];
    private final MemorySegment segment = MemorySegment.ofArray(bytes);
    private final Packet packet = new Packet();

    /** A builder of packets with the link type of the capture. */
    HeaderOnlyPacket(int captureLinkType) {
        this.linkType = captureLinkType;
    }

    /**
     * The packet of {@code endpoints}, valid until the next call.
     */
    Packet of(EventContext endpoints) {
        boolean v6 = endpoints.addressLength() == 16;
        int etherType = v6 ? EtherTypes.IPV6 : EtherTypes.IPV4;
        int type = linkFor(v6);
        Arrays.fill(bytes, (byte) 0);
        int p = link(type, etherType);
        int protocol = endpoints.ipProtocol();
        int transportLength = protocol == EtherTypes.PROTO_TCP ? TCP_HEADER_LENGTH
                : protocol == EtherTypes.PROTO_UDP ? UDP_HEADER_LENGTH : OTHER_HEADER_LENGTH;
        if (v6) {
            bytes[p] = 0x60;                                              // version 6
            u16(p + 4, transportLength);                                  // payload length
            bytes[p + 6] = (byte) protocol;                               // next header
            bytes[p + 7] = HOP_LIMIT;
            endpoints.address(true, bytes, p + 8);
            endpoints.address(false, bytes, p + 24);
            p += IPV6_HEADER_LENGTH;
        } else {
            bytes[p] = 0x45;                                              // version 4, IHL 5
            u16(p + 2, IPV4_HEADER_LENGTH + transportLength);             // total length
            bytes[p + 8] = HOP_LIMIT;                                     // TTL
            bytes[p + 9] = (byte) protocol;
            endpoints.address(true, bytes, p + 12);
            endpoints.address(false, bytes, p + 16);
            p += IPV4_HEADER_LENGTH;
        }
        if (protocol == EtherTypes.PROTO_TCP || protocol == EtherTypes.PROTO_UDP) {
            u16(p, Math.max(endpoints.sourcePort(), 0));
            u16(p + 2, Math.max(endpoints.destinationPort(), 0));
            if (protocol == EtherTypes.PROTO_TCP) {
                bytes[p + 12] = (byte) ((TCP_HEADER_LENGTH / 4) << 4);    // data offset
            } else {
                u16(p + 4, transportLength);                              // UDP length
            }
        }
        int length = p + transportLength;
        return packet.wrap(segment, 0, length, length, endpoints.timestampNanos(), type,
                Math.max(endpoints.interfaceIndex(), 0), 0);
    }

    /** The capture's link type when a header of it can carry the IP version, else Ethernet. */
    private int linkFor(boolean v6) {
        return switch (linkType) {
            case LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.RAW_BSD,
                    LinkType.RAW_OPENBSD -> linkType;
            case LinkType.IPV4 -> v6 ? LinkType.ETHERNET : linkType;
            case LinkType.IPV6 -> v6 ? linkType : LinkType.ETHERNET;
            default -> LinkType.ETHERNET;
        };
    }

    /** Writes the link header; returns its length. */
    private int link(int type, int etherType) {
        return switch (type) {
            case LinkType.ETHERNET -> {
                u16(2 * MAC_LENGTH, etherType);
                yield ETHERNET_HEADER_LENGTH;
            }
            case LinkType.LINUX_SLL -> {
                u16(2, ARPHRD_ETHER);                                     // packet type 0 (to us), ARPHRD
                u16(4, MAC_LENGTH);                                       // address length, address zero
                u16(14, etherType);
                yield SLL_HEADER_LENGTH;
            }
            case LinkType.LINUX_SLL2 -> {
                u16(0, etherType);                                        // protocol, reserved, interface 0
                u16(8, ARPHRD_ETHER);
                bytes[11] = MAC_LENGTH;                                   // packet type 0, address length
                yield SLL2_HEADER_LENGTH;
            }
            default -> 0;
        };
    }

    private void u16(int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }
}
