package io.netzer.inspect;

import static io.netzer.inspect.StreamDirections.NEED;
import static io.netzer.inspect.StreamDirections.STOP;

import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.app.HttpRequestParser;
import io.netzer.app.HttpResponse;
import io.netzer.app.HttpResponseParser;
import io.netzer.app.Malformation;
import io.netzer.app.ParseStatus;
import io.netzer.dissect.Packet;
import io.netzer.flow.SlotCapacity;
import java.lang.foreign.MemorySegment;

/**
 * The HTTP/1 part of the inspector's TCP streams: every request and response of a keep-alive or pipelined stream
 * ({@link StreamMode#HTTP_MAYBE} until the first one, then {@link StreamMode#HTTP} or
 * {@link StreamMode#HTTP_RESPONSE}), bodies stepped over by Content-Length or chunk by chunk ({@link ChunkedBodies}),
 * each final response written with its request in one event ({@link HttpExchanges}), and after CONNECT's 2xx or a
 * 101 both directions recognised afresh. Each parse returns the message's length, {@link StreamDirections#NEED} or
 * {@link StreamDirections#STOP}; joining split messages is the inspector's.
 */
final class HttpStreams implements SlotCapacity {
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final int NO_CONTENT = 204;
    private static final int NOT_MODIFIED = 304;

    private final HttpRequestParser requestParser = new HttpRequestParser();
    private final HttpRequest request = new HttpRequest();
    private final HttpResponseParser responseParser = new HttpResponseParser();
    private final HttpResponse response = new HttpResponse();
    private final AppEvents events;
    private final StreamDirections directions;
    private final HttpExchanges exchanges;
    private final ChunkedBodies chunked;

    HttpStreams(AppEvents events, StreamDirections directions, int slots) {
        this.events = events;
        this.directions = directions;
        this.exchanges = new HttpExchanges(events, slots);
        this.chunked = new ChunkedBodies(2 * slots);
    }

    /** Makes room for {@code slots} flow slots: the exchanges' and, per direction, the chunked bodies'. */
    @Override
    public void capacityChanged(int slots) {
        chunked.ensure(2 * slots);
        exchanges.ensure(slots);
    }

    /** True when a request of {@code flow} waits for its response. */
    boolean waiting(int flow) {
        return exchanges.oldest(flow) != null;
    }

    /** True while direction {@code s} steps over a chunked body. */
    boolean inChunkedBody(int s) {
        return chunked.inBody(s);
    }

    /**
     * Steps over the chunked body of direction {@code s} in a delivery released by {@code packet}.
     *
     * @return the bytes of the delivery used, or {@link StreamDirections#STOP} when the framing is broken
     */
    int chunkedBody(int s, MemorySegment data, long p, int left, Packet packet) {
        int n = chunked.walk(s, data, p, left);
        if (n < 0) {
            events.malformed(chunked.malformation());
            return directions.stop(s, InspectorCounter.HTTP_FRAMING_STOPPED, packet);
        }
        return n;
    }

    /** Direction {@code s} forgets any body it was stepping over. */
    void clear(int s) {
        chunked.clear(s);
    }

    /** The flow ends: its requests still waiting are written alone. */
    void flowEnded(int flow) {
        exchanges.flowEnded(flow);
    }

    /**
     * Parses one request or response head of direction {@code s}, released by {@code packet} (null when the flow's
     * end released it) at packet time {@code now}.
     *
     * @return the head's length, {@link StreamDirections#NEED} or {@link StreamDirections#STOP}
     */
    int parse(int s, MemorySegment segment, long offset, int length, Packet packet, long now) {
        StreamMode mode = directions.mode[s];
        if (mode != StreamMode.HTTP) {
            int status = responseParser.parse(segment, offset, length, response);
            if (status != ParseStatus.NOT_THIS_PROTOCOL || mode == StreamMode.HTTP_RESPONSE) {
                return response(s, status, packet);
            }
        }
        int status = requestParser.parse(segment, offset, length, request);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            // A banner of a server-first protocol ("220 smtp.example ESMTP") looks like a broken request line:
            // only a stream that already carried a request counts a parse error as a malformed request (the
            // head cap is counted always).
            if (status == ParseStatus.MALFORMED && (mode == StreamMode.HTTP
                    || request.malformation() == Malformation.HTTP_HEAD_TOO_LONG)) {
                events.malformed(request.malformation());
            }
            directions.mode[s] = StreamMode.DONE;
            return STOP;
        }
        directions.mode[s] = StreamMode.HTTP;
        exchanges.request(s >> 1, s & 1, HttpExchange.request(request, now), packet);
        if (request.methodIs("CONNECT")) {
            // What follows is the tunnel's (TLS after a 2xx) or, when refused, another request: it decides itself.
            directions.mode[s] = StreamMode.UNDECIDED;
        }
        return body(s, request.headLength(), request.malformation(), request.chunked(), request.contentLength(),
                packet);
    }

    /**
     * A response head parsed with {@code status}: 1xx interim ones are stepped over, a final one is written with
     * the oldest waiting request, and its body stepped over as RFC 9112 section 6.3 says.
     */
    private int response(int s, int status, Packet packet) {
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            if (status == ParseStatus.MALFORMED && (directions.mode[s] == StreamMode.HTTP_RESPONSE
                    || response.malformation() == Malformation.HTTP_HEAD_TOO_LONG)) {
                events.malformed(response.malformation());
            }
            directions.mode[s] = StreamMode.DONE;
            return STOP;
        }
        directions.mode[s] = StreamMode.HTTP_RESPONSE;
        int code = response.statusCode();
        if (response.interim() && code != SWITCHING_PROTOCOLS) {
            events.increment(InspectorCounter.HTTP_INTERIM_RESPONSES);
            return response.headLength();
        }
        int flow = s >> 1;
        HttpExchange waiting = exchanges.oldest(flow);
        boolean tunnel = code == SWITCHING_PROTOCOLS
                || waiting != null && waiting.isConnect() && code >= 200 && code < 300;
        exchanges.answer(flow, s & 1, response, packet);
        if (tunnel) {
            // The connection now carries another protocol (RFC 9110 sections 9.3.6 and 7.8): both directions are
            // recognised afresh, so TLS through a proxy's tunnel is inspected like any TLS stream.
            restart(s);
            if (code == SWITCHING_PROTOCOLS) {
                // After CONNECT the client's side restarted with the request (it may have sent its hello already).
                restart(s ^ 1);
            }
            return response.headLength();
        }
        if (waiting != null && waiting.isHead() || code == NO_CONTENT || code == NOT_MODIFIED) {
            return response.headLength();
        }
        if (response.malformation() == Malformation.NONE && !response.chunked() && response.contentLength() < 0) {
            // No framing: the body lasts until the server closes (RFC 9112 section 6.3 rule 8).
            return directions.stop(s, InspectorCounter.HTTP_BODY_UNTIL_CLOSE, packet);
        }
        return body(s, response.headLength(), response.malformation(), response.chunked(), response.contentLength(),
                packet);
    }

    /**
     * Sets direction {@code s} up to step over the body after a head of {@code headLength} bytes: by
     * Content-Length, or chunk by chunk; a broken framing is counted and ends the direction.
     *
     * @return the head's length, or {@link StreamDirections#STOP}
     */
    private int body(int s, int headLength, Malformation framing, boolean isChunked, long contentLength,
            Packet packet) {
        if (framing != Malformation.NONE) {
            events.malformed(framing);
            return directions.stop(s, InspectorCounter.HTTP_FRAMING_STOPPED, packet);
        }
        if (isChunked) {
            chunked.start(s);
        } else {
            directions.skip[s] = Math.max(contentLength, 0);
        }
        return headLength;
    }

    /** Direction {@code s} forgets what it was and recognises its next bytes afresh. */
    private void restart(int s) {
        directions.release(s);
        chunked.clear(s);
        directions.skip[s] = 0;
        directions.mode[s] = StreamMode.UNDECIDED;
    }
}
