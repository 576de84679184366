package io.netzer.inspect;

import io.netzer.dissect.Packet;
import io.netzer.flow.SlotCapacity;
import java.util.Arrays;

/**
 * What the inspector knows of each TCP or UDP direction (slot * 2 + direction) between deliveries: its
 * {@link StreamMode}, the bytes to step over before the next message, and the pooled buffer joining a message
 * split over deliveries. Shared by the inspector, which dispatches by mode, and the protocol parts
 * ({@link TlsStreams}, {@link HttpStreams}), which move a direction from mode to mode; one place holds the arrays so
 * that growing them with the flow table reaches every part. Primitive arrays and enum references: nothing is
 * allocated per packet.
 */
final class StreamDirections implements SlotCapacity {
    /** A parse result: the message is not complete yet. */
    static final int NEED = -1;
    /** A parse result: the direction is done (its mode set to {@link StreamMode#DONE}). */
    static final int STOP = -2;

    private final BufferPool buffers;
    private final TlsSessions tls;
    private final AppEvents events;
    /** Per direction: what is looked for. */
    StreamMode[] mode;
    /** Per direction: bytes still to step over (a record's or a body's) before the next message. */
    long[] skip;
    /** Per direction: the pooled buffer holding a split message, or -1. */
    int[] buffer;
    /** Per direction: bytes held in the buffer. */
    int[] fill;

    StreamDirections(BufferPool buffers, TlsSessions tls, AppEvents events, int slots) {
        this.buffers = buffers;
        this.tls = tls;
        this.events = events;
        mode = new StreamMode[2 * slots];
        Arrays.fill(mode, StreamMode.UNDECIDED);
        skip = new long[2 * slots];
        buffer = new int[2 * slots];
        fill = new int[2 * slots];
        Arrays.fill(buffer, -1);
    }

    /** Makes room for {@code n} slots' directions, as the flow table's capacity grows. */
    @Override
    public void capacityChanged(int n) {
        int old = mode.length / 2;
        if (n <= old) {
            return;
        }
        mode = Arrays.copyOf(mode, 2 * n);
        Arrays.fill(mode, 2 * old, 2 * n, StreamMode.UNDECIDED);
        skip = Arrays.copyOf(skip, 2 * n);
        buffer = Arrays.copyOf(buffer, 2 * n);
        fill = Arrays.copyOf(fill, 2 * n);
        Arrays.fill(buffer, 2 * old, 2 * n, -1);
    }

    /**
     * Counts why direction {@code s} was given up (its flow's waiting TLS handshake written, resolved by
     * {@code packet}), marks it done, and returns {@link #STOP}.
     */
    int stop(int s, InspectorCounter reason, Packet packet) {
        tls.end(s >> 1, packet);
        events.increment(reason);
        release(s);
        mode[s] = StreamMode.DONE;
        return STOP;
    }

    /** Gives the direction's buffer back to the pool, if it holds one. */
    void release(int s) {
        if (buffer[s] >= 0) {
            buffers.release(buffer[s]);
            buffer[s] = -1;
            fill[s] = 0;
        }
    }

    /** Bytes used of a delivery when a message took {@code used}: what lies beyond the delivery is skipped. */
    int advance(int s, int used, int length) {
        if (used > length) {
            skip[s] += used - length;
            return length;
        }
        return used;
    }
}
