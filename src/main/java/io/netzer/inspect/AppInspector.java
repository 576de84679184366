package io.netzer.inspect;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.app.HttpRequestParser;
import io.netzer.app.HttpResponse;
import io.netzer.app.HttpResponseParser;
import io.netzer.app.Malformation;
import io.netzer.app.ParseStatus;
import io.netzer.app.QuicInitialParser;
import io.netzer.app.ServerHello;
import io.netzer.app.ServerHelloParser;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Runs the app parsers on what the flow tracker delivers and hands each decoded message to the event sinks:
 * TLS ClientHellos, HTTP/1 requests and DNS messages in TCP streams; DNS messages and QUIC Initials in UDP
 * datagrams. One per worker, on the worker's thread.
 *
 * <p>Each TCP direction is recognised from its first bytes (a handshake record: TLS; a DNS port: length-prefixed
 * DNS; a method token: HTTP requests; {@code HTTP/}: HTTP responses) and followed message by message: every
 * request and response of a keep-alive or pipelined HTTP stream (bodies stepped over by Content-Length or chunk by
 * chunk, {@link ChunkedBodies}; each final response written with its request in one event, {@link HttpExchanges};
 * after CONNECT's 2xx or a 101 the tunnel's bytes recognised afresh), every DNS message, and a TLS handshake: the
 * client's hello, the server's first flight, then record headers both ways until the handshake is resolved, its
 * one event written by {@link TlsSessions}.
 * A message is parsed where it lies when one delivery holds it whole; one split over deliveries is joined in a
 * buffer from a {@link BufferPool} (at most {@link #BUFFER_SIZE} bytes, the largest any parser accepts), given
 * back when the message is complete, or taken back for another stream when the pool is empty (see
 * {@link #acquire}: flows without a verified TCP handshake first, then the longest idle). QUIC connections get a
 * {@link QuicCryptoAssembler} from a pool until their handshake is resolved ({@link QuicFlows}). Per-flow state is
 * arrays indexed by the tracker's slot: primitives, and the {@link StreamMode} of each direction.
 *
 * <p>Nothing here allocates for a packet that produces no event, except QUIC Initials of a followed
 * connection (the JCE needs key objects to open them). Events allocate their strings and the JA4 text: they are
 * rare next to packets. Everything given up on is counted ({@link InspectorCounter}, {@link #malformed}).
 */
public final class AppInspector implements StreamListener {
    /** Inspect TLS over TCP and QUIC Initials. */
    public static final int TLS = 1;
    /** Inspect DNS over UDP and TCP. */
    public static final int DNS = 1 << 1;
    /** Inspect HTTP/1 requests. */
    public static final int HTTP = 1 << 2;

    /**
     * TLS: a hello of the largest size with room to spare for record headers; a buffer that fills up has its whole
     * records joined ({@link ClientHelloParser#compactRecords}), so a hello over any number of records fits.
     */
    static final int TLS_CAP = ClientHelloParser.MAX_HANDSHAKE_LENGTH + 4096;
    /** DNS over TCP: a 2-byte length and the longest message it can announce. */
    static final int DNS_TCP_CAP = 2 + 0xffff;
    /** Size of each pooled stream buffer: the largest cap of any parser. */
    public static final int BUFFER_SIZE = Math.max(TLS_CAP, DNS_TCP_CAP);
    /** Default most stream buffers (split messages in progress at once): 256 of 68 KiB. */
    public static final int DEFAULT_MAX_BUFFERS = 256;
    /**
     * How long a buffer held by a flow with a verified handshake is safe from streams without one: a message
     * split by a lost segment completes with its retransmission well within a second.
     */
    static final long TRUSTED_HOLD_NANOS = 1_000_000_000L;
    /** Flow slots the state arrays are sized for at first; they grow with the flow table. */
    public static final int INITIAL_SLOTS = 1024;
    /** Default most QUIC connections with a handshake in progress at once (hello or server's answer). */
    public static final int DEFAULT_MAX_QUIC_CONNECTIONS = 256;

    private static final int TLS_RECORD_HEADER_LENGTH = 5;
    private static final int TLS_MAJOR_VERSION = 3;
    /** parse(): the message is not complete yet. */
    private static final int NEED = -1;
    /** parse(): the direction is done (mode set to {@link StreamMode#DONE}). */
    private static final int STOP = -2;
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final int NO_CONTENT = 204;
    private static final int NOT_MODIFIED = 304;

    private final int wanted;
    private final ClientHelloParser helloParser = new ClientHelloParser();
    private final ServerHelloParser serverParser = new ServerHelloParser();
    private final DnsMessageParser dnsParser = new DnsMessageParser();
    private final HttpRequestParser httpParser = new HttpRequestParser();
    private final ClientHello hello = new ClientHello();
    private final DnsMessage dnsMessage = new DnsMessage();
    private final HttpRequest httpRequest = new HttpRequest();
    private final HttpResponseParser responseParser = new HttpResponseParser();
    private final HttpResponse httpResponse = new HttpResponse();
    private final BufferPool buffers;
    private final FlowEndpoints endpoints;
    private final AppEvents events;
    private final QuicFlows quic;
    private final TcpHandshakes handshakes;
    private final TlsSessions tls;
    private final ChunkedBodies chunked;
    private final HttpExchanges exchanges;
    /** Buffer holders (stream directions) whose flow has no verified handshake; any holder. */
    private final IntPredicate withoutHandshake;
    private final IntPredicate anyHolder = s -> true;
    /** Packet time of the latest packet: when buffers made progress. */
    private long now;
    /** While stream bytes are parsed: the packet that released them (null when the flow's end did). */
    private Packet completing;
    /** Per direction (slot * 2 + direction). */
    private StreamMode[] mode;
    private long[] skip;
    private int[] buffer;
    private int[] fill;

    /**
     * An inspector with the default pools.
     *
     * @param sinks  where events go
     * @param wanted {@link #TLS}, {@link #DNS}, {@link #HTTP} or'ed: what to inspect
     */
    public AppInspector(EventSink[] sinks, int wanted) {
        this(sinks, wanted, INITIAL_SLOTS, DEFAULT_MAX_BUFFERS, DEFAULT_MAX_QUIC_CONNECTIONS);
    }

    /**
     * An inspector.
     *
     * @param sinks         where events go
     * @param wanted        {@link #TLS}, {@link #DNS}, {@link #HTTP} or'ed
     * @param initialSlots  flow slots to size the state arrays for at first (they grow to the highest slot seen)
     * @param maxBuffers    most split messages held at once
     * @param maxQuic       most QUIC connections with a handshake in progress at once
     */
    public AppInspector(EventSink[] sinks, int wanted, int initialSlots, int maxBuffers, int maxQuic) {
        int n = Math.max(initialSlots, 1);
        this.wanted = wanted;
        this.buffers = new BufferPool(BUFFER_SIZE, maxBuffers);
        this.endpoints = new FlowEndpoints(n);
        this.events = new AppEvents(sinks, endpoints, hello);
        this.tls = new TlsSessions(events, TlsSessions.DEFAULT_MAX_PENDING, n);
        this.quic = new QuicFlows(helloParser, events, tls, maxQuic, n);
        this.handshakes = new TcpHandshakes(n);
        this.chunked = new ChunkedBodies(2 * n);
        this.exchanges = new HttpExchanges(events, n);
        this.withoutHandshake = s -> !handshakes.verified(s >> 1);
        mode = new StreamMode[2 * n];
        Arrays.fill(mode, StreamMode.UNDECIDED);
        skip = new long[2 * n];
        buffer = new int[2 * n];
        fill = new int[2 * n];
        Arrays.fill(buffer, -1);
    }

    @Override
    public void flowStarted(int flow) {
        ensure(flow);
        tls.end(flow, null);
        endpoints.clear(flow);
        handshakes.clear(flow);
        for (int s = 2 * flow; s < 2 * flow + 2; s++) {
            releaseBuffer(s);
            mode[s] = StreamMode.UNDECIDED;
            skip[s] = 0;
            chunked.clear(s);
        }
        quic.release(flow);
        events.flowStarted(flow);
    }

    @Override
    public void packet(Packet packet, Dissector dissector, int flow, int direction) {
        ensure(flow);
        endpoints.packet(packet, dissector, flow, direction);
        now = packet.timestampNanos();
        if (dissector.has(Dissector.TCP)) {
            handshakes.segment(flow, direction, dissector.tcp());
            return;
        }
        int s = 2 * flow + direction;
        if (mode[s] == StreamMode.DONE || !dissector.has(Dissector.UDP)) {
            return;
        }
        long end = packet.offset() + packet.capturedLength();
        long offset = dissector.payloadOffset();
        int length = (int) Math.min(dissector.payloadLength(), end - offset);
        if (length <= 0) {
            return;
        }
        if (mode[s] == StreamMode.UNDECIDED) {
            mode[s] = decideUdp(packet.segment(), offset, flow, direction);
        }
        if (mode[s] == StreamMode.DNS_UDP) {
            int status = dnsParser.parse(packet.segment(), offset, length, dnsMessage);
            events.dns(flow, direction, status, dnsMessage, packet);
        } else if (mode[s] == StreamMode.QUIC && !quic.datagram(packet, offset, length, flow, direction, hello)) {
            mode[s] = StreamMode.DONE;
        }
    }

    private StreamMode decideUdp(MemorySegment segment, long offset, int flow, int direction) {
        if ((wanted & DNS) != 0 && isDnsFlow(flow)) {
            return StreamMode.DNS_UDP;
        }
        // A client's first datagram is a long header packet (RFC 9000 section 17.2); the version is checked by the
        // parser. The initiator's first Initial gives the keys of both sides, so the responder is read only on a
        // flow whose initiator is followed as QUIC.
        if ((wanted & TLS) != 0 && direction == FROM_INITIATOR
                && QuicInitialParser.startsLongHeader(u8(segment, offset))) {
            return StreamMode.QUIC;
        }
        if (direction != FROM_INITIATOR && quic.follows(flow)) {
            return StreamMode.QUIC;
        }
        return StreamMode.DONE;
    }

    @Override
    public void streamData(int flow, int direction, MemorySegment data, long offset, int length, Packet packet) {
        completing = packet;
        stream(flow, direction, data, offset, length);
        completing = null;
    }

    private void stream(int flow, int direction, MemorySegment data, long offset, int length) {
        ensure(flow);
        int s = 2 * flow + direction;
        long p = offset;
        int left = length;
        while (left > 0 && mode[s] != StreamMode.DONE) {
            if (skip[s] > 0) {
                int n = (int) Math.min(skip[s], left);
                skip[s] -= n;
                p += n;
                left -= n;
                continue;
            }
            if (chunked.inBody(s)) {
                int n = chunked.walk(s, data, p, left);
                if (n < 0) {
                    events.malformed(chunked.malformation());
                    stop(s, InspectorCounter.HTTP_FRAMING_STOPPED);
                    return;
                }
                p += n;
                left -= n;
                continue;
            }
            if (mode[s] == StreamMode.UNDECIDED) {
                if (left == 1 && isKeepAliveByte(u8(data, p)) && !isDnsFlow(flow)) {
                    // A stream picked up at a keep-alive probe starts with one byte of old data (RFC 9293 section
                    // 3.8.4): step over it, or the next request would never be recognised.
                    return;
                }
                mode[s] = decideTcp(u8(data, p), flow, direction);
                continue;
            }
            int used = buffer[s] < 0 ? parseInPlace(flow, direction, data, p, left)
                    : parseBuffered(flow, direction, data, p, left);
            if (used < 0) {
                return;
            }
            p += used;
            left -= used;
        }
    }

    private boolean isDnsFlow(int flow) {
        return DnsMessageParser.isDnsPort(endpoints.initiatorPort(flow))
                || DnsMessageParser.isDnsPort(endpoints.responderPort(flow));
    }

    private StreamMode decideTcp(int firstByte, int flow, int direction) {
        if (isDnsFlow(flow)) {
            return (wanted & DNS) != 0 ? StreamMode.DNS_TCP : StreamMode.DONE;
        }
        if (tls.waitsForServer(flow, direction) && exchanges.oldest(flow) == null) {
            // The server of a waiting hello answers with its flight, unless an HTTP request (CONNECT with the hello
            // sent before the 200) waits for its response first.
            return StreamMode.TLS_SERVER;
        }
        if (ClientHelloParser.startsTlsRecord(firstByte)) {
            return (wanted & TLS) != 0 ? StreamMode.TLS : StreamMode.DONE;
        }
        // Anything else may be a request line; the parser says NOT_THIS_PROTOCOL at once if it is not.
        return (wanted & HTTP) != 0 ? StreamMode.HTTP_MAYBE : StreamMode.DONE;
    }

    /** A lone byte that starts none of the protocols looked for: control characters and non-ASCII. */
    private static boolean isKeepAliveByte(int b) {
        return b < ' ' && !ClientHelloParser.startsTlsRecord(b) || b >= 0x7f;
    }

    /** Parses a message where it lies; when incomplete, keeps the bytes in a pooled buffer. */
    private int parseInPlace(int flow, int direction, MemorySegment data, long p, int left) {
        int s = 2 * flow + direction;
        int used = parse(flow, direction, data, p, left);
        if (used != NEED) {
            return used;
        }
        if (left > cap(mode[s])) {
            return stop(s, InspectorCounter.MESSAGE_TOO_LONG);
        }
        int id = acquire(s);
        if (id < 0) {
            return stop(s, InspectorCounter.BUFFER_POOL_EXHAUSTED);
        }
        buffer[s] = id;
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, buffers.bytes(id), 0, left);
        fill[s] = left;
        return left;
    }

    /**
     * A buffer for direction {@code s}: a free one or, when the pool is empty, one taken back from a message that
     * waits for more bytes, so that partial messages nobody completes (spoofed flows, lost segments) cannot hold
     * the pool until their flows time out. The victim is the longest idle (by packet time) of the buffers held by
     * flows without a verified handshake ({@link TcpHandshakes}); when every holder has one, the longest idle of
     * all, taken only for a stream with a verified handshake itself or from a holder idle for
     * {@link #TRUSTED_HOLD_NANOS}. The victim's direction is given up and counted by reason.
     *
     * @return a buffer id, or -1 when none may be taken
     */
    private int acquire(int s) {
        int id = buffers.acquire(s, now);
        if (id >= 0) {
            return id;
        }
        InspectorCounter reason = InspectorCounter.BUFFER_RECLAIMED_NO_HANDSHAKE;
        int victim = buffers.longestIdle(withoutHandshake);
        if (victim < 0) {
            reason = InspectorCounter.BUFFER_RECLAIMED_IDLE;
            victim = buffers.longestIdle(anyHolder);
            if (victim < 0 || !handshakes.verified(s >> 1) && now - buffers.lastProgress(victim) < TRUSTED_HOLD_NANOS) {
                return -1;
            }
        }
        tls.end(buffers.holder(victim) >> 1, null);
        stop(buffers.holder(victim), reason);
        return buffers.acquire(s, now);
    }

    /** Adds bytes to the direction's buffer and parses it; returns the bytes of {@code data} used. */
    private int parseBuffered(int flow, int direction, MemorySegment data, long p, int left) {
        int s = 2 * flow + direction;
        int id = buffer[s];
        int had = fill[s];
        int n = Math.min(left, cap(mode[s]) - had);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, buffers.bytes(id), had, n);
        buffers.progressed(id, now);
        fill[s] = had + n;
        int used = parse(flow, direction, buffers.segment(id), 0, fill[s]);
        while (used >= 0 && used < had) {
            // The message ended within the bytes held before this delivery (a TLS flight ends where the record
            // after it starts, which the parser had to see): keep the rest held and parse on from there.
            System.arraycopy(buffers.bytes(id), used, buffers.bytes(id), 0, fill[s] - used);
            fill[s] -= used;
            had -= used;
            used = parse(flow, direction, buffers.segment(id), 0, fill[s]);
        }
        if (used == NEED) {
            if (fill[s] == cap(mode[s]) && mode[s] == StreamMode.TLS) {
                fill[s] = ClientHelloParser.compactRecords(buffers.bytes(id), fill[s]);
            }
            // Whatever of the delivery did not fit is taken on the next turn, into the room joining made.
            return fill[s] == cap(mode[s]) ? stop(s, InspectorCounter.MESSAGE_TOO_LONG) : n;
        }
        releaseBuffer(s);
        // The previous parse needed more than the bytes already held, so the message ends within the new ones.
        return used < 0 ? STOP : Math.max(used - had, 0);
    }

    private static int cap(StreamMode mode) {
        return switch (mode) {
            case TLS, TLS_SERVER, TLS_RECORDS -> TLS_CAP;
            case HTTP, HTTP_MAYBE, HTTP_RESPONSE -> HttpRequestParser.MAX_HEAD_LENGTH;
            default -> DNS_TCP_CAP;
        };
    }

    /**
     * Runs the direction's parser on one message.
     *
     * @return the message's length (its event sent), {@link #NEED}, or {@link #STOP} (the direction is done)
     */
    private int parse(int flow, int direction, MemorySegment segment, long offset, int length) {
        int s = 2 * flow + direction;
        switch (mode[s]) {
            case TLS -> {
                return clientHello(flow, direction, segment, offset, length);
            }
            case TLS_SERVER -> {
                return serverFlight(flow, direction, segment, offset, length);
            }
            case TLS_RECORDS -> {
                return tlsRecord(flow, direction, segment, offset, length);
            }
            case HTTP, HTTP_MAYBE, HTTP_RESPONSE -> {
                return http(flow, direction, segment, offset, length);
            }
            default -> {
                int status = dnsParser.parseTcp(segment, offset, length, dnsMessage);
                if (status == ParseStatus.NEED_MORE_DATA) {
                    return NEED;
                }
                events.dns(flow, direction, status, dnsMessage, completing);
                return dnsMessage.consumed();
            }
        }
    }

    /** A client's ClientHello: its handshake then waits for the server, its records followed meanwhile. */
    private int clientHello(int flow, int direction, MemorySegment segment, long offset, int length) {
        int s = 2 * flow + direction;
        int status = helloParser.parse(segment, offset, length, hello);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status == ParseStatus.COMPLETE && tls.clientHello(flow, direction, hello, false, completing)) {
            mode[s] = StreamMode.TLS_RECORDS;
            return advance(s, hello.recordBytes(), length);
        }
        if (status == ParseStatus.MALFORMED) {
            events.malformed(hello.malformation());
        }
        mode[s] = StreamMode.DONE;
        return STOP;
    }

    /**
     * The server's first flight; after a HelloRetryRequest the client's direction looks for its second hello
     * (the server's for its second ServerHello), else both follow records until the handshake is resolved.
     */
    private int serverFlight(int flow, int direction, MemorySegment segment, long offset, int length) {
        int s = 2 * flow + direction;
        ServerHello server = tls.serverHello(flow);
        int status = serverParser.parse(segment, offset, length, server);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            if (status == ParseStatus.MALFORMED) {
                events.malformed(server.malformation());
            }
            tls.end(flow, completing);
            mode[s] = StreamMode.DONE;
            return STOP;
        }
        if (tls.serverFlight(flow, completing)) {
            int client = s ^ 1;
            if (mode[client] == StreamMode.TLS_RECORDS) {
                mode[client] = StreamMode.TLS;
            }
            return advance(s, server.consumed(), length);
        }
        mode[s] = StreamMode.TLS_RECORDS;
        return advance(s, server.consumed(), length);
    }

    /** One record header of a TLS direction after its hello: the handshake may be resolved by it. */
    private int tlsRecord(int flow, int direction, MemorySegment segment, long offset, int length) {
        int s = 2 * flow + direction;
        if (length < TLS_RECORD_HEADER_LENGTH) {
            return NEED;
        }
        if (u8(segment, offset + 1) != TLS_MAJOR_VERSION
                || tls.record(flow, direction, u8(segment, offset), completing)) {
            tls.end(flow, completing);
            for (int d = 2 * flow; d < 2 * flow + 2; d++) {
                if (mode[d] == StreamMode.TLS_RECORDS || mode[d] == StreamMode.TLS_SERVER) {
                    releaseBuffer(d);
                    mode[d] = StreamMode.DONE;
                }
            }
            return STOP;
        }
        skip[s] = u16(segment, offset + TLS_RECORD_HEADER_LENGTH - 2);
        return TLS_RECORD_HEADER_LENGTH;
    }

    /** Bytes used of a delivery when a message took {@code used}: what lies beyond the delivery is skipped. */
    private int advance(int s, int used, int length) {
        if (used > length) {
            skip[s] += used - length;
            return length;
        }
        return used;
    }

    private int http(int flow, int direction, MemorySegment segment, long offset, int length) {
        int s = 2 * flow + direction;
        if (mode[s] != StreamMode.HTTP) {
            int status = responseParser.parse(segment, offset, length, httpResponse);
            if (status != ParseStatus.NOT_THIS_PROTOCOL || mode[s] == StreamMode.HTTP_RESPONSE) {
                return response(flow, direction, status);
            }
        }
        int status = httpParser.parse(segment, offset, length, httpRequest);
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            // A banner of a server-first protocol ("220 smtp.example ESMTP") looks like a broken request line:
            // only a stream that already carried a request counts a parse error as a malformed request (the
            // head cap is counted always).
            if (status == ParseStatus.MALFORMED && (mode[s] == StreamMode.HTTP
                    || httpRequest.malformation() == Malformation.HTTP_HEAD_TOO_LONG)) {
                events.malformed(httpRequest.malformation());
            }
            mode[s] = StreamMode.DONE;
            return STOP;
        }
        mode[s] = StreamMode.HTTP;
        exchanges.request(flow, direction, HttpExchange.request(httpRequest, now), completing);
        if (httpRequest.methodIs("CONNECT")) {
            // What follows is the tunnel's (TLS after a 2xx) or, when refused, another request: it decides itself.
            mode[s] = StreamMode.UNDECIDED;
        }
        return body(s, httpRequest.headLength(), httpRequest.malformation(), httpRequest.chunked(),
                httpRequest.contentLength());
    }

    /**
     * A response head parsed with {@code status}: 1xx interim ones are stepped over, a final one is written with
     * the oldest waiting request, and its body stepped over as RFC 9112 section 6.3 says.
     */
    private int response(int flow, int direction, int status) {
        int s = 2 * flow + direction;
        if (status == ParseStatus.NEED_MORE_DATA) {
            return NEED;
        }
        if (status != ParseStatus.COMPLETE) {
            if (status == ParseStatus.MALFORMED && (mode[s] == StreamMode.HTTP_RESPONSE
                    || httpResponse.malformation() == Malformation.HTTP_HEAD_TOO_LONG)) {
                events.malformed(httpResponse.malformation());
            }
            mode[s] = StreamMode.DONE;
            return STOP;
        }
        mode[s] = StreamMode.HTTP_RESPONSE;
        int code = httpResponse.statusCode();
        if (httpResponse.interim() && code != SWITCHING_PROTOCOLS) {
            events.increment(InspectorCounter.HTTP_INTERIM_RESPONSES);
            return httpResponse.headLength();
        }
        HttpExchange request = exchanges.oldest(flow);
        boolean tunnel = code == SWITCHING_PROTOCOLS
                || request != null && request.isConnect() && code >= 200 && code < 300;
        exchanges.answer(flow, direction, httpResponse, completing);
        if (tunnel) {
            // The connection now carries another protocol (RFC 9110 sections 9.3.6 and 7.8): both directions are
            // recognised afresh, so TLS through a proxy's tunnel is inspected like any TLS stream.
            restart(s);
            if (code == SWITCHING_PROTOCOLS) {
                // After CONNECT the client's side restarted with the request (it may have sent its hello already).
                restart(s ^ 1);
            }
            return httpResponse.headLength();
        }
        if (request != null && request.isHead() || code == NO_CONTENT || code == NOT_MODIFIED) {
            return httpResponse.headLength();
        }
        if (httpResponse.malformation() == Malformation.NONE && !httpResponse.chunked()
                && httpResponse.contentLength() < 0) {
            // No framing: the body lasts until the server closes (RFC 9112 section 6.3 rule 8).
            return stop(s, InspectorCounter.HTTP_BODY_UNTIL_CLOSE);
        }
        return body(s, httpResponse.headLength(), httpResponse.malformation(), httpResponse.chunked(),
                httpResponse.contentLength());
    }

    /**
     * Sets direction {@code s} up to step over the body after a head of {@code headLength} bytes: by
     * Content-Length, or chunk by chunk; a broken framing is counted and ends the direction.
     *
     * @return the head's length, or {@link #STOP}
     */
    private int body(int s, int headLength, Malformation framing, boolean isChunked, long contentLength) {
        if (framing != Malformation.NONE) {
            events.malformed(framing);
            return stop(s, InspectorCounter.HTTP_FRAMING_STOPPED);
        }
        if (isChunked) {
            chunked.start(s);
        } else {
            skip[s] = Math.max(contentLength, 0);
        }
        return headLength;
    }

    /** Direction {@code s} forgets what it was and recognises its next bytes afresh. */
    private void restart(int s) {
        releaseBuffer(s);
        chunked.clear(s);
        skip[s] = 0;
        mode[s] = StreamMode.UNDECIDED;
    }

    @Override
    public void streamGap(int flow, int direction, long bytes) {
        ensure(flow);
        int s = 2 * flow + direction;
        if (mode[s] == StreamMode.DONE) {
            return;
        }
        if (buffer[s] < 0 && mode[s] != StreamMode.UNDECIDED && skip[s] >= bytes) {
            // The gap lies inside a body being stepped over: the next message starts where it did.
            skip[s] -= bytes;
            return;
        }
        releaseBuffer(s);
        stop(s, InspectorCounter.GAP_ABANDONED);
    }

    @Override
    public void flowEnded(int flow) {
        ensure(flow);
        tls.end(flow, null);
        for (int s = 2 * flow; s < 2 * flow + 2; s++) {
            releaseBuffer(s);
            chunked.clear(s);
            mode[s] = StreamMode.DONE;
        }
        exchanges.flowEnded(flow);
        quic.release(flow);
        endpoints.clear(flow);
    }

    /** Counts why the direction was given up, marks it done, and returns {@link #STOP}. */
    private int stop(int s, InspectorCounter reason) {
        tls.end(s >> 1, completing);
        events.increment(reason);
        releaseBuffer(s);
        mode[s] = StreamMode.DONE;
        return STOP;
    }

    private void releaseBuffer(int s) {
        if (buffer[s] >= 0) {
            buffers.release(buffer[s]);
            buffer[s] = -1;
            fill[s] = 0;
        }
    }

    private static int u8(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    private static int u16(MemorySegment segment, long offset) {
        return u8(segment, offset) << 8 | u8(segment, offset + 1);
    }

    /** Makes room for slot {@code flow}: the arrays double, as the flow table's capacity grows. */
    private void ensure(int flow) {
        endpoints.ensure(flow);
        handshakes.ensure(flow);
        tls.ensure(flow);
        int old = mode.length / 2;
        if (flow < old) {
            return;
        }
        int n = Math.max(flow + 1, old * 2);
        mode = Arrays.copyOf(mode, 2 * n);
        Arrays.fill(mode, 2 * old, 2 * n, StreamMode.UNDECIDED);
        skip = Arrays.copyOf(skip, 2 * n);
        buffer = Arrays.copyOf(buffer, 2 * n);
        fill = Arrays.copyOf(fill, 2 * n);
        Arrays.fill(buffer, 2 * old, 2 * n, -1);
        quic.ensure(n);
        chunked.ensure(2 * n - 1);
        exchanges.ensure(n - 1);
    }

    /** How often something was counted. */
    public long count(InspectorCounter counter) {
        return events.count(counter);
    }

    /** Messages found malformed for one reason. */
    public long malformed(Malformation reason) {
        return events.malformedCount(reason);
    }

    /** Stream buffers currently holding a split message. */
    public int buffersInUse() {
        return buffers.inUse();
    }
}
