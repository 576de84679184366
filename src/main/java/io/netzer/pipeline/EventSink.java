package io.netzer.pipeline;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowView;

/**
 * Where typed events go: one method per dataset ({@code netzer.tls}, {@code netzer.dns}, {@code netzer.http}
 * from the app inspector, {@code netzer.flow} from the flow stage), each with everything the event is: where and
 * when, the packet that completed it, and the decoded message. Nothing about an event is state another sink set,
 * so every sink sees the same event whatever the order of the sinks. The arguments are reused objects, valid
 * during the call only. Events are rare next to packets, so an implementation may allocate (strings, the JA4
 * text); it must not block or throw.
 */
public interface EventSink {
    /**
     * One TLS handshake: its ClientHello (over TCP, or in QUIC Initial packets) with the server's side when it was
     * seen, written when the handshake is resolved or its flow ends.
     *
     * @param context   where and when; the source is the client
     * @param packet    the packet that resolved the handshake; null when the flow's end (or the need of another
     *                  flow) resolved it
     * @param handshake the hellos, fingerprints and certificate ({@link TlsHandshake#quic()}: {@code network.protocol}
     *                  {@code quic}, else {@code tls})
     */
    default void tls(EventContext context, Packet packet, TlsHandshake handshake) {
    }

    /** One DNS message, query or response, over UDP or TCP; {@code packet} as for {@link #tls}. */
    default void dns(EventContext context, Packet packet, DnsMessage message) {
    }

    /**
     * One HTTP/1.x request with its final response, or either alone (a request unanswered when its flow ended, a
     * response whose request was not seen); the context's source is the client. {@code packet} as for
     * {@link #tls}: the one that completed the response head, or null when the flow ended with the request waiting.
     */
    default void http(EventContext context, Packet packet, HttpExchange exchange) {
    }

    /**
     * A flow ended, or reached its active timeout ({@link FlowView#ended()} tells which). No packet completes a
     * flow: it ends by time (its timeouts, the flow cap, the end of the capture).
     */
    default void flow(FlowView flow) {
    }
}
