package io.netzer.inspect;

import static io.netzer.dissect.Wire.u16;
import static io.netzer.dissect.Wire.u8;
import static io.netzer.inspect.StreamDirections.NEED;
import static io.netzer.inspect.StreamDirections.STOP;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.ParseStatus;
import io.netzer.app.ServerHello;
import io.netzer.app.ServerHelloParser;
import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;

/**
 * The TLS part of the inspector's TCP streams: a client's direction parsed until its ClientHello is complete
 * ({@link StreamMode#TLS}), the server's until its first flight is ({@link StreamMode#TLS_SERVER}), then both
 * followed record header by record header ({@link StreamMode#TLS_RECORDS}) until {@link TlsSessions} says the
 * handshake is resolved. Each method parses one message of one direction and returns its length,
 * {@link StreamDirections#NEED} or {@link StreamDirections#STOP}; joining split messages is the inspector's.
 */
final class TlsStreams {
    private static final int TLS_RECORD_HEADER_LENGTH = 5;
    private static final int TLS_MAJOR_VERSION = 3;

    private final ClientHelloParser helloParser;
    private final ClientHello hello;
    private final ServerHelloParser serverParser = new ServerHelloParser();
    private final TlsSessions tls;
    private final AppEvents events;
    private final StreamDirections directions;

    /**
     * @param helloParser the inspector's ClientHello parser, shared with QUIC
     * @param hello       where it parses, shared with QUIC and the events written at once
     */
    TlsStreams(ClientHelloParser helloParser, ClientHello hello, TlsSessions tls, AppEvents events,
            StreamDirections directions) {
        this.helloParser = helloParser;
        this.hello = hello;
        this.tls = tls;
        this.events = events;
        this.directions = directions;
    }

    /**
     * Parses one message of direction {@code s}, in one of the TLS modes, released by {@code packet} (null when the
     * flow's end released it).
     *
     * @return the message's length, {@link StreamDirections#NEED} or {@link StreamDirections#STOP}
     */
    int parse(int s, MemorySegment segment, long offset, int length, Packet packet) {
        return switch (directions.mode[s]) {
            case TLS -> clientHello(s, segment, offset, length, packet);
            case TLS_SERVER -> serverFlight(s, segment, offset, length, packet);
            default -> record(s, segment, offset, length, packet);
        };
    }

    /** A client's ClientHello: its handshake then waits for the server, its records followed meanwhile. */
    private int clientHello(int s, MemorySegment segment, long offset, int length, Packet packet) {
        int status = helloParser.parse(segment, offset, length, hello);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status == ParseStatus.COMPLETE && tls.clientHello(s >> 1, s & 1, hello, false, packet)) {
            directions.mode[s] = StreamMode.TLS_RECORDS;
            return directions.advance(s, hello.recordBytes(), length);
        }
        if (status == ParseStatus.MALFORMED) {
            events.malformed(hello.malformation());
        }
        directions.mode[s] = StreamMode.DONE;
        return STOP;
    }

    /**
     * The server's first flight; after a HelloRetryRequest the client's direction looks for its second hello
     * (the server's for its second ServerHello), else both follow records until the handshake is resolved.
     */
    private int serverFlight(int s, MemorySegment segment, long offset, int length, Packet packet) {
        int flow = s >> 1;
        ServerHello server = tls.serverHello(flow);
        int status = serverParser.parse(segment, offset, length, server);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            if (status == ParseStatus.MALFORMED) {
                events.malformed(server.malformation());
            }
            tls.end(flow, packet);
            directions.mode[s] = StreamMode.DONE;
            return STOP;
        }
        if (tls.serverFlight(flow, packet)) {
            int client = s ^ 1;
            if (directions.mode[client] == StreamMode.TLS_RECORDS) {
                directions.mode[client] = StreamMode.TLS;
            }
            return directions.advance(s, server.consumed(), length);
        }
        directions.mode[s] = StreamMode.TLS_RECORDS;
        return directions.advance(s, server.consumed(), length);
    }

    /** One record header of a TLS direction after its hello: the handshake may be resolved by it. */
    private int record(int s, MemorySegment segment, long offset, int length, Packet packet) {
        int flow = s >> 1;
        if (length < TLS_RECORD_HEADER_LENGTH) {
            return NEED;
        }
        if (u8(segment, offset + 1) != TLS_MAJOR_VERSION || tls.record(flow, s & 1, u8(segment, offset), packet)) {
            tls.end(flow, packet);
            for (int d = 2 * flow; d < 2 * flow + 2; d++) {
                if (directions.mode[d] == StreamMode.TLS_RECORDS || directions.mode[d] == StreamMode.TLS_SERVER) {
                    directions.release(d);
                    directions.mode[d] = StreamMode.DONE;
                }
            }
            return STOP;
        }
        directions.skip[s] = u16(segment, offset + TLS_RECORD_HEADER_LENGTH - 2);
        return TLS_RECORD_HEADER_LENGTH;
    }
}
