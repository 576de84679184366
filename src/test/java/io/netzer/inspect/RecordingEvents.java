package io.netzer.inspect;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowView;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import java.util.ArrayList;
import java.util.List;

/** Test helper: keeps each event as a line of text naming its kind, its main value and its sender's port. */
final class RecordingEvents implements EventSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void tls(EventContext c, Packet packet, TlsHandshake handshake) {
        events.add((handshake.quic() ? "quic " : "tls ") + handshake.client().serverName() + " from "
                + c.sourcePort());
    }

    @Override
    public void dns(EventContext c, Packet packet, DnsMessage message) {
        events.add("dns " + (message.isResponse() ? "answer " : "query ") + message.questionName() + " from "
                + c.sourcePort());
    }

    @Override
    public void http(EventContext c, Packet packet, HttpExchange exchange) {
        String request = exchange.hasRequest() ? exchange.method() + " " + exchange.host() + exchange.target() : "-";
        String response = exchange.hasResponse() ? " -> " + exchange.statusCode() : "";
        events.add("http " + request + response + " from " + c.sourcePort());
    }

    @Override
    public void flow(FlowView flow) {
        events.add("flow " + flow.initiatorPort() + " " + flow.endReason().label());
    }
}
