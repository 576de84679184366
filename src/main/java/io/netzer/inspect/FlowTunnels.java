package io.netzer.inspect;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.TunnelStack;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventContext;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The outermost tunnel of each flow slot, as its first packet came: type, depth, the outer endpoints oriented as
 * the flow's initiator sent (its side first), the outer UDP ports and the VNI or GRE key. An app event then says
 * which nodes carried the flow even when it is written after the last packet. Copied once per flow, like
 * {@link FlowEndpoints}, into primitive arrays grown by doubling.
 */
final class FlowTunnels {
    private static final int ADDRESS_BYTES = EventContext.MAX_ADDRESS_LENGTH;
    private static final int SLOT_BYTES = 2 * ADDRESS_BYTES;

    private byte[] addresses;
    private byte[] types;
    private byte[] depths;
    private byte[] addressLengths;
    private int[] initiatorPorts;
    private int[] responderPorts;
    private long[] ids;

    FlowTunnels(int slots) {
        addresses = new byte[slots * SLOT_BYTES];
        types = new byte[slots];
        depths = new byte[slots];
        addressLengths = new byte[slots];
        initiatorPorts = new int[slots];
        responderPorts = new int[slots];
        ids = new long[slots];
    }

    /** Grows to {@code slots} slots. */
    void grow(int slots) {
        addresses = Arrays.copyOf(addresses, slots * SLOT_BYTES);
        types = Arrays.copyOf(types, slots);
        depths = Arrays.copyOf(depths, slots);
        addressLengths = Arrays.copyOf(addressLengths, slots);
        initiatorPorts = Arrays.copyOf(initiatorPorts, slots);
        responderPorts = Arrays.copyOf(responderPorts, slots);
        ids = Arrays.copyOf(ids, slots);
    }

    /** Notes the tunnel of the flow's first packet (none when it was not tunnelled). */
    void firstPacket(Dissector d, int slot, boolean fromInitiator) {
        TunnelStack tunnels = d.tunnels();
        if (!d.has(Dissector.TUNNEL)) {
            types[slot] = 0;
            return;
        }
        types[slot] = (byte) tunnels.type(0);
        depths[slot] = (byte) tunnels.depth();
        int length = tunnels.outerVersion(0) == 4 ? 4 : ADDRESS_BYTES;
        addressLengths[slot] = (byte) length;
        int base = slot * SLOT_BYTES;
        MemorySegment s = tunnels.segment(0);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, tunnels.outerSourceOffset(0), addresses,
                fromInitiator ? base : base + ADDRESS_BYTES, length);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, tunnels.outerDestinationOffset(0), addresses,
                fromInitiator ? base + ADDRESS_BYTES : base, length);
        initiatorPorts[slot] = fromInitiator ? tunnels.sourcePort(0) : tunnels.destinationPort(0);
        responderPorts[slot] = fromInitiator ? tunnels.destinationPort(0) : tunnels.sourcePort(0);
        ids[slot] = tunnels.id(0);
    }

    /** Sets the context's tunnel for a message sent in {@code direction} of the flow in {@code slot}. */
    void fill(EventContext context, int slot, int direction) {
        int type = types[slot];
        if (type == 0) {
            context.tunnel(0, 0, 0, -1, -1, -1);
            return;
        }
        boolean fromInitiator = direction == StreamListener.FROM_INITIATOR;
        int length = addressLengths[slot];
        int base = slot * SLOT_BYTES;
        MemorySegment out = context.tunnelAddressSegment();
        MemorySegment.copy(addresses, fromInitiator ? base : base + ADDRESS_BYTES, out, ValueLayout.JAVA_BYTE, 0,
                length);
        MemorySegment.copy(addresses, fromInitiator ? base + ADDRESS_BYTES : base, out, ValueLayout.JAVA_BYTE,
                EventContext.DESTINATION_OFFSET, length);
        context.tunnel(type, depths[slot], length, fromInitiator ? initiatorPorts[slot] : responderPorts[slot],
                fromInitiator ? responderPorts[slot] : initiatorPorts[slot], ids[slot]);
    }
}
