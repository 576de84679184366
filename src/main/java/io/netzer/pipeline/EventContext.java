package io.netzer.pipeline;

import io.netzer.flow.CommunityId;
import java.lang.foreign.MemorySegment;

/**
 * Where and when an app-layer event happened: the time and interface of the packet that completed the message,
 * and the endpoints oriented as the message travelled (source is its sender). One reused instance per
 * inspector, filled just before an event is handed to the {@link EventSink}s; nothing here is read per packet.
 */
public final class EventContext {
    /** Longest address kept: IPv6. */
    public static final int MAX_ADDRESS_LENGTH = 16;
    /** Where the destination address starts in {@link #addressBuffer()}. */
    public static final int DESTINATION_OFFSET = MAX_ADDRESS_LENGTH;

    private final CommunityId communityId = new CommunityId();
    /** Source address at 0, destination at {@link #DESTINATION_OFFSET}. */
    private final byte[] addresses = new byte[2 * MAX_ADDRESS_LENGTH];
    private final MemorySegment addressSegment = MemorySegment.ofArray(addresses);
    private long timestampNanos;
    private int interfaceIndex = -1;
    private int addressLength;
    private int ipProtocol = -1;
    private int sourcePort = -1;
    private int destinationPort = -1;
    /** The outermost tunnel's source address at 0, its destination at {@link #DESTINATION_OFFSET}. */
    private final byte[] tunnelAddresses = new byte[2 * MAX_ADDRESS_LENGTH];
    private final MemorySegment tunnelAddressSegment = MemorySegment.ofArray(tunnelAddresses);
    private int tunnelType;
    private int tunnelDepth;
    private int tunnelAddressLength;
    private int tunnelSourcePort = -1;
    private int tunnelDestinationPort = -1;
    private long tunnelId = -1;

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

    /**
     * The address buffer for the caller to fill: the source address from 0, the destination address from
     * {@link #DESTINATION_OFFSET}, {@link #addressLength()} bytes each, network order.
     */
    public byte[] addressBuffer() {
        return addresses;
    }

    /**
     * Sets the transport endpoints (the addresses are written into the buffers by the caller).
     *
     * @param addressLength   4 or 16, or 0 when the packet had no IP layer
     * @param ipProtocol      6 or 17
     * @param sourcePort      the sender's port
     * @param destinationPort the receiver's port
     * @return this
     */
    public EventContext endpoints(int addressLength, int ipProtocol, int sourcePort, int destinationPort) {
        this.addressLength = addressLength;
        this.ipProtocol = ipProtocol;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        return this;
    }

    /**
     * Sets the outermost tunnel the flow's packets came in (its addresses are written into
     * {@link #tunnelAddressSegment()} by the caller, oriented as the message travelled), or none.
     *
     * @param type          a {@link io.netzer.dissect.TunnelStack} type, or 0 when the flow was not tunnelled
     * @param depth         tunnels around the flow's packets
     * @param addressLength 4 or 16
     * @param sourcePort    outer UDP source port, or -1
     * @param destinationPort outer UDP destination port, or -1
     * @param id            VNI or GRE key, or -1
     * @return this
     */
    public EventContext tunnel(int type, int depth, int addressLength, int sourcePort, int destinationPort,
            long id) {
        this.tunnelType = type;
        this.tunnelDepth = depth;
        this.tunnelAddressLength = addressLength;
        this.tunnelSourcePort = sourcePort;
        this.tunnelDestinationPort = destinationPort;
        this.tunnelId = id;
        return this;
    }

    /** The outer addresses: source from 0, destination from {@link #DESTINATION_OFFSET}. */
    public MemorySegment tunnelAddressSegment() {
        return tunnelAddressSegment;
    }

    /** The outermost tunnel's type, or 0 when the flow was not tunnelled. */
    public int tunnelType() {
        return tunnelType;
    }

    /** Tunnels around the flow's packets. */
    public int tunnelDepth() {
        return tunnelDepth;
    }

    /** 4 or 16: the outer addresses' length. */
    public int tunnelAddressLength() {
        return tunnelAddressLength;
    }

    /** The outer UDP source port, or -1. */
    public int tunnelSourcePort() {
        return tunnelSourcePort;
    }

    /** The outer UDP destination port, or -1. */
    public int tunnelDestinationPort() {
        return tunnelDestinationPort;
    }

    /** The VNI or GRE key, or -1. */
    public long tunnelId() {
        return tunnelId;
    }

    /** Nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The interface index, or -1 when unknown. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** 4 (IPv4), 16 (IPv6), or 0 without addresses. */
    public int addressLength() {
        return addressLength;
    }

    /** The IP protocol number. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The sender's port. */
    public int sourcePort() {
        return sourcePort;
    }

    /** The receiver's port. */
    public int destinationPort() {
        return destinationPort;
    }

    /** Where the source or the destination address starts in {@link #addressBuffer()}. */
    public int addressOffset(boolean source) {
        return source ? 0 : DESTINATION_OFFSET;
    }

    /** The Community ID v1 (seed 0) of the flow; allocates, as events may. */
    public String communityId() {
        return communityId.compute(addressSegment, 0, DESTINATION_OFFSET, addressLength, ipProtocol, sourcePort,
                destinationPort);
    }
}
