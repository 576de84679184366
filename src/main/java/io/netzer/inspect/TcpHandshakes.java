package io.netzer.inspect;

import io.netzer.dissect.TcpHeader;
import io.netzer.flow.SlotCapacity;
import io.netzer.flow.StreamListener;
import java.util.Arrays;

/**
 * Which TCP flows showed a verified handshake: the responder's SYN-ACK, then an ACK from the initiator that
 * acknowledges the responder's initial sequence number plus one (RFC 9293 section 3.5). A sender with a spoofed
 * source address never receives the SYN-ACK, so it cannot send that ACK; the inspector trusts such flows more
 * when its stream buffers run short. A flow picked up in mid-stream (its handshake not seen) stays unverified.
 * Primitive arrays indexed by slot, grown with the flow table; nothing allocated per packet.
 */
final class TcpHandshakes implements SlotCapacity {
    private static final byte NOTHING = 0;
    private static final byte SYN_ACK_SEEN = 1;
    private static final byte VERIFIED = 2;

    private byte[] state;
    private int[] responderIsn;

    TcpHandshakes(int initialSlots) {
        int n = Math.max(initialSlots, 1);
        state = new byte[n];
        responderIsn = new int[n];
    }

    @Override
    public void capacityChanged(int n) {
        if (n <= state.length) {
            return;
        }
        state = Arrays.copyOf(state, n);
        responderIsn = Arrays.copyOf(responderIsn, n);
    }

    /** A new flow starts in {@code slot}. */
    void clear(int slot) {
        state[slot] = NOTHING;
    }

    /** Notes a TCP segment of the flow in {@code slot}. */
    void segment(int slot, int direction, TcpHeader tcp) {
        if (state[slot] == VERIFIED) {
            return;
        }
        int flags = tcp.flags();
        boolean syn = (flags & TcpHeader.SYN) != 0;
        boolean ack = (flags & TcpHeader.ACK) != 0;
        if (direction == StreamListener.FROM_RESPONDER && syn && ack) {
            state[slot] = SYN_ACK_SEEN;
            responderIsn[slot] = (int) tcp.sequenceNumber();
        } else if (direction == StreamListener.FROM_INITIATOR && state[slot] == SYN_ACK_SEEN && ack && !syn
                && (int) tcp.acknowledgmentNumber() == responderIsn[slot] + 1) {
            state[slot] = VERIFIED;
        }
    }

    /** True when the flow in {@code slot} completed a verified handshake. */
    boolean verified(int slot) {
        return state[slot] == VERIFIED;
    }
}
