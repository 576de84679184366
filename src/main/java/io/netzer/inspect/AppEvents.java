package io.netzer.inspect;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.Ja4;
import io.netzer.app.Malformation;
import io.netzer.app.ParseStatus;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;

/**
 * The inspector's side towards the event sinks: fills the reused {@link EventContext} from the flow's endpoints,
 * computes JA4, hands the message to every sink, and keeps the counters ({@link InspectorCounter}, malformations
 * by reason). Events may allocate (the JA4 text, the sinks' strings); counting never does.
 */
final class AppEvents {
    private final EventSink[] sinks;
    private final FlowEndpoints endpoints;
    private final EventContext context = new EventContext();
    private final Ja4 ja4 = new Ja4();
    private final long[] counters = new long[InspectorCounter.values().length];
    private final long[] malformed = new long[Malformation.values().length];

    AppEvents(EventSink[] sinks, FlowEndpoints endpoints) {
        this.sinks = sinks.clone();
        this.endpoints = endpoints;
    }

    /**
     * A ClientHello sent in {@code direction} of {@code flow}, over TCP or in QUIC Initials, completed by
     * {@code packet} (null when the flow's end released the last bytes).
     */
    void tls(int flow, int direction, ClientHello hello, boolean quic, Packet packet) {
        increment(quic ? InspectorCounter.QUIC_EVENTS : InspectorCounter.TLS_EVENTS);
        String fingerprint = ja4.fingerprint(hello, quic ? Ja4.Transport.QUIC : Ja4.Transport.TCP);
        EventContext c = endpoints.fill(context, flow, direction);
        for (EventSink sink : sinks) {
            sink.tls(c, packet, hello, fingerprint, quic);
        }
    }

    /** A DNS message parsed: an event when whole, or when it broke after its question (tshark shows those too). */
    void dns(int flow, int direction, int status, DnsMessage message, Packet packet) {
        if (status == ParseStatus.MALFORMED) {
            malformed(message.malformation());
            if (!message.hasQuestion()) {
                return;
            }
        }
        increment(InspectorCounter.DNS_EVENTS);
        EventContext c = endpoints.fill(context, flow, direction);
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
        EventContext c = endpoints.fill(context, flow, direction);
        if (exchange.hasRequest()) {
            c.at(exchange.requestNanos(), c.interfaceIndex());
        }
        for (EventSink sink : sinks) {
            sink.http(c, packet, exchange);
        }
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
        return counters[counter.ordinal()];
    }

    long malformedCount(Malformation reason) {
        return malformed[reason.ordinal()];
    }
}
