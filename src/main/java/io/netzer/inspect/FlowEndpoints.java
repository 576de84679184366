package io.netzer.inspect;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowTunnels;
import io.netzer.flow.SlotCapacity;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventContext;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The endpoints of each flow slot (initiator first), its IP protocol, and the time and interface of its latest
 * packet: what an app event needs to say where and when it happened, even when stream bytes are released by
 * something other than a packet of that flow (a timeout, the end of the capture). Primitive arrays indexed by
 * slot, grown with the flow table; the endpoints are copied once per flow.
 */
final class FlowEndpoints implements SlotCapacity {
    private static final int ADDRESS_BYTES = EventContext.MAX_ADDRESS_LENGTH;
    private static final int SLOT_BYTES = 2 * ADDRESS_BYTES;

    private byte[] addresses;
    private byte[] addressLength;
    private byte[] protocol;
    private int[] initiatorPorts;
    private int[] responderPorts;
    private long[] lastSeen;
    private int[] interfaceIndex;
    private boolean[] known;
    private final FlowTunnels tunnels;

    FlowEndpoints(int initialSlots) {
        int n = Math.max(initialSlots, 1);
        addresses = new byte[n * SLOT_BYTES];
        addressLength = new byte[n];
        protocol = new byte[n];
        initiatorPorts = new int[n];
        responderPorts = new int[n];
        lastSeen = new long[n];
        interfaceIndex = new int[n];
        known = new boolean[n];
        tunnels = new FlowTunnels(n);
    }

    @Override
    public void capacityChanged(int n) {
        if (n <= known.length) {
            return;
        }
        addresses = Arrays.copyOf(addresses, n * SLOT_BYTES);
        addressLength = Arrays.copyOf(addressLength, n);
        protocol = Arrays.copyOf(protocol, n);
        initiatorPorts = Arrays.copyOf(initiatorPorts, n);
        responderPorts = Arrays.copyOf(responderPorts, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
        interfaceIndex = Arrays.copyOf(interfaceIndex, n);
        known = Arrays.copyOf(known, n);
        tunnels.grow(n);
    }

    /** Forgets the slot's flow. */
    void clear(int slot) {
        known[slot] = false;
    }

    /** Notes a packet of the flow in {@code slot}: its time, and the endpoints when they are not known yet. */
    void packet(Packet packet, Dissector d, int slot, int direction) {
        lastSeen[slot] = packet.timestampNanos();
        interfaceIndex[slot] = packet.interfaceIndex();
        if (known[slot]) {
            return;
        }
        known[slot] = true;
        // The initiator's address goes first: it is the packet's source when the packet travels from it.
        boolean fromInitiator = direction == StreamListener.FROM_INITIATOR;
        tunnels.firstPacket(d, slot, fromInitiator);
        int base = slot * SLOT_BYTES;
        int initiator = fromInitiator ? base : base + ADDRESS_BYTES;
        int responder = fromInitiator ? base + ADDRESS_BYTES : base;
        if (d.has(Dissector.IPV4)) {
            putInt(initiator, d.ipv4().sourceAddress());
            putInt(responder, d.ipv4().destinationAddress());
            addressLength[slot] = 4;
        } else if (d.has(Dissector.IPV6)) {
            MemorySegment s = d.ipv6().segment();
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, d.ipv6().sourceAddressOffset(), addresses, initiator,
                    ADDRESS_BYTES);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, d.ipv6().destinationAddressOffset(), addresses, responder,
                    ADDRESS_BYTES);
            addressLength[slot] = ADDRESS_BYTES;
        } else {
            addressLength[slot] = 0;
        }
        protocol[slot] = (byte) d.ipProtocol();
        int source = -1;
        int destination = -1;
        if (d.has(Dissector.TCP)) {
            source = d.tcp().sourcePort();
            destination = d.tcp().destinationPort();
        } else if (d.has(Dissector.UDP)) {
            source = d.udp().sourcePort();
            destination = d.udp().destinationPort();
        }
        initiatorPorts[slot] = fromInitiator ? source : destination;
        responderPorts[slot] = fromInitiator ? destination : source;
    }

    private void putInt(int at, int value) {
        addresses[at] = (byte) (value >>> 24);
        addresses[at + 1] = (byte) (value >>> 16);
        addresses[at + 2] = (byte) (value >>> 8);
        addresses[at + 3] = (byte) value;
    }

    /** The initiator's port, or -1 without TCP or UDP. */
    int initiatorPort(int slot) {
        return initiatorPorts[slot];
    }

    /** The responder's port, or -1 without TCP or UDP. */
    int responderPort(int slot) {
        return responderPorts[slot];
    }

    /** Sets the context's tunnel, oriented as the message travelled. */
    private void fillTunnel(EventContext context, int slot, int direction) {
        int type = tunnels.type(slot);
        if (type == 0) {
            context.tunnel(0, 0, 0, -1, -1, -1);
            return;
        }
        MemorySegment out = context.tunnelAddressSegment();
        tunnels.address(slot, direction, out, 0);
        tunnels.address(slot, 1 - direction, out, EventContext.DESTINATION_OFFSET);
        context.tunnel(type, tunnels.depth(slot), tunnels.addressLength(slot), tunnels.port(slot, direction),
                tunnels.port(slot, 1 - direction), tunnels.id(slot));
    }

    /** Fills {@code context} for a message sent in {@code direction} of the flow in {@code slot}. */
    EventContext fill(EventContext context, int slot, int direction) {
        int length = addressLength[slot];
        int base = slot * SLOT_BYTES;
        boolean fromInitiator = direction == StreamListener.FROM_INITIATOR;
        byte[] out = context.addressBuffer();
        System.arraycopy(addresses, fromInitiator ? base : base + ADDRESS_BYTES, out, 0, length);
        System.arraycopy(addresses, fromInitiator ? base + ADDRESS_BYTES : base, out, EventContext.DESTINATION_OFFSET,
                length);
        int initiatorPort = initiatorPort(slot);
        int responderPort = responderPort(slot);
        fillTunnel(context, slot, direction);
        return context.at(lastSeen[slot], interfaceIndex[slot]).endpoints(length, protocol[slot] & 0xff,
                fromInitiator ? initiatorPort : responderPort, fromInitiator ? responderPort : initiatorPort);
    }
}
