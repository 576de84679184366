package io.netzer.pipeline;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.HttpRequest;
import io.netzer.flow.FlowView;

/**
 * Where the app-layer inspector hands the messages it decoded: one call per {@code netzer.tls},
 * {@code netzer.dns} or {@code netzer.http} event; and where the flow stage reports flows ({@code netzer.flow}). The arguments are reused objects, valid during the call only.
 * Events are rare next to packets, so an implementation may allocate (strings, the JA4 text) here; it must not
 * block or throw: it appends to a buffer that its {@link PacketSink} side writes out.
 */
public interface EventSink {
    /**
     * One TLS ClientHello (over TCP, or in QUIC Initial packets).
     *
     * @param context where and when
     * @param hello   the decoded hello
     * @param ja4     its JA4 fingerprint
     * @param quic    true when it came in QUIC Initials ({@code network.protocol} {@code quic}, else {@code tls})
     */
    default void tls(EventContext context, ClientHello hello, String ja4, boolean quic) {
    }

    /** One DNS message, query or response, over UDP or TCP. */
    default void dns(EventContext context, DnsMessage message) {
    }

    /** One HTTP/1.x request head. */
    default void http(EventContext context, HttpRequest request) {
    }

    /** A flow ended, or reached its active timeout ({@link FlowView#ended()} tells which). */
    default void flow(FlowView flow) {
    }
}
