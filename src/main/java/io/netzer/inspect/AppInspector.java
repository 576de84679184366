package io.netzer.inspect;

import static io.netzer.inspect.StreamDirections.NEED;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.app.Malformation;
import io.netzer.app.ParseStatus;
import io.netzer.app.QuicInitialParser;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowTable;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Runs the app parsers on what the flow tracker delivers and hands each decoded message to the event sinks:
 * TLS ClientHellos, HTTP/1 requests and DNS messages in TCP streams; DNS messages and QUIC Initials in UDP
 * datagrams. One per worker, on the worker's thread.
 *
 * <p>Each TCP direction is recognised from its first bytes (a handshake record: TLS; a DNS port: length-prefixed
 * DNS; a method token: HTTP requests; {@code HTTP/}: HTTP responses) and followed message by message, dispatched by
 * its {@link StreamMode}: every request and response of a keep-alive or pipelined HTTP stream ({@link HttpStreams}),
 * every DNS message (here), and a TLS handshake: the client's hello, the server's first flight, then record headers
 * both ways until the handshake is resolved ({@link TlsStreams}), its one event written by {@link TlsSessions}.
 * A message split over deliveries is joined by {@link SplitMessages} in a pooled buffer of {@link #BUFFER_SIZE}
 * bytes, the largest any parser accepts. QUIC connections get a
 * {@link QuicCryptoAssembler} from a pool until their handshake is resolved ({@link QuicFlows}). Per-flow state is arrays indexed by
 * the tracker's slot: primitives, and the {@link StreamMode} of each direction ({@link StreamDirections}), grown with
 * the flow table the inspector is attached to ({@link #attach}), whose view of each flow gives an event its
 * endpoints, time and interface.
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

    private final int wanted;
    private final ClientHelloParser helloParser = new ClientHelloParser();
    private final DnsMessageParser dnsParser = new DnsMessageParser();
    private final ClientHello hello = new ClientHello();
    private final DnsMessage dnsMessage = new DnsMessage();
    private final BufferPool buffers;
    private final AppEvents events;
    private final QuicFlows quic;
    private final TcpHandshakes handshakes;
    private final TlsSessions tls;
    private final StreamDirections directions;
    private final TlsStreams tlsStreams;
    private final HttpStreams http;
    private final SplitMessages split;
    /** Packet time of the latest packet: when buffers made progress. */
    private long now;
    /** While stream bytes are parsed: the packet that released them (null when the flow's end did). */
    private Packet completing;

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
        this.events = new AppEvents(sinks, hello);
        this.tls = new TlsSessions(events, TlsSessions.DEFAULT_MAX_PENDING, n);
        this.quic = new QuicFlows(helloParser, events, tls, maxQuic, n);
        this.handshakes = new TcpHandshakes(n);
        this.directions = new StreamDirections(buffers, tls, events, n);
        this.tlsStreams = new TlsStreams(helloParser, hello, tls, events, directions);
        this.http = new HttpStreams(events, directions, n);
        this.split = new SplitMessages(buffers, handshakes, tls, directions, this::parse);
    }

    /**
     * Reads the flows' endpoints, times and interfaces from the table for the events, and registers each part's
     * per-slot arrays with it, so they grow with it.
     */
    @Override
    public void attach(FlowTable table) {
        events.attach(table.newView());
        table.register(handshakes);
        table.register(tls);
        table.register(directions);
        table.register(quic);
        table.register(http);
    }

    @Override
    public void flowStarted(int flow) {
        tls.end(flow, null);
        handshakes.clear(flow);
        for (int s = 2 * flow; s < 2 * flow + 2; s++) {
            directions.release(s);
            directions.mode[s] = StreamMode.UNDECIDED;
            directions.skip[s] = 0;
            http.clear(s);
        }
        quic.release(flow);
        events.flowStarted(flow);
    }

    @Override
    public void packet(Packet packet, Dissector dissector, int flow, int direction) {
        StreamMode[] mode = directions.mode;
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
        int s = 2 * flow + direction;
        long p = offset;
        int left = length;
        while (left > 0 && directions.mode[s] != StreamMode.DONE) {
            if (directions.skip[s] > 0) {
                int n = (int) Math.min(directions.skip[s], left);
                directions.skip[s] -= n;
                p += n;
                left -= n;
                continue;
            }
            if (http.inChunkedBody(s)) {
                int n = http.chunkedBody(s, data, p, left, completing);
                if (n < 0) {
                    return;
                }
                p += n;
                left -= n;
                continue;
            }
            if (directions.mode[s] == StreamMode.UNDECIDED) {
                if (left == 1 && isKeepAliveByte(u8(data, p)) && !isDnsFlow(flow)) {
                    // A stream picked up at a keep-alive probe starts with one byte of old data (RFC 9293 section
                    // 3.8.4): step over it, or the next request would never be recognised.
                    return;
                }
                directions.mode[s] = decideTcp(u8(data, p), flow, direction);
                continue;
            }
            int used = directions.buffer[s] < 0 ? split.parseInPlace(s, data, p, left, completing, now)
                    : split.parseBuffered(s, data, p, left, completing, now);
            if (used < 0) {
                return;
            }
            p += used;
            left -= used;
        }
    }

    private boolean isDnsFlow(int flow) {
        return DnsMessageParser.isDnsPort(events.initiatorPort(flow))
                || DnsMessageParser.isDnsPort(events.responderPort(flow));
    }

    private StreamMode decideTcp(int firstByte, int flow, int direction) {
        if (isDnsFlow(flow)) {
            return (wanted & DNS) != 0 ? StreamMode.DNS_TCP : StreamMode.DONE;
        }
        if (tls.waitsForServer(flow, direction) && !http.waiting(flow)) {
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

    /**
     * Runs the direction's parser on one message: the TLS and HTTP parts by the direction's mode, DNS here.
     *
     * @return the message's length (its event sent), {@link StreamDirections#NEED}, or
     *         {@link StreamDirections#STOP} (the direction is done)
     */
    private int parse(int s, MemorySegment segment, long offset, int length) {
        switch (directions.mode[s]) {
            case TLS, TLS_SERVER, TLS_RECORDS -> {
                return tlsStreams.parse(s, segment, offset, length, completing);
            }
            case HTTP, HTTP_MAYBE, HTTP_RESPONSE -> {
                return http.parse(s, segment, offset, length, completing, now);
            }
            default -> {
                int status = dnsParser.parseTcp(segment, offset, length, dnsMessage);
                if (status == ParseStatus.NEED_MORE_DATA) {
                    return NEED;
                }
                events.dns(s >> 1, s & 1, status, dnsMessage, completing);
                return dnsMessage.consumed();
            }
        }
    }

    @Override
    public void streamGap(int flow, int direction, long bytes) {
        int s = 2 * flow + direction;
        if (directions.mode[s] == StreamMode.DONE) {
            return;
        }
        if (directions.buffer[s] < 0 && directions.mode[s] != StreamMode.UNDECIDED && directions.skip[s] >= bytes) {
            // The gap lies inside a body being stepped over: the next message starts where it did.
            directions.skip[s] -= bytes;
            return;
        }
        directions.release(s);
        directions.stop(s, InspectorCounter.GAP_ABANDONED, completing);
    }

    /** DNS queries still pending past the timeout when the capture ended count as unanswered. */
    @Override
    public void endOfCapture(long nowNanos) {
        events.endOfCapture(nowNanos);
    }

    @Override
    public void flowEnded(int flow) {
        tls.end(flow, null);
        for (int s = 2 * flow; s < 2 * flow + 2; s++) {
            directions.release(s);
            http.clear(s);
            directions.mode[s] = StreamMode.DONE;
        }
        http.flowEnded(flow);
        quic.release(flow);
    }

    private static int u8(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
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
