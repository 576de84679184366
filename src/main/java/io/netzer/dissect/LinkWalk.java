package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The walk from a frame's first byte to its network header: the link header its link type names (Ethernet II, Linux
 * cooked v1/v2, BSD loopback, raw IP, PPP, Cisco HDLC), then 802.1Q/802.1ad tags, a PPPoE session header and an MPLS
 * label stack, each when the type before it says so. It is the only such walk: the {@link Dissector} decodes on from
 * where it ends, and a file worker's share of the packets ({@code pipeline.WorkerShare}) hashes the addresses found
 * there, so a link type added here reaches both.
 *
 * <pre>
 *   link header | VLAN tag ... (up to 8) | PPPoE session + PPP protocol | MPLS label ... (up to 8) | network header
 * </pre>
 *
 * <p>A flyweight reused for every packet: the headers it passed stay readable through its accessors until the next
 * walk, a fault is recorded (never thrown, never counted: the dissector counts), nothing is allocated.
 */
public final class LinkWalk {
    private static final int MPLS_LABEL_LENGTH = 4;
    private static final int MPLS_BOTTOM_OF_STACK = 0x100;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final LinuxCookedHeader cooked = new LinuxCookedHeader();
    private final LoopbackHeader loopback = new LoopbackHeader();
    private final VlanTag vlanTag = new VlanTag();
    private final PppHeader ppp = new PppHeader();
    private final CiscoHdlcHeader ciscoHdlc = new CiscoHdlcHeader();
    private final PppoeSession pppoe = new PppoeSession();
    private final int[] vlanIds = new int[Dissector.MAX_VLAN_TAGS];
    private final FaultRecord fault;
    private int layers;
    private int networkType;
    private int vlanCount;
    private int outerVlanCount;
    private long mplsOffset;
    private int mplsLabelCount;

    /** A walk of its own, whose faults nobody reads (a key that only needs the network header's start). */
    public LinkWalk() {
        this(new FaultRecord());
    }

    /** A walk that records its faults where the rest of the decode records its own. */
    LinkWalk(FaultRecord fault) {
        this.fault = fault;
    }

    /**
     * Walks the link layers of a frame of {@code linkType} held from {@code start} to {@code end} of
     * {@code segment}.
     *
     * @return where the network header starts (its type in {@link #networkType()}), or -1 when a link header is cut,
     *         malformed, nested past its cap, or of an unsupported link type (the fault is recorded)
     */
    public long walk(int linkType, MemorySegment segment, long start, long end) {
        layers = 0;
        networkType = -1;
        vlanCount = 0;
        mplsLabelCount = 0;
        long position = link(linkType, segment, start, end);
        if (position >= 0) {
            position = vlanTags(segment, position, end);
        }
        outerVlanCount = vlanCount;
        if (position >= 0 && networkType == PppoeSession.ETHERTYPE) {
            position = pppoeSession(segment, position, end);
        }
        if (position >= 0 && (networkType == EtherTypes.MPLS_UNICAST || networkType == EtherTypes.MPLS_MULTICAST)) {
            position = mplsLabels(segment, position, end);
        }
        return position;
    }

    /**
     * Walks the 802.1Q and 802.1ad tags of an Ethernet frame carried in a tunnel, whose own header says
     * {@code etherType}: the tags join the outer frame's, after them, as tshark lists a frame's {@code vlan.id}s.
     *
     * @return where the inner network header starts (its type in {@link #networkType()}), or -1 (fault recorded)
     */
    long innerVlanTags(MemorySegment segment, long position, long end, int etherType) {
        networkType = etherType;
        return vlanTags(segment, position, end);
    }

    private long link(int linkType, MemorySegment segment, long position, long end) {
        int available = (int) (end - position);
        int length;
        DecodeLayer layer = DecodeLayer.LINK;
        LengthFault lengths = null;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                length = ethernet.wrap(segment, position, available);
                layer = DecodeLayer.ETHERNET;
                lengths = ethernet.lengthFault();
                if (length > 0) {
                    layers |= Dissector.ETHERNET;
                    networkType = ethernet.etherType();
                }
            }
            case LinkType.LINUX_SLL, LinkType.LINUX_SLL2 -> {
                length = cooked.wrap(segment, position, available, linkType == LinkType.LINUX_SLL2);
                layer = linkType == LinkType.LINUX_SLL2 ? DecodeLayer.LINUX_SLL2 : DecodeLayer.LINUX_SLL;
                lengths = cooked.lengthFault();
                if (length > 0) {
                    layers |= Dissector.LINUX_COOKED;
                    networkType = cooked.protocol();
                }
            }
            case LinkType.NULL -> {
                length = loopback.wrap(segment, position, available);
                layer = DecodeLayer.LOOPBACK;
                lengths = loopback.lengthFault();
                if (length > 0) {
                    layers |= Dissector.LOOPBACK;
                    networkType = loopback.etherType();
                }
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD -> {
                length = 0;
                networkType = etherTypeOfIpVersion(segment, position, end);
                if (networkType < 0) {
                    // The link type promises IP: anything else is as malformed as under an IP EtherType. Its
                    // version nibble is the one byte needed to tell which.
                    fault.record(available == 0 ? DecodeStatus.TRUNCATED_LINK_HEADER.code()
                            : DecodeStatus.BAD_IP_VERSION.code(), DecodeLayer.IP, position, 1, available);
                    return -1;
                }
            }
            case LinkType.IPV4, LinkType.IPV6 -> {
                // One family only: a packet of the other version is malformed, as the IP header's wrap says.
                length = 0;
                networkType = linkType == LinkType.IPV4 ? EtherTypes.IPV4 : EtherTypes.IPV6;
            }
            case LinkType.PPP, LinkType.PPP_HDLC -> {
                if (linkType == LinkType.PPP_HDLC && CiscoHdlcHeader.startsWithAddress(segment, position, end)) {
                    length = ciscoHdlc(segment, position, available);
                    layer = DecodeLayer.CISCO_HDLC;
                    lengths = ciscoHdlc.lengthFault();
                } else {
                    length = ppp.wrap(segment, position, available);
                    layer = DecodeLayer.PPP;
                    lengths = ppp.lengthFault();
                    if (length > 0) {
                        layers |= Dissector.PPP;
                        networkType = ppp.etherType();
                    }
                }
            }
            case LinkType.C_HDLC -> {
                length = ciscoHdlc(segment, position, available);
                layer = DecodeLayer.CISCO_HDLC;
                lengths = ciscoHdlc.lengthFault();
            }
            default -> length = DecodeStatus.UNSUPPORTED_LINK_TYPE.code();
        }
        if (length < 0) {
            fault.record(length, layer, position, lengths);
            return -1;
        }
        return position + length;
    }

    private int ciscoHdlc(MemorySegment segment, long position, int available) {
        int length = ciscoHdlc.wrap(segment, position, available);
        if (length > 0) {
            layers |= Dissector.CISCO_HDLC;
            networkType = ciscoHdlc.protocol();
        }
        return length;
    }

    /** A PPPoE session header and its PPP protocol (RFC 2516); PPP's own protocols end the decode there. */
    private long pppoeSession(MemorySegment segment, long position, long end) {
        int length = pppoe.wrap(segment, position, (int) (end - position));
        if (length < 0) {
            fault.record(length, DecodeLayer.PPPOE, position, pppoe.lengthFault());
            return -1;
        }
        layers |= Dissector.PPPOE | Dissector.PPP;
        networkType = PppHeader.etherTypeOf(pppoe.protocol());
        return position + length;
    }

    private long vlanTags(MemorySegment segment, long position, long end) {
        while (VlanTag.isTagType(networkType)) {
            if (vlanCount == Dissector.MAX_VLAN_TAGS) {
                fault.record(DecodeStatus.TOO_MANY_VLAN_TAGS.code(), DecodeLayer.VLAN, position, null);
                return -1;
            }
            int length = vlanTag.wrap(segment, position, (int) (end - position));
            if (length < 0) {
                fault.record(length, DecodeLayer.VLAN, position, vlanTag.lengthFault());
                return -1;
            }
            layers |= Dissector.VLAN;
            vlanIds[vlanCount++] = vlanTag.vlanId();
            networkType = vlanTag.etherType();
            position += length;
        }
        return position;
    }

    /**
     * Walks an MPLS label stack (RFC 3032). The stack does not say what it carries; like tcpdump and Wireshark,
     * the first nibble after the bottom label tells IPv4 from IPv6.
     */
    private long mplsLabels(MemorySegment segment, long position, long end) {
        mplsOffset = position;
        for (int labels = 0; ; labels++) {
            if (labels == Dissector.MAX_MPLS_LABELS) {
                fault.record(DecodeStatus.TOO_MANY_MPLS_LABELS.code(), DecodeLayer.MPLS, position, null);
                return -1;
            }
            if (end - position < MPLS_LABEL_LENGTH) {
                fault.record(DecodeStatus.TRUNCATED_MPLS_LABEL.code(), DecodeLayer.MPLS, position, MPLS_LABEL_LENGTH,
                        (int) (end - position));
                return -1;
            }
            layers |= Dissector.MPLS;
            mplsLabelCount = labels + 1;
            boolean bottom = (Wire.u32(segment, position) & MPLS_BOTTOM_OF_STACK) != 0;
            position += MPLS_LABEL_LENGTH;
            if (bottom) {
                break;
            }
        }
        networkType = etherTypeOfIpVersion(segment, position, end);
        return position;
    }

    /** The EtherType that the IP version nibble at {@code position} stands for, or -1 (also past {@code end}). */
    public static int etherTypeOfIpVersion(MemorySegment segment, long position, long end) {
        if (position >= end) {
            return -1;
        }
        return switch (Wire.u8(segment, position) >>> 4) {
            case 4 -> EtherTypes.IPV4;
            case 6 -> EtherTypes.IPV6;
            default -> -1;
        };
    }

    /** The link layers walked, as a bit set of {@link Dissector}'s layer constants. */
    public int layers() {
        return layers;
    }

    /** The EtherType of what the walk reached (after the last tag or label), or -1 when the link gives none. */
    public int networkType() {
        return networkType;
    }

    /** VLAN tags walked, the outer frame's and then a tunnelled frame's. */
    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN tags of the outer frame. */
    public int outerVlanCount() {
        return outerVlanCount;
    }

    /** VLAN id of tag {@code index}, outermost first. */
    public int vlanId(int index) {
        return vlanIds[index];
    }

    /** Where the MPLS label stack starts in the packet's segment; valid when {@link Dissector#MPLS} is set. */
    public long mplsOffset() {
        return mplsOffset;
    }

    /** MPLS labels walked, at most {@link Dissector#MAX_MPLS_LABELS}. */
    public int mplsLabelCount() {
        return mplsLabelCount;
    }

    /** The Ethernet header; valid when {@link Dissector#ETHERNET} is set. */
    public EthernetHeader ethernet() {
        return ethernet;
    }

    /** The Linux cooked header; valid when {@link Dissector#LINUX_COOKED} is set. */
    public LinuxCookedHeader cooked() {
        return cooked;
    }

    /** The loopback header; valid when {@link Dissector#LOOPBACK} is set. */
    public LoopbackHeader loopback() {
        return loopback;
    }

    /** The PPP protocol field; valid when {@link Dissector#PPP} is set without {@link Dissector#PPPOE}. */
    public PppHeader ppp() {
        return ppp;
    }

    /** The Cisco HDLC header; valid when {@link Dissector#CISCO_HDLC} is set. */
    public CiscoHdlcHeader ciscoHdlc() {
        return ciscoHdlc;
    }

    /** The PPPoE session header; valid when {@link Dissector#PPPOE} is set. */
    public PppoeSession pppoe() {
        return pppoe;
    }
}
