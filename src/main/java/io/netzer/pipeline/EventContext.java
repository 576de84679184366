package io.netzer.pipeline;

import io.netzer.dissect.EtherTypes;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import java.lang.foreign.MemorySegment;

/**
 * Where and when an event happened: the flow it belongs to (the flow table's view: endpoints, tunnel, Community
 * ID, kept once per flow by the table) seen in the direction the message travelled (source is its sender), and
 * the time and interface of the packet that completed it. Nothing is copied: the accessors read the view. One
 * reused instance per event writer, set just before an event is handed to the {@link EventSink}s; nothing here is
 * read per packet.
 */
public final class EventContext {
    /** Longest address: IPv6. */
    public static final int MAX_ADDRESS_LENGTH = 16;

    private FlowView flow;
    private int direction;
    private long timestampNanos;
    private int interfaceIndex = -1;

    /**
     * Sets the flow and the direction its message travelled.
     *
     * @param flowView  the flow's view, valid while the event is handed on
     * @param direction {@link StreamListener#FROM_INITIATOR} (the initiator is the source) or FROM_RESPONDER
     * @return this
     */
    public EventContext of(FlowView flowView, int direction) {
        this.flow = flowView;
        this.direction = direction;
        return this;
    }

    /**
     * Sets the time and interface.
     *
     * @param timestampNanos packet time, nanoseconds since the epoch
     * @param interfaceIndex capture interface index, or -1
     * @return this
     */
    public EventContext at(long timestampNanos, int interfaceIndex) {
        this.timestampNanos = timestampNanos;
        this.interfaceIndex = interfaceIndex;
        return this;
    }

    /** The flow the event belongs to. */
    public FlowView flow() {
        return flow;
    }

    /** Nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The interface index, or -1 when unknown. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** 4 (IPv4) or 16 (IPv6). */
    public int addressLength() {
        return flow.addressLength();
    }

    /** The IP protocol number. */
    public int ipProtocol() {
        return flow.protocol();
    }

    /**
     * Copies the source's ({@code source}) or the destination's address, network order, into {@code to} at
     * {@code at}.
     *
     * @return the bytes written, {@link #addressLength()}
     */
    public int address(boolean source, byte[] to, int at) {
        return fromInitiator(source) ? flow.initiatorAddress(to, at) : flow.responderAddress(to, at);
    }

    /** The sender's port, or -1 for a protocol without ports (neither TCP nor UDP). */
    public int sourcePort() {
        return port(true);
    }

    /** The receiver's port, or -1 for a protocol without ports. */
    public int destinationPort() {
        return port(false);
    }

    private int port(boolean source) {
        int protocol = flow.protocol();
        if (protocol != EtherTypes.PROTO_TCP && protocol != EtherTypes.PROTO_UDP) {
            return -1;
        }
        return fromInitiator(source) ? flow.initiatorPort() : flow.responderPort();
    }

    private boolean fromInitiator(boolean source) {
        return source == (direction == StreamListener.FROM_INITIATOR);
    }

    private int side(boolean source) {
        return fromInitiator(source) ? StreamListener.FROM_INITIATOR : StreamListener.FROM_RESPONDER;
    }

    /** The outermost tunnel's type, or 0 when the flow was not tunnelled. */
    public int tunnelType() {
        return flow.tunnelType();
    }

    /** Tunnels around the flow's packets. */
    public int tunnelDepth() {
        return flow.tunnelDepth();
    }

    /** 4 or 16: the outer addresses' length. */
    public int tunnelAddressLength() {
        return flow.tunnelAddressLength();
    }

    /** Copies the tunnel's outer source ({@code source}) or destination address into {@code to} at {@code at}. */
    public void tunnelAddress(boolean source, MemorySegment to, long at) {
        flow.tunnelAddress(side(source), to, at);
    }

    /** The outer UDP source port, or -1. */
    public int tunnelSourcePort() {
        return flow.tunnelPort(side(true));
    }

    /** The outer UDP destination port, or -1. */
    public int tunnelDestinationPort() {
        return flow.tunnelPort(side(false));
    }

    /** The VNI or GRE key, or -1. */
    public long tunnelId() {
        return flow.tunnelId();
    }

    /** The Community ID v1 (seed 0) of the flow, computed once per flow by its table. */
    public String communityId() {
        return flow.communityId();
    }
}
