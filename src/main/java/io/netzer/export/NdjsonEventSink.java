package io.netzer.export;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import java.lang.foreign.MemorySegment;

/**
 * Writes the flow and app-layer events ({@code netzer.flow}, {@code netzer.tls}, {@code netzer.dns},
 * {@code netzer.http}) as NDJSON lines into a {@link LineOutput}, which the worker's packet writer shares: the lines
 * come out in the order things happened. Each line reaches the output's tap with the event's dataset, the packet
 * that completed it, and its endpoints. Nothing is encoded when the line would reach nobody.
 */
public final class NdjsonEventSink implements EventSink {
    private static final byte[] TIMESTAMP = JsonLine.key("@timestamp");
    private static final byte[] EVENT = JsonLine.key("event");
    private static final byte[] DATASET = JsonLine.key("dataset");
    private static final byte[] DURATION = JsonLine.key("duration");
    private static final byte[] SOURCE = JsonLine.key("source");
    private static final byte[] DESTINATION = JsonLine.key("destination");
    private static final byte[] IP = JsonLine.key("ip");
    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] NETWORK = JsonLine.key("network");
    private static final byte[] TRANSPORT = JsonLine.key("transport");
    private static final byte[] PROTOCOL = JsonLine.key("protocol");
    private static final byte[] COMMUNITY_ID = JsonLine.key("community_id");
    private static final byte[] IANA_NUMBER = JsonLine.key("iana_number");

    private final LineOutput output;
    private final char[] text = new char[64];
    private final NdjsonFlowEvents flowEvents = new NdjsonFlowEvents();
    private final RelatedIp related = new RelatedIp();
    /** A flow event's endpoints for the tap, the initiator as source: reused. */
    private final EventContext flowEndpoints = new EventContext();
    private final byte[] address = new byte[EventContext.MAX_ADDRESS_LENGTH];
    /** The tunnel's outer source address at 0, its destination at {@link EventContext#MAX_ADDRESS_LENGTH}. */
    private final MemorySegment tunnelAddresses = MemorySegment.ofArray(new byte[2 * EventContext.MAX_ADDRESS_LENGTH]);

    /** A writer of events into {@code output}. */
    public NdjsonEventSink(LineOutput output) {
        this.output = output;
    }

    @Override
    public void tls(EventContext context, Packet packet, TlsHandshake handshake) {
        if (!output.heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.TLS_DATASET,
                handshake.quic() ? NdjsonEvents.PROTOCOL_QUIC : NdjsonEvents.PROTOCOL_TLS, EcsEvent.TLS);
        JsonLine j = output.line();
        NdjsonTlsEvents.tls(j, handshake);
        boolean own = NdjsonTlsEvents.hasDetails(handshake);
        if (startNetzer(j, context, own) && own) {
            NdjsonTlsEvents.details(j, handshake);
        }
        endEvent(context, own, Dataset.TLS, packet);
    }

    @Override
    public void dns(EventContext context, Packet packet, DnsMessage message) {
        if (!output.heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.DNS_DATASET, NdjsonEvents.PROTOCOL_DNS,
                message.isResponse() ? EcsEvent.DNS_ANSWER : EcsEvent.DNS_QUERY, message.responseTimeNanos());
        JsonLine j = output.line();
        NdjsonEvents.dns(j, message);
        startNetzer(j, context, false);
        endEvent(context, false, Dataset.DNS, packet);
    }

    @Override
    public void http(EventContext context, Packet packet, HttpExchange exchange) {
        if (!output.heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.HTTP_DATASET, NdjsonEvents.PROTOCOL_HTTP, EcsEvent.HTTP);
        JsonLine j = output.line();
        NdjsonEvents.http(j, exchange);
        boolean own = NdjsonEvents.hasHttpDetails(exchange);
        if (startNetzer(j, context, own) && own) {
            NdjsonEvents.httpDetails(j, exchange);
        }
        endEvent(context, own, Dataset.HTTP, packet);
    }

    @Override
    public void flow(FlowView flow) {
        if (!output.heard()) {
            return;
        }
        JsonLine j = output.line();
        j.startObject();
        j.key(TIMESTAMP).asciiString(text, Timestamps.rfc3339(flow.endNanos(), text, 0));
        EcsEvent.writeVersion(j);
        flowEvents.event(j, flow);
        output.writeObserver(j, -1);
        flowEvents.body(j, flow);
        j.endObject();
        flowEndpoints.of(flow, StreamListener.FROM_INITIATOR).at(flow.endNanos(), -1);
        output.endLine(Dataset.FLOW, null, flowEndpoints);
    }

    /**
     * The members every app event has: time, {@code ecs.version}, dataset and categorization, observer,
     * endpoints, {@code related.ip}, and {@code network} (transport, protocol, Community ID).
     */
    private void startEvent(EventContext c, byte[] dataset, byte[] protocol, EcsEvent category) {
        startEvent(c, dataset, protocol, category, -1);
    }

    /** The common members, with {@code event.duration} (nanoseconds) when {@code durationNanos} is not -1. */
    private void startEvent(EventContext c, byte[] dataset, byte[] protocol, EcsEvent category, long durationNanos) {
        JsonLine j = output.line();
        j.startObject();
        j.key(TIMESTAMP).asciiString(text, Timestamps.rfc3339(c.timestampNanos(), text, 0));
        EcsEvent.writeVersion(j);
        j.objectMember(EVENT);
        j.key(DATASET).raw(dataset);
        category.writeCategorization(j);
        if (durationNanos >= 0) {
            j.key(DURATION).number(durationNanos);
        }
        j.endObject();
        output.writeObserver(j, c.interfaceIndex());
        related.clear();
        writeEndpoint(j, c, true);
        writeEndpoint(j, c, false);
        related.write(j);
        j.objectMember(NETWORK);
        j.key(TRANSPORT).raw(PacketFields.transportJson(c.ipProtocol()));
        j.key(IANA_NUMBER).raw(PacketFields.numberJson(c.ipProtocol()));
        j.key(PROTOCOL).raw(protocol);
        j.key(COMMUNITY_ID).plainString(c.communityId());
        j.endObject();
    }

    private void writeEndpoint(JsonLine j, EventContext c, boolean source) {
        j.objectMember(source ? SOURCE : DESTINATION);
        char[] address = related.text(source);
        int length = related.length(source, AddressFormat.ip(this.address, 0, c.address(source, this.address, 0),
                address, 0));
        j.key(IP).asciiString(address, length);
        int port = source ? c.sourcePort() : c.destinationPort();
        if (port >= 0) {
            j.key(PORT).number(port);
        }
        j.endObject();
    }

    /**
     * Opens the event's one {@code netzer} object when it will have members: the dataset's own ({@code own}: the
     * caller writes them next, when this returns true) or the tunnel the flow came in (written by
     * {@link #endEvent}). Each event kind writes its own members from its own method rather than through one shared
     * method with a predicate and a writer passed in, so that every kind's code is compiled with a profile of its
     * own (a call site shared by three kinds is megamorphic, and recompiled as each kind reaches it).
     *
     * @return whether the object was opened
     */
    private boolean startNetzer(JsonLine j, EventContext c, boolean own) {
        if (own || c.tunnelType() != 0) {
            j.objectMember(NETZER);
            return true;
        }
        return false;
    }

    /**
     * Ends the event: the tunnel's members and the end of the {@code netzer} object that {@link #startNetzer}
     * opened (for them, or for the dataset's own when {@code own}), then the line.
     */
    private void endEvent(EventContext c, boolean own, Dataset dataset, Packet packet) {
        JsonLine j = output.line();
        if (c.tunnelType() != 0) {
            c.tunnelAddress(true, tunnelAddresses, 0);
            c.tunnelAddress(false, tunnelAddresses, EventContext.MAX_ADDRESS_LENGTH);
            TunnelJson.write(j, text, c.tunnelType(), c.tunnelDepth(), tunnelAddresses, 0,
                    EventContext.MAX_ADDRESS_LENGTH, c.tunnelAddressLength(), c.tunnelSourcePort(),
                    c.tunnelDestinationPort(), c.tunnelId());
            j.endObject();
        } else if (own) {
            j.endObject();
        }
        j.endObject();
        output.endLine(dataset, packet, c);
    }
}
