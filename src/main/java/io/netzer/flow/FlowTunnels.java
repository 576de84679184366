package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.TunnelStack;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The outermost tunnel of each flow slot, as its first packet came: type, depth, the outer endpoints oriented as
 * the flow's initiator sent (its side first), the outer UDP ports and the VNI or GRE key. A flow or app event then
 * says which nodes carried the flow even when it is written after the last packet. Copied once per flow into
 * primitive arrays grown by doubling; sides are those of {@link StreamListener}.
 */
public final class FlowTunnels {
    private static final int ADDRESS_BYTES = 16;
    private static final int SLOT_BYTES = 2 * ADDRESS_BYTES;

    private byte[] addresses;
    private byte[] types;
    private byte[] depths;
    private byte[] addressLengths;
    private int[] ports;
    private long[] ids;

    /** Room for {@code slots} flows. */
    public FlowTunnels(int slots) {
        addresses = new byte[slots * SLOT_BYTES];
        types = new byte[slots];
        depths = new byte[slots];
        addressLengths = new byte[slots];
        ports = new int[2 * slots];
        ids = new long[slots];
    }

    /** Grows to {@code slots} slots. */
    public void grow(int slots) {
        addresses = Arrays.copyOf(addresses, slots * SLOT_BYTES);
        types = Arrays.copyOf(types, slots);
        depths = Arrays.copyOf(depths, slots);
        addressLengths = Arrays.copyOf(addressLengths, slots);
        ports = Arrays.copyOf(ports, 2 * slots);
        ids = Arrays.copyOf(ids, slots);
    }

    /** Notes the tunnel of the flow's first packet (none when it was not tunnelled). */
    public void firstPacket(Dissector d, int slot, boolean fromInitiator) {
        if (!d.has(Dissector.TUNNEL)) {
            types[slot] = 0;
            return;
        }
        TunnelStack tunnels = d.tunnels();
        types[slot] = (byte) tunnels.type(0);
        depths[slot] = (byte) tunnels.depth();
        int length = tunnels.outerVersion(0) == 4 ? Integer.BYTES : ADDRESS_BYTES;
        addressLengths[slot] = (byte) length;
        int initiator = fromInitiator ? StreamListener.FROM_INITIATOR : StreamListener.FROM_RESPONDER;
        int sender = slot * SLOT_BYTES + initiator * ADDRESS_BYTES;
        int receiver = slot * SLOT_BYTES + (1 - initiator) * ADDRESS_BYTES;
        MemorySegment s = tunnels.segment(0);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, tunnels.outerSourceOffset(0), addresses, sender, length);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, tunnels.outerDestinationOffset(0), addresses, receiver, length);
        ports[2 * slot + initiator] = tunnels.sourcePort(0);
        ports[2 * slot + 1 - initiator] = tunnels.destinationPort(0);
        ids[slot] = tunnels.id(0);
    }

    /** The outermost tunnel's {@link TunnelStack} type, or 0 when the flow was not tunnelled. */
    public int type(int slot) {
        return types[slot];
    }

    /** Tunnels around the flow's first packet. */
    public int depth(int slot) {
        return depths[slot];
    }

    /** 4 or 16: bytes of each outer address. */
    public int addressLength(int slot) {
        return addressLengths[slot];
    }

    /** Copies the outer address of {@code side}, network order, into {@code to} at {@code at}. */
    public void address(int slot, int side, MemorySegment to, long at) {
        MemorySegment.copy(addresses, slot * SLOT_BYTES + side * ADDRESS_BYTES, to, ValueLayout.JAVA_BYTE, at,
                addressLengths[slot]);
    }

    /** The outer UDP port of {@code side} for VXLAN and Geneve, else -1. */
    public int port(int slot, int side) {
        return ports[2 * slot + side];
    }

    /** The VNI or GRE key, or -1 when the tunnel carries none. */
    public long id(int slot) {
        return ids[slot];
    }
}
