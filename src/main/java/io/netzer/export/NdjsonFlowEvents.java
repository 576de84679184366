package io.netzer.export;

import io.netzer.dissect.EtherTypes;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventContext;
import java.lang.foreign.MemorySegment;

/**
 * The flow-specific members of a {@code netzer.flow} event: the initiator as {@code source}, the responder as
 * {@code destination}, their bytes and packets, {@code related.ip}, {@code event.start}, {@code event.end},
 * {@code event.duration} (nanoseconds, as ECS defines it), the categorization that tells an update
 * ({@code event.type} {@code [connection]}) from the final record ({@code [connection,end]}), {@code network.*} and
 * {@code netzer.flow.*}, and {@code netzer.tunnel} for a flow that came in a tunnel (initiator's side as
 * {@code source}).
 */
final class NdjsonFlowEvents {
    static final byte[] FLOW_DATASET = JsonLine.quoted("netzer.flow");

    private static final byte[] EVENT = JsonLine.key("event");
    private static final byte[] DATASET = JsonLine.key("dataset");
    private static final byte[] START = JsonLine.key("start");
    private static final byte[] END = JsonLine.key("end");
    private static final byte[] DURATION = JsonLine.key("duration");
    private static final byte[] SOURCE = JsonLine.key("source");
    private static final byte[] DESTINATION = JsonLine.key("destination");
    private static final byte[] IP = JsonLine.key("ip");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] BYTES = JsonLine.key("bytes");
    private static final byte[] PACKETS = JsonLine.key("packets");
    private static final byte[] NETWORK = JsonLine.key("network");
    private static final byte[] TRANSPORT = JsonLine.key("transport");
    private static final byte[] IANA_NUMBER = JsonLine.key("iana_number");
    private static final byte[] COMMUNITY_ID = JsonLine.key("community_id");
    private static final byte[] VLAN = JsonLine.key("vlan");
    private static final byte[] ID = JsonLine.key("id");
    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] FLOW = JsonLine.key("flow");
    private static final byte[] STATE = JsonLine.key("state");
    private static final byte[] END_REASON = JsonLine.key("end_reason");
    private static final byte[] ICMP = JsonLine.key("icmp");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] CODE = JsonLine.key("code");

    private final byte[] address = new byte[16];
    private final char[] text = new char[64];
    private final RelatedIp related = new RelatedIp();
    private final MemorySegment tunnelAddresses = MemorySegment.ofArray(new byte[2 * EventContext.MAX_ADDRESS_LENGTH]);

    /** {@code event.*} (the dataset included), written where the common members put {@code event}. */
    void event(JsonLine j, FlowView flow) {
        j.objectMember(EVENT);
        j.key(DATASET).raw(FLOW_DATASET);
        (flow.ended() ? EcsEvent.FLOW_END : EcsEvent.FLOW_UPDATE).writeCategorization(j);
        j.key(START).asciiString(text, Timestamps.rfc3339(flow.startNanos(), text, 0));
        j.key(END).asciiString(text, Timestamps.rfc3339(flow.endNanos(), text, 0));
        j.key(DURATION).number(Math.max(flow.endNanos() - flow.startNanos(), 0));
        j.endObject();
    }

    /** Everything after {@code observer}. */
    void body(JsonLine j, FlowView flow) {
        boolean ports = flow.protocol() == EtherTypes.PROTO_TCP || flow.protocol() == EtherTypes.PROTO_UDP
                || flow.protocol() == EtherTypes.PROTO_SCTP;
        related.clear();
        endpoint(j, flow, StreamListener.FROM_INITIATOR, ports);
        endpoint(j, flow, StreamListener.FROM_RESPONDER, ports);
        related.write(j);
        j.objectMember(NETWORK);
        j.key(BYTES).number(flow.bytes(StreamListener.FROM_INITIATOR) + flow.bytes(StreamListener.FROM_RESPONDER));
        j.key(PACKETS).number(flow.packets(StreamListener.FROM_INITIATOR)
                + flow.packets(StreamListener.FROM_RESPONDER));
        j.key(TRANSPORT).raw(PacketFields.transportJson(flow.protocol()));
        j.key(IANA_NUMBER).raw(PacketFields.numberJson(flow.protocol()));
        j.key(COMMUNITY_ID).plainString(flow.communityId());
        if (flow.vlanId() >= 0) {
            j.objectMember(VLAN);
            j.key(ID).raw(PacketFields.numberJson(flow.vlanId()));
            j.endObject();
        }
        j.endObject();
        j.objectMember(NETZER);
        j.objectMember(FLOW);
        j.key(STATE).plainString(flow.state().label());
        j.key(END_REASON).plainString(flow.endReason().label());
        j.endObject();
        if (flow.icmpType() >= 0) {
            j.objectMember(ICMP);
            j.key(TYPE).number(flow.icmpType());
            j.key(CODE).number(flow.icmpCode());
            j.endObject();
        }
        if (flow.tunnelType() != 0) {
            tunnel(j, flow);
        }
        j.endObject();
    }

    private void tunnel(JsonLine j, FlowView flow) {
        flow.tunnelAddress(StreamListener.FROM_INITIATOR, tunnelAddresses, 0);
        flow.tunnelAddress(StreamListener.FROM_RESPONDER, tunnelAddresses, EventContext.MAX_ADDRESS_LENGTH);
        TunnelJson.write(j, text, flow.tunnelType(), flow.tunnelDepth(), tunnelAddresses, 0,
                EventContext.MAX_ADDRESS_LENGTH, flow.tunnelAddressLength(),
                flow.tunnelPort(StreamListener.FROM_INITIATOR), flow.tunnelPort(StreamListener.FROM_RESPONDER),
                flow.tunnelId());
    }

    private void endpoint(JsonLine j, FlowView flow, int direction, boolean ports) {
        boolean initiator = direction == StreamListener.FROM_INITIATOR;
        j.objectMember(initiator ? SOURCE : DESTINATION);
        if (initiator) {
            flow.initiatorAddress(address, 0);
        } else {
            flow.responderAddress(address, 0);
        }
        char[] ip = related.text(initiator);
        j.key(IP).asciiString(ip, related.length(initiator, AddressFormat.ip(address, 0, flow.addressLength(), ip, 0)));
        if (ports) {
            j.key(PORT).number(initiator ? flow.initiatorPort() : flow.responderPort());
        }
        j.key(BYTES).number(flow.bytes(direction));
        j.key(PACKETS).number(flow.packets(direction));
        j.endObject();
    }
}
