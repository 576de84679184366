package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * Decodes one packet at a time, link layer to transport, into flyweights it owns and reuses: one instance per
 * worker thread, no allocation per packet. After {@link #dissect} the layer accessors describe the packet until
 * the next call. A packet that is cut or malformed keeps the layers decoded before the fault; the fault is
 * counted by reason and returned, never thrown.
 *
 * <p>Each layer's job has a room of its own: the walk to the network header is {@link LinkWalk}'s (the one other
 * readers of link headers share), the transport header {@link TransportLayer}'s, which payloads are tunnels
 * {@link TunnelHeaders}'s, and every fault goes to one {@link FaultRecord}. This class takes the network layer and
 * fragments itself, and strings the rooms together: it enters each tunnel and decodes its inner packet in place of
 * the outer one.
 */
public final class Dissector {
    /** Stacked VLAN tags walked at most; more is counted as {@link DecodeStatus#TOO_MANY_VLAN_TAGS}. */
    public static final int MAX_VLAN_TAGS = 8;

    /** Layer bit: Ethernet II header. */
    public static final int ETHERNET = 1;
    /** Layer bit: Linux cooked header (v1 or v2). */
    public static final int LINUX_COOKED = 1 << 1;
    /** Layer bit: BSD loopback header. */
    public static final int LOOPBACK = 1 << 2;
    /** Layer bit: at least one VLAN tag. */
    public static final int VLAN = 1 << 3;
    /** Layer bit: ARP or RARP. */
    public static final int ARP = 1 << 4;
    /** Layer bit: IPv4. */
    public static final int IPV4 = 1 << 5;
    /** Layer bit: IPv6. */
    public static final int IPV6 = 1 << 6;
    /** Layer bit: TCP. */
    public static final int TCP = 1 << 7;
    /** Layer bit: UDP. */
    public static final int UDP = 1 << 8;
    /** Layer bit: ICMP or ICMPv6. */
    public static final int ICMP = 1 << 9;
    /** Layer bit: at least one MPLS label. */
    public static final int MPLS = 1 << 10;
    /** MPLS labels walked at most; more is counted as {@link DecodeStatus#TOO_MANY_MPLS_LABELS}. */
    public static final int MAX_MPLS_LABELS = 8;
    /** Layer bit: a PPP header (link type PPP or PPP in HDLC framing, or inside PPPoE). */
    public static final int PPP = 1 << 12;
    /** Layer bit: a Cisco HDLC header. */
    public static final int CISCO_HDLC = 1 << 13;
    /** Layer bit: a PPPoE session header. */
    public static final int PPPOE = 1 << 14;
    /** Layer bit: the packet was taken out of at least one tunnel ({@link #tunnels()}). */
    public static final int TUNNEL = 1 << 11;
    /**
     * Tunnels taken off at most. A packet with more is handled as its outer packet, as if no tunnel were
     * decapsulated, and counted as {@link DecodeStatus#TOO_MANY_TUNNELS}: nesting is cheap to send and each
     * level costs a decode, and no network nests three deep (VXLAN in IP-in-IP over a GRE backhaul is two).
     */
    public static final int MAX_TUNNEL_DEPTH = 3;
    private static final int NETWORK_LAYERS = ARP | IPV4 | IPV6 | TCP | UDP | ICMP;

    private final FaultRecord fault = new FaultRecord();
    private final LinkWalk link = new LinkWalk(fault);
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final TransportLayer transport = new TransportLayer(fault);
    private final EthernetHeader innerEthernet = new EthernetHeader();
    private final TunnelHeaders tunnelHeaders = new TunnelHeaders();
    private final TunnelStack tunnels = new TunnelStack(MAX_TUNNEL_DEPTH);
    private final long[] errors = new long[DecodeStatus.values().length];
    private int layers;
    private int networkType;
    private int ipProtocol;
    private long payloadOffset;
    private int payloadLength;
    private long packets;
    private long ipOffset;
    private boolean decapsulate;
    private boolean tooManyTunnels;
    private long tooManyTunnelsOffset;

    /**
     * Decodes a packet.
     *
     * @return 0 when every layer present was decoded, else the negative {@link DecodeStatus} code of the fault
     */
    public int dissect(Packet packet) {
        packets++;
        decode(packet, true);
        if (tooManyTunnels) {
            long tunnelOffset = tooManyTunnelsOffset;
            decode(packet, false);
            if (fault.status() == 0) {
                fault.record(DecodeStatus.TOO_MANY_TUNNELS.code(), DecodeLayer.TUNNEL, tunnelOffset, null);
            }
        }
        int status = fault.status();
        if (status != 0) {
            errors[DecodeStatus.fromCode(status).ordinal()]++;
        }
        return status;
    }

    private void decode(Packet packet, boolean decapsulateTunnels) {
        ipProtocol = -1;
        payloadLength = 0;
        decapsulate = decapsulateTunnels;
        tooManyTunnels = false;
        tunnels.clear();
        MemorySegment segment = packet.segment();
        long start = packet.offset();
        fault.start(start);
        long end = start + packet.capturedLength();
        payloadOffset = end;
        long position = link.walk(packet.linkType(), segment, start, end);
        layers = link.layers();
        networkType = link.networkType();
        if (position >= 0) {
            network(segment, position, end);
        }
    }

    private void network(MemorySegment segment, long position, long end) {
        int available = (int) (end - position);
        switch (networkType) {
            case EtherTypes.IPV4 -> {
                int length = ipv4.wrap(segment, position, available);
                if (length < 0) {
                    fault.record(length, DecodeLayer.IPV4, position, ipv4.lengthFault());
                    return;
                }
                layers |= IPV4;
                ipProtocol = ipv4.protocol();
                ipOffset = position;
                if (ipv4.status() != 0) {
                    fault.record(ipv4.status(), DecodeLayer.IPV4, position, ipv4.lengthFault());
                } else if (ipv4.fragmentOffset() == 0 && !ipv4.moreFragments()
                        && decapsulateIp(segment, 4, position + length, ipv4.payloadLength())) {
                    return;
                } else if (ipv4.fragmentOffset() == 0) {
                    transport(segment, position + length, ipv4.payloadLength(), false);
                } else {
                    payloadOffset = position + length;
                    payloadLength = ipv4.payloadLength();
                }
            }
            case EtherTypes.IPV6 -> {
                int length = ipv6.wrap(segment, position, available);
                if (length < 0) {
                    fault.record(length, DecodeLayer.IPV6, position, ipv6.lengthFault());
                    return;
                }
                layers |= IPV6;
                ipProtocol = ipv6.upperProtocol();
                ipOffset = position;
                if (ipv6.status() != 0) {
                    // The walk stops at the extension header it could not take, where the upper layer would start.
                    fault.record(ipv6.status(), DecodeLayer.IPV6_EXTENSION, position + ipv6.upperOffset(),
                            ipv6.lengthFault());
                } else if (!ipv6.isFragment()
                        && decapsulateIp(segment, 6, position + length, ipv6.upperLength())) {
                    return;
                } else if (ipv6.fragmentOffset() == 0) {
                    transport(segment, position + length, ipv6.upperLength(), true);
                } else {
                    payloadOffset = position + length;
                    payloadLength = ipv6.upperLength();
                }
            }
            case EtherTypes.ARP, EtherTypes.RARP -> {
                int length = arp.wrap(segment, position, available);
                if (length < 0) {
                    fault.record(length, DecodeLayer.ARP, position, arp.lengthFault());
                    return;
                }
                layers |= ARP;
            }
            default -> {
                // Other EtherTypes (LLDP, 802.3 lengths, ...) end the decode at the link layer; not an error.
            }
        }
    }

    private void transport(MemorySegment segment, long position, int available, boolean version6) {
        int length = transport.decode(ipProtocol, segment, position, available, version6);
        if (length < 0) {
            return;
        }
        int layer = transport.layer();
        layers |= layer;
        payloadOffset = position + length;
        payloadLength = available - length;
        if (layer == UDP) {
            decapsulateUdp(segment, version6 ? 6 : 4, payloadOffset, payloadLength);
        }
    }

    /**
     * Takes off IP-in-IP or GRE when {@code ipProtocol} says so and the tunnel header is whole, and decodes what
     * it carries in place of the outer packet.
     *
     * @return whether the packet was decapsulated, or found nested past the cap (it is then decoded again without
     *         tunnels), so that the outer payload is not decoded
     */
    private boolean decapsulateIp(MemorySegment segment, int outerVersion, long position, int available) {
        if (!decapsulate || !tunnelHeaders.inIp(ipProtocol, segment, position, available)) {
            return false;
        }
        if (enter(segment, outerVersion, -1, -1, position)) {
            long end = position + available;
            if (tunnelHeaders.type() == TunnelStack.IP_IN_IP) {
                networkType = tunnelHeaders.innerType();
                network(segment, position, end);
            } else {
                inner(segment, position + tunnelHeaders.length(), end, tunnelHeaders.innerType());
            }
        }
        return true;
    }

    /** Takes off VXLAN or Geneve, recognised by the UDP destination port as libpcap does, when whole. */
    private void decapsulateUdp(MemorySegment segment, int outerVersion, long position, int available) {
        UdpHeader udp = transport.udp();
        if (decapsulate && tunnelHeaders.inUdp(udp.destinationPort(), segment, position, available)
                && enter(segment, outerVersion, udp.sourcePort(), udp.destinationPort(), position)) {
            inner(segment, position + tunnelHeaders.length(), position + available, tunnelHeaders.innerType());
        }
    }

    /**
     * Records the tunnel {@link #tunnelHeaders} found and forgets the outer network and transport layers, so that
     * the accessors describe the inner packet; false (and {@link #tooManyTunnels} set) when the level would pass
     * the depth cap.
     */
    private boolean enter(MemorySegment segment, int outerVersion, int sourcePort, int destinationPort,
            long headerOffset) {
        if (tunnels.depth() == MAX_TUNNEL_DEPTH) {
            tooManyTunnels = true;
            tooManyTunnelsOffset = headerOffset;
            return false;
        }
        tunnels.push(tunnelHeaders.type(), segment, ipOffset, outerVersion, sourcePort, destinationPort,
                tunnelHeaders.id(), headerOffset);
        layers = (layers & ~NETWORK_LAYERS) | TUNNEL;
        ipProtocol = -1;
        payloadLength = 0;
        return true;
    }

    /**
     * Decodes a tunnel's payload: an Ethernet frame when {@code etherType} is -1, else the network layer it
     * names. A cut inner Ethernet header is the inner packet's truncation. The inner frame's 802.1Q and 802.1ad
     * tags join the outer frame's in {@link #vlanId}, after them, as tshark lists a frame's {@code vlan.id}s.
     */
    private void inner(MemorySegment segment, long position, long end, int etherType) {
        payloadOffset = position;
        if (etherType < 0) {
            int length = innerEthernet.wrap(segment, position, (int) (end - position));
            if (length < 0) {
                fault.record(length, DecodeLayer.ETHERNET, position, innerEthernet.lengthFault());
                return;
            }
            position = link.innerVlanTags(segment, position + length, end, innerEthernet.etherType());
            layers |= link.layers();
            networkType = link.networkType();
            if (position < 0) {
                return;
            }
        } else {
            networkType = etherType;
        }
        network(segment, position, end);
    }

    /** The layers decoded for the current packet, as a bit set of the layer constants. */
    public int layers() {
        return layers;
    }

    /** Whether {@code layer} (one of the layer constants) was decoded. */
    public boolean has(int layer) {
        return (layers & layer) != 0;
    }

    /** 0, or the negative {@link DecodeStatus} code of the current packet's fault. */
    public int status() {
        return fault.status();
    }

    /** The layer where the current packet's decode stopped, or null when {@link #status()} is 0. */
    public DecodeLayer faultLayer() {
        return fault.layer();
    }

    /**
     * Where {@link #faultLayer()} starts, in bytes from the first byte of the frame (etherparse's
     * {@code layer_start_offset}); valid when {@link #status()} is not 0.
     */
    public long faultOffset() {
        return fault.offset();
    }

    /**
     * The bytes {@link #faultLayer()} required (its header, the length its fields declare, or a length field's
     * minimum), or -1 when the fault is not a {@linkplain DecodeStatus#isLengthFault() length fault}.
     */
    public int faultRequiredLength() {
        return fault.required();
    }

    /**
     * The bytes there were for {@link #faultLayer()}: left in the capture, or in the IP datagram when its length
     * field ends first, or the value of a length field below its minimum; -1 when not a length fault.
     */
    public int faultActualLength() {
        return fault.actual();
    }

    /** The EtherType after link header and VLAN tags, or -1 when the link layer gives none. */
    public int networkType() {
        return networkType;
    }

    /** The IP protocol (after IPv6 extension headers), or -1 without IP. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** Where the MPLS label stack starts in the packet's segment; valid when {@link #MPLS} is set. */
    public long mplsOffset() {
        return link.mplsOffset();
    }

    /** MPLS labels walked (each four bytes from {@link #mplsOffset()}), at most {@link #MAX_MPLS_LABELS}. */
    public int mplsLabelCount() {
        return link.mplsLabelCount();
    }

    /** VLAN tags seen. */
    public int vlanCount() {
        return link.vlanCount();
    }

    /**
     * VLAN tags of the outer frame; those from {@code outerVlanCount()} to {@link #vlanCount()} are the tags of the
     * Ethernet frame inside a tunnel.
     */
    public int outerVlanCount() {
        return link.outerVlanCount();
    }

    /** VLAN id of tag {@code index}, outermost first (the tags of a tunnelled frame after the outer frame's). */
    public int vlanId(int index) {
        return link.vlanId(index);
    }

    /** Absolute offset of the bytes after the last decoded header (transport payload for TCP/UDP). */
    public long payloadOffset() {
        return payloadOffset;
    }

    /** Bytes present after the last decoded header within the IP datagram. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The Ethernet header; valid when {@link #ETHERNET} is set. */
    public EthernetHeader ethernet() {
        return link.ethernet();
    }

    /** The Linux cooked header; valid when {@link #LINUX_COOKED} is set. */
    public LinuxCookedHeader cooked() {
        return link.cooked();
    }

    /** The loopback header; valid when {@link #LOOPBACK} is set. */
    public LoopbackHeader loopback() {
        return link.loopback();
    }

    /** The ARP packet; valid when {@link #ARP} is set. */
    public ArpPacket arp() {
        return arp;
    }

    /** The IPv4 header; valid when {@link #IPV4} is set. */
    public Ipv4Header ipv4() {
        return ipv4;
    }

    /** The IPv6 header; valid when {@link #IPV6} is set. */
    public Ipv6Header ipv6() {
        return ipv6;
    }

    /** The TCP header; valid when {@link #TCP} is set. */
    public TcpHeader tcp() {
        return transport.tcp();
    }

    /** The UDP header; valid when {@link #UDP} is set. */
    public UdpHeader udp() {
        return transport.udp();
    }

    /** The ICMP or ICMPv6 header; valid when {@link #ICMP} is set. */
    public IcmpHeader icmp() {
        return transport.icmp();
    }

    /** The tunnels the current packet was taken out of, outermost first; empty unless {@link #TUNNEL} is set. */
    public TunnelStack tunnels() {
        return tunnels;
    }

    /** The PPP protocol field; valid when {@link #PPP} is set without {@link #PPPOE}. */
    public PppHeader ppp() {
        return link.ppp();
    }

    /** The Cisco HDLC header; valid when {@link #CISCO_HDLC} is set. */
    public CiscoHdlcHeader ciscoHdlc() {
        return link.ciscoHdlc();
    }

    /** The PPPoE session header; valid when {@link #PPPOE} is set. */
    public PppoeSession pppoe() {
        return link.pppoe();
    }

    /** The Ethernet header inside the innermost Ethernet-carrying tunnel (VXLAN, Geneve, GRE bridging). */
    public EthernetHeader innerEthernet() {
        return innerEthernet;
    }

    /** Packets dissected since creation. */
    public long packets() {
        return packets;
    }

    /** Packets whose decode stopped for {@code reason} since creation. */
    public long errors(DecodeStatus reason) {
        return errors[reason.ordinal()];
    }
}
