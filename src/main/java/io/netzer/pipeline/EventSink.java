package io.netzer.pipeline;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
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
     * One TLS ClientHello (over TCP, or in QUIC Initial packets).
     *
     * @param context where and when
     * @param packet  the packet whose bytes completed the hello; null when the flow's end released them
     * @param hello   the decoded hello
     * @param ja4     its JA4 fingerprint
     * @param quic    true when it came in QUIC Initials ({@code network.protocol} {@code quic}, else {@code tls})
     */
    default void tls(EventContext context, Packet packet, ClientHello hello, String ja4, boolean quic) {
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
