package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * Recognises the tunnel headers the {@link Dissector} takes off, in an IP payload (IP-in-IP, GRE with ERSPAN) or a
 * UDP payload (VXLAN, Geneve, by destination port as libpcap does), and says what the tunnel is and where and what
 * its inner packet is. Only a whole header that carries something decodable counts as a tunnel; anything else is
 * left as the outer packet's payload. A flyweight: the last answer stays readable until the next question, nothing
 * is allocated.
 */
final class TunnelHeaders {
    private static final int PROTO_IPIP = 4;
    private static final int PROTO_IPV6 = 41;
    private static final int PROTO_GRE = 47;
    private static final int ERSPAN_II_LENGTH = 8;

    private final GreHeader gre = new GreHeader();
    private final VxlanHeader vxlan = new VxlanHeader();
    private final GeneveHeader geneve = new GeneveHeader();
    private int type;
    private int length;
    private int innerType;
    private long id;

    /**
     * Whether the payload of IP protocol {@code ipProtocol} at {@code position} is a tunnel: IPv4 in IP (4) or IPv6
     * in IP (41) whose version nibble agrees, or GRE carrying IP, transparent Ethernet bridging or ERSPAN.
     */
    boolean inIp(int ipProtocol, MemorySegment segment, long position, int available) {
        switch (ipProtocol) {
            case PROTO_IPIP, PROTO_IPV6 -> {
                int inner = LinkWalk.etherTypeOfIpVersion(segment, position, position + available);
                if (inner != (ipProtocol == PROTO_IPIP ? EtherTypes.IPV4 : EtherTypes.IPV6)) {
                    return false;
                }
                return found(TunnelStack.IP_IN_IP, 0, inner, -1);
            }
            case PROTO_GRE -> {
                int headerLength = gre.wrap(segment, position, available);
                if (headerLength < 0) {
                    return false;
                }
                int protocol = gre.protocolType();
                boolean ethernet = protocol == GreHeader.TRANSPARENT_ETHERNET || protocol == GreHeader.ERSPAN;
                if (!ethernet && protocol != EtherTypes.IPV4 && protocol != EtherTypes.IPV6) {
                    return false;
                }
                if (protocol == GreHeader.ERSPAN && gre.hasSequence()) {
                    headerLength += ERSPAN_II_LENGTH;
                }
                if (available < headerLength) {
                    return false;
                }
                return found(TunnelStack.GRE, headerLength, ethernet ? -1 : protocol, gre.key());
            }
            default -> {
                return false;
            }
        }
    }

    /** Whether the payload of a UDP datagram to {@code destinationPort} at {@code position} is VXLAN or Geneve. */
    boolean inUdp(int destinationPort, MemorySegment segment, long position, int available) {
        if (destinationPort == VxlanHeader.PORT || destinationPort == VxlanHeader.LINUX_PORT) {
            int headerLength = vxlan.wrap(segment, position, available);
            return headerLength > 0 && found(TunnelStack.VXLAN, headerLength, -1, vxlan.vni());
        }
        if (destinationPort == GeneveHeader.PORT) {
            int headerLength = geneve.wrap(segment, position, available);
            int protocol = headerLength > 0 ? geneve.protocolType() : -1;
            if (protocol == GreHeader.TRANSPARENT_ETHERNET) {
                return found(TunnelStack.GENEVE, headerLength, -1, geneve.vni());
            }
            return (protocol == EtherTypes.IPV4 || protocol == EtherTypes.IPV6)
                    && found(TunnelStack.GENEVE, headerLength, protocol, geneve.vni());
        }
        return false;
    }

    private boolean found(int tunnelType, int headerLength, int carried, long tunnelId) {
        type = tunnelType;
        length = headerLength;
        innerType = carried;
        id = tunnelId;
        return true;
    }

    /** The tunnel found, one of {@link TunnelStack}'s types. */
    int type() {
        return type;
    }

    /** The tunnel's header length: its inner packet starts this far after the header's start. */
    int length() {
        return length;
    }

    /** The EtherType of the inner packet, or -1 when it is an Ethernet frame. */
    int innerType() {
        return innerType;
    }

    /** The VXLAN or Geneve VNI or the GRE key, or -1 when the tunnel carries none. */
    long id() {
        return id;
    }
}
