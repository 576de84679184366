package io.netzer.inspect;

import static io.netzer.inspect.StreamDirections.NEED;
import static io.netzer.inspect.StreamDirections.STOP;

import io.netzer.app.ClientHelloParser;
import io.netzer.app.HttpRequestParser;
import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;
import java.util.function.IntPredicate;

/**
 * Joins messages split over deliveries: a message is parsed where it lies when one delivery holds it whole; one
 * split over deliveries is joined in a buffer from a {@link BufferPool} (at most the mode's cap, the largest message
 * its parser accepts), given back when the message is complete, or taken back for another stream when the pool is
 * empty (see {@link #acquire}: flows without a verified TCP handshake first, then the longest idle). The parsing
 * itself is the inspector's, by the direction's mode ({@link Parser}).
 */
final class SplitMessages {
    /**
     * Parses one message of direction {@code s}: returns its length, {@link StreamDirections#NEED} or
     * {@link StreamDirections#STOP}.
     */
    interface Parser {
        int parse(int s, MemorySegment segment, long offset, int length);
    }

    private final BufferPool buffers;
    private final TcpHandshakes handshakes;
    private final TlsSessions tls;
    private final StreamDirections directions;
    private final Parser parser;
    /** Buffer holders (stream directions) whose flow has no verified handshake; any holder. */
    private final IntPredicate withoutHandshake;
    private final IntPredicate anyHolder = s -> true;

    SplitMessages(BufferPool buffers, TcpHandshakes handshakes, TlsSessions tls, StreamDirections directions,
            Parser parser) {
        this.buffers = buffers;
        this.handshakes = handshakes;
        this.tls = tls;
        this.directions = directions;
        this.parser = parser;
        this.withoutHandshake = s -> !handshakes.verified(s >> 1);
    }

    /**
     * Parses a message where it lies; when incomplete, keeps the bytes in a pooled buffer. {@code packet} released
     * the bytes (null when the flow's end did); {@code now} is the latest packet time, the buffers' clock.
     *
     * @return the bytes of {@code data} used, or {@link StreamDirections#STOP}
     */
    int parseInPlace(int s, MemorySegment data, long p, int left, Packet packet, long now) {
        int used = parser.parse(s, data, p, left);
        if (used != NEED) {
            return used;
        }
        if (left > cap(directions.mode[s])) {
            return directions.stop(s, InspectorCounter.MESSAGE_TOO_LONG, packet);
        }
        int id = acquire(s, packet, now);
        if (id < 0) {
            return directions.stop(s, InspectorCounter.BUFFER_POOL_EXHAUSTED, packet);
        }
        directions.buffer[s] = id;
        MemorySegment.copy(data, p, buffers.segment(id), 0, left);
        directions.fill[s] = left;
        return left;
    }

    /**
     * A buffer for direction {@code s}: a free one or, when the pool is empty, one taken back from a message that
     * waits for more bytes, so that partial messages nobody completes (spoofed flows, lost segments) cannot hold
     * the pool until their flows time out. The victim is the longest idle (by packet time) of the buffers held by
     * flows without a verified handshake ({@link TcpHandshakes}); when every holder has one, the longest idle of
     * all, taken only for a stream with a verified handshake itself or from a holder idle for
     * {@link AppInspector#TRUSTED_HOLD_NANOS}. The victim's direction is given up and counted by reason.
     *
     * @return a buffer id, or -1 when none may be taken
     */
    private int acquire(int s, Packet packet, long now) {
        int id = buffers.acquire(s, now);
        if (id >= 0) {
            return id;
        }
        InspectorCounter reason = InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE;
        int victim = buffers.longestIdle(withoutHandshake);
        if (victim < 0) {
            reason = InspectorCounter.BUFFER_RECLAIMED_IDLE;
            victim = buffers.longestIdle(anyHolder);
            if (victim < 0 || !handshakes.verified(s >> 1)
                    && now - buffers.lastProgress(victim) < AppInspector.TRUSTED_HOLD_NANOS) {
                return -1;
            }
        }
        tls.end(buffers.holder(victim) >> 1, null);
        directions.stop(buffers.holder(victim), reason, packet);
        return buffers.acquire(s, now);
    }

    /** As {@link #parseInPlace}, for a direction that holds a buffer: adds the bytes to it and parses it. */
    int parseBuffered(int s, MemorySegment data, long p, int left, Packet packet, long now) {
        int id = directions.buffer[s];
        int had = directions.fill[s];
        int n = Math.min(left, cap(directions.mode[s]) - had);
        MemorySegment.copy(data, p, buffers.segment(id), had, n);
        buffers.progressed(id, now);
        directions.fill[s] = had + n;
        int used = parser.parse(s, buffers.segment(id), 0, directions.fill[s]);
        while (used >= 0 && used < had) {
            // The message ended within the bytes held before this delivery (a TLS flight ends where the record
            // after it starts, which the parser had to see): keep the rest held and parse on from there.
            MemorySegment.copy(buffers.segment(id), used, buffers.segment(id), 0, directions.fill[s] - used);
            directions.fill[s] -= used;
            had -= used;
            used = parser.parse(s, buffers.segment(id), 0, directions.fill[s]);
        }
        if (used == NEED) {
            if (directions.fill[s] == cap(directions.mode[s]) && directions.mode[s] == StreamMode.TLS) {
                directions.fill[s] = ClientHelloParser.compactRecords(buffers.segment(id), directions.fill[s]);
            }
            // Whatever of the delivery did not fit is taken on the next turn, into the room joining made.
            return directions.fill[s] == cap(directions.mode[s])
                    ? directions.stop(s, InspectorCounter.MESSAGE_TOO_LONG, packet) : n;
        }
        directions.release(s);
        // The previous parse needed more than the bytes already held, so the message ends within the new ones.
        return used < 0 ? STOP : Math.max(used - had, 0);
    }

    private static int cap(StreamMode mode) {
        return switch (mode) {
            case TLS, TLS_SERVER, TLS_RECORDS -> AppInspector.TLS_CAP;
            case HTTP, HTTP_MAYBE, HTTP_RESPONSE -> HttpRequestParser.MAX_HEAD_LENGTH;
            default -> AppInspector.DNS_TCP_CAP;
        };
    }
}
