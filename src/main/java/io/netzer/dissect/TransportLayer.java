package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The transport header an IP datagram carries, when it is one the dissector decodes: TCP, UDP, or ICMP (ICMPv6 in
 * IPv6 only, ICMP in IPv4 only). Any other protocol is left as payload. A header with a bad field past its length
 * (a TCP option, a UDP length) is kept with its fault recorded; a cut header is not kept. The flyweights stay
 * readable until the next datagram, nothing is allocated.
 */
final class TransportLayer {
    private final TcpHeader tcp = new TcpHeader();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final FaultRecord fault;
    private int layer;

    TransportLayer(FaultRecord fault) {
        this.fault = fault;
    }

    /**
     * Decodes the transport header of IP protocol {@code ipProtocol} at {@code position}, where the datagram has
     * {@code available} bytes left.
     *
     * @return the header's length (0 when the protocol is not decoded: {@link #layer()} is then 0), or -1 when the
     *         header is cut or malformed (the fault is recorded)
     */
    int decode(int ipProtocol, MemorySegment segment, long position, int available, boolean version6) {
        int length;
        DecodeLayer faultAt;
        LengthFault lengths;
        layer = 0;
        switch (ipProtocol) {
            case EtherTypes.PROTO_TCP -> {
                length = tcp.wrap(segment, position, available);
                layer = Dissector.TCP;
                faultAt = DecodeLayer.TCP;
                lengths = tcp.lengthFault();
                if (length > 0 && tcp.status() != 0) {
                    fault.record(tcp.status(), faultAt, position, lengths);
                }
            }
            case EtherTypes.PROTO_UDP -> {
                length = udp.wrap(segment, position, available);
                layer = Dissector.UDP;
                faultAt = DecodeLayer.UDP;
                lengths = udp.lengthFault();
                if (length > 0 && udp.status() != 0) {
                    fault.record(udp.status(), faultAt, position, lengths);
                }
            }
            case EtherTypes.PROTO_ICMP, EtherTypes.PROTO_ICMPV6 -> {
                boolean icmp6 = ipProtocol == EtherTypes.PROTO_ICMPV6;
                if (icmp6 != version6) {
                    return 0;
                }
                length = icmp.wrap(segment, position, available, icmp6);
                layer = Dissector.ICMP;
                faultAt = icmp6 ? DecodeLayer.ICMPV6 : DecodeLayer.ICMP;
                lengths = icmp.lengthFault();
            }
            default -> {
                return 0;
            }
        }
        if (length < 0) {
            layer = 0;
            fault.record(length, faultAt, position, lengths);
            return -1;
        }
        return length;
    }

    /** The layer bit of the header decoded: {@link Dissector#TCP}, {@code UDP} or {@code ICMP}; else 0. */
    int layer() {
        return layer;
    }

    /** The TCP header; valid when {@link #layer()} was {@link Dissector#TCP}. */
    TcpHeader tcp() {
        return tcp;
    }

    /** The UDP header; valid when {@link #layer()} was {@link Dissector#UDP}. */
    UdpHeader udp() {
        return udp;
    }

    /** The ICMP or ICMPv6 header; valid when {@link #layer()} was {@link Dissector#ICMP}. */
    IcmpHeader icmp() {
        return icmp;
    }
}
