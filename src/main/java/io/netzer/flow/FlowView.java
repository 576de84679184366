package io.netzer.flow;

import io.netzer.dissect.EtherTypes;
import java.lang.foreign.MemorySegment;

/**
 * A read-only flyweight over one flow of a {@link FlowTable}: what a flow event reports. Obtained from
 * {@link FlowTable#view(int)}, valid until the table changes (the next packet). Directions are those of
 * {@link StreamListener}: the initiator is the ECS {@code source}, the responder the {@code destination}.
 */
public final class FlowView {
    /** {@link #retransmittedBytes()} of a flow whose TCP bytes were not reassembled: unknown. */
    public static final long NOT_REASSEMBLED = -1;
    private static final int IPV6_LENGTH = 16;

    private final FlowTable table;
    private static final int IPV4_LENGTH = 4;

    private final byte[][] initiator = {new byte[IPV4_LENGTH], new byte[IPV6_LENGTH]};
    private final byte[][] responder = {new byte[IPV4_LENGTH], new byte[IPV6_LENGTH]};
    private CommunityId communityId;
    private int slot;
    private EndReason endReason;
    private long retransmittedBytes;

    FlowView(FlowTable table) {
        this.table = table;
    }

    FlowView wrap(int flowSlot, EndReason reason, long retransmitted) {
        this.slot = flowSlot;
        this.endReason = reason;
        this.retransmittedBytes = retransmitted;
        return this;
    }

    /**
     * Points this view at the flow in {@code flowSlot}, in progress: no end reason, retransmissions unknown. For a
     * view of the listener's own ({@link FlowTable#newView()}).
     *
     * @return this
     */
    public FlowView of(int flowSlot) {
        return wrap(flowSlot, null, NOT_REASSEMBLED);
    }

    /** The flow's slot in its table, as {@link StreamListener} names flows. */
    public int slot() {
        return slot;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return table.ipVersion(slot);
    }

    /** 4 or 16: bytes of each address. */
    public int addressLength() {
        return ipVersion() == 4 ? IPV4_LENGTH : IPV6_LENGTH;
    }

    /**
     * Copies the initiator's address, network order, into {@code to} at {@code at}.
     *
     * @return the bytes written, {@link #addressLength()}
     */
    public int initiatorAddress(byte[] to, int at) {
        return table.address(slot, StreamListener.FROM_INITIATOR, to, at);
    }

    /**
     * Copies the responder's address, network order, into {@code to} at {@code at}.
     *
     * @return the bytes written, {@link #addressLength()}
     */
    public int responderAddress(byte[] to, int at) {
        return table.address(slot, StreamListener.FROM_RESPONDER, to, at);
    }

    /** TCP or UDP port of the initiator; 0 for other protocols. */
    public int initiatorPort() {
        return table.port(slot, StreamListener.FROM_INITIATOR);
    }

    /** TCP or UDP port of the responder; 0 for other protocols. */
    public int responderPort() {
        return table.port(slot, StreamListener.FROM_RESPONDER);
    }

    /** The IP protocol number (after IPv6 extension headers): 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ... */
    public int protocol() {
        return table.protocol(slot);
    }

    /** The outer VLAN id, or -1 for an untagged flow. */
    public int vlanId() {
        return table.vlanId(slot);
    }

    /** The {@link io.netzer.dissect.TunnelStack} type of the outermost tunnel, or 0 for a flow not tunnelled. */
    public int tunnelType() {
        return table.tunnels().type(slot);
    }

    /** Tunnels around the flow's first packet. */
    public int tunnelDepth() {
        return table.tunnels().depth(slot);
    }

    /** 4 or 16: bytes of each outer address of the tunnel. */
    public int tunnelAddressLength() {
        return table.tunnels().addressLength(slot);
    }

    /**
     * Copies the tunnel's outer address on the side of {@code direction}'s sender ({@link StreamListener}), network
     * order, into {@code to} at {@code at}.
     */
    public void tunnelAddress(int direction, MemorySegment to, long at) {
        table.tunnels().address(slot, direction, to, at);
    }

    /** The outer UDP port on the side of {@code direction}'s sender for VXLAN and Geneve, else -1. */
    public int tunnelPort(int direction) {
        return table.tunnels().port(slot, direction);
    }

    /** The tunnel's VNI or GRE key, or -1 when it carries none. */
    public long tunnelId() {
        return table.tunnels().id(slot);
    }

    /** ICMP or ICMPv6: the type of the flow's first message; -1 for other protocols. */
    public int icmpType() {
        return table.icmpType(slot);
    }

    /** ICMP or ICMPv6: the code of the flow's first message; -1 for other protocols. */
    public int icmpCode() {
        return table.icmpCode(slot);
    }

    /** Packets sent in {@code direction} ({@link StreamListener#FROM_INITIATOR} or FROM_RESPONDER). */
    public long packets(int direction) {
        return table.packets(slot, direction);
    }

    /** Bytes on the wire (frame length) sent in {@code direction}. */
    public long bytes(int direction) {
        return table.bytes(slot, direction);
    }

    /** Timestamp of the first packet, nanoseconds since the epoch. */
    public long startNanos() {
        return table.startNanos(slot);
    }

    /** Timestamp of the last packet, nanoseconds since the epoch. */
    public long endNanos() {
        return table.endNanos(slot);
    }

    /**
     * The timestamp of the flow's latest packet as captured, nanoseconds since the epoch: the time of an app event
     * that packet completed. Unlike {@link #endNanos()} it follows a file whose timestamps go back.
     */
    public long lastPacketNanos() {
        return table.lastPacketNanos(slot);
    }

    /** The capture interface index of the flow's latest packet, or -1 when unknown. */
    public int interfaceIndex() {
        return table.interfaceIndex(slot);
    }

    /** What the flow has shown so far. */
    public FlowState state() {
        return table.state(slot);
    }

    /**
     * TCP bytes of the flow, both directions, that came again after reassembly had handed them on (a lost segment
     * resent, a spurious retransmission); 0 for other protocols; {@link #NOT_REASSEMBLED} when nothing reassembled
     * the flow's bytes.
     */
    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    /**
     * Why this event: {@link EndReason#ACTIVE_TIMEOUT} for an update, else why the flow ended; null for a view of a
     * flow in progress ({@link #of}).
     */
    public EndReason endReason() {
        return endReason;
    }

    /** Whether the event reports the end of the flow (not an active-timeout update). */
    public boolean ended() {
        return endReason != EndReason.ACTIVE_TIMEOUT;
    }

    /**
     * The Community ID v1 (seed 0) of the flow: computed when an event first asks for it (a cold path: it
     * allocates the string), then kept with the flow, so its updates and its end reuse it.
     */
    public String communityId() {
        String cached = table.communityId(slot);
        if (cached == null) {
            cached = compute();
            table.communityId(slot, cached);
        }
        return cached;
    }

    private String compute() {
        if (communityId == null) {
            communityId = new CommunityId();
        }
        int family = ipVersion() == 4 ? 0 : 1;
        initiatorAddress(initiator[family], 0);
        responderAddress(responder[family], 0);
        int protocol = protocol();
        boolean icmp = protocol == EtherTypes.PROTO_ICMP || protocol == EtherTypes.PROTO_ICMPV6;
        return communityId.compute(initiator[family], responder[family], protocol,
                icmp ? icmpType() : initiatorPort(), icmp ? icmpCode() : responderPort());
    }
}
