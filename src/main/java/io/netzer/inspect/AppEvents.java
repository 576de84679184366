package io.netzer.inspect;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.app.DnsTransactions;
import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.app.Ja3;
import io.netzer.app.Ja4;
import io.netzer.app.Malformation;
import io.netzer.app.ParseStatus;
import io.netzer.app.ServerCertificate;
import io.netzer.app.ServerHello;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowView;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;

/**
 * The inspector's side towards the event sinks: points the reused {@link EventContext} at the flow table's view of
 * the flow (endpoints, tunnel, Community ID, the time and interface of its latest packet), computes the TLS
 * fingerprints (JA4, JA3, JA4S, JA3S) and reads a server certificate, hands the message to every sink, and keeps
 * the counters ({@link InspectorCounter}, malformations by reason). Events may allocate (the fingerprints, the
 * certificate's fields, the sinks' strings); counting never does.
 */
final class AppEvents {
    private final EventSink[] sinks;
    private final EventContext context = new EventContext();
    /** The inspector's own view of the flow table, set when the inspector is attached to it. */
    private FlowView flows;
    private final Ja4 ja4 = new Ja4();
    private final Ja3 ja3 = new Ja3();
    /** The hello parser's hello, for events written at once (a full pool of waiting handshakes). */
    private final TlsHandshake direct;
    private final long[] counters = new long[InspectorCounter.values().length];
    private final long[] malformed = new long[Malformation.values().length];
    private final DnsTransactions dnsTransactions = new DnsTransactions();

    AppEvents(EventSink[] sinks, ClientHello hello) {
        this.sinks = sinks.clone();
        this.direct = new TlsHandshake(hello);
    }

    /** Reads the flows through {@code view}, a view of their table of the inspector's own. */
    void attach(FlowView view) {
        this.flows = view;
    }

    /** The context of a message sent in {@code direction} of {@code flow}, at the time of its latest packet. */
    private EventContext context(int flow, int direction) {
        FlowView view = flows.of(flow);
        return context.of(view, direction).at(view.lastPacketNanos(), view.interfaceIndex());
    }

    /** TCP or UDP port of the initiator of {@code flow}. */
    int initiatorPort(int flow) {
        return flows.of(flow).initiatorPort();
    }

    /** TCP or UDP port of the responder of {@code flow}. */
    int responderPort(int flow) {
        return flows.of(flow).responderPort();
    }

    /**
     * A ClientHello sent in {@code direction} of {@code flow}, over TCP or in QUIC Initials, completed by
     * {@code packet} (null when the flow's end released the last bytes), whose event is written at once, without
     * the server's side.
     */
    void tls(int flow, int direction, ClientHello hello, boolean quic, Packet packet) {
        handshake(flow, direction, direct.begin(quic), packet, hello);
    }

    /**
     * A TLS handshake whose hello was sent in {@code direction} of {@code flow}, resolved by {@code packet} (null
     * when the flow's end or another flow's need resolved it): computes the fingerprints, reads the server's
     * certificate if it came in clear, and writes the event.
     */
    void handshake(int flow, int direction, TlsHandshake handshake, Packet packet) {
        handshake(flow, direction, handshake, packet, handshake.client());
    }

    private void handshake(int flow, int direction, TlsHandshake handshake, Packet packet, ClientHello hello) {
        boolean quic = handshake.quic();
        increment(quic ? InspectorCounter.QUIC_EVENTS : InspectorCounter.TLS_EVENTS);
        Ja4.Transport transport = quic ? Ja4.Transport.QUIC : Ja4.Transport.TCP;
        ServerHello server = handshake.server();
        ServerCertificate certificate = null;
        if (server.certificateLength() > 0) {
            certificate = ServerCertificate.read(server.certificate(), server.certificateLength());
            if (certificate == null) {
                malformed(Malformation.TLS_CERTIFICATE_UNREADABLE);
            }
        }
        handshake.fingerprints(ja4.fingerprint(hello, transport), ja3.client(hello),
                server.present() ? ja4.serverFingerprint(server, transport) : null,
                server.present() ? ja3.server(server) : null, certificate);
        EventContext c = context(flow, direction);
        for (EventSink sink : sinks) {
            sink.tls(c, packet, handshake);
        }
    }

    /**
     * A DNS message parsed: an event when whole, or when it broke after its question (tshark shows those too). A
     * response is paired with its query first, so the event carries the response time; not over mDNS, whose
     * multicast answers travel in flows of their own.
     */
    void dns(int flow, int direction, int status, DnsMessage message, Packet packet) {
        if (status == ParseStatus.MALFORMED) {
            malformed(message.malformation());
            if (!message.hasQuestion()) {
                return;
            }
        }
        increment(InspectorCounter.DNS_EVENTS);
        EventContext c = context(flow, direction);
        if (c.sourcePort() != DnsMessageParser.MDNS_PORT && c.destinationPort() != DnsMessageParser.MDNS_PORT) {
            dnsTransactions.observe(flow, direction, message, c.timestampNanos());
        }
        for (EventSink sink : sinks) {
            sink.dns(c, packet, message);
        }
    }

    /**
     * An HTTP exchange of {@code flow} whose requests go in {@code direction} (the client is the source), at the
     * request's time when there is one, as Zeek and Packetbeat time them.
     */
    void http(int flow, int direction, HttpExchange exchange, Packet packet) {
        increment(InspectorCounter.HTTP_EVENTS);
        EventContext c = context(flow, direction);
        if (exchange.hasRequest()) {
            c.at(exchange.requestNanos(), c.interfaceIndex());
        }
        for (EventSink sink : sinks) {
            sink.http(c, packet, exchange);
        }
    }

    /** A flow slot now holds a new flow. */
    void flowStarted(int flow) {
        dnsTransactions.flowStarted(flow);
    }

    /** The capture ended at packet time {@code nowNanos}. */
    void endOfCapture(long nowNanos) {
        dnsTransactions.endOfCapture(nowNanos);
    }

    void increment(InspectorCounter counter) {
        counters[counter.ordinal()]++;
    }

    void add(InspectorCounter counter, long n) {
        counters[counter.ordinal()] += n;
    }

    void malformed(Malformation reason) {
        increment(InspectorCounter.MALFORMED);
        malformed[reason.ordinal()]++;
    }

    long count(InspectorCounter counter) {
        return switch (counter) {
            case DNS_QUERIES_UNANSWERED -> dnsTransactions.unanswered();
            case DNS_QUERIES_EVICTED -> dnsTransactions.evicted();
            case DNS_RESPONSES_UNMATCHED -> dnsTransactions.unmatched();
            default -> counters[counter.ordinal()];
        };
    }

    long malformedCount(Malformation reason) {
        return malformed[reason.ordinal()];
    }
}
