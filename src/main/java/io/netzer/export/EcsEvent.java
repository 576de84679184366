package io.netzer.export;

import java.nio.charset.StandardCharsets;

/**
 * What makes a line an event that ECS-based rules match: {@code ecs.version} and the categorization fields
 * {@code event.kind}, {@code event.category}, {@code event.type} and {@code event.action}, pre-encoded once per
 * kind of event so that writing them is four copies of bytes.
 *
 * <p>The values follow Packetbeat, whose events SIEM rules were written against: every event is
 * {@code kind=event}, {@code category=[network]}; a flow is {@code type=[connection]} while it lasts and
 * {@code [connection,end]} on its final record, {@code action=network_flow}; a tls, dns or http event is
 * {@code type=[connection,protocol]}. Packetbeat leaves {@code event.action} to each protocol ("normally defined by
 * the implementer", says ECS); NetZer names what was seen: {@code tls_handshake}, {@code dns_query} or
 * {@code dns_answer}, {@code http_request}. Packetbeat writes no per-packet event; a packet is
 * {@code type=[info]} (a network category type that does not claim to describe a whole connection, so connection
 * analytics count flows, not packets), {@code action=network_packet}.
 */
final class EcsEvent {
    /**
     * {@code ecs.version}: the ECS release of the field list the events are checked against
     * ({@code ../shared/ecs/fields.csv}, whose {@code ECS_Version} column {@code EcsConformanceTest} compares with
     * this value). An event claims the schema it was verified against, nothing newer or older.
     */
    static final String VERSION = "9.5.0-dev";

    static final EcsEvent PACKET = new EcsEvent("[\"info\"]", "network_packet");
    static final EcsEvent FLOW_UPDATE = new EcsEvent("[\"connection\"]", "network_flow");
    static final EcsEvent FLOW_END = new EcsEvent("[\"connection\",\"end\"]", "network_flow");
    static final EcsEvent TLS = new EcsEvent(EcsEvent.PROTOCOL_TYPE, "tls_handshake");
    static final EcsEvent DNS_QUERY = new EcsEvent(EcsEvent.PROTOCOL_TYPE, "dns_query");
    static final EcsEvent DNS_ANSWER = new EcsEvent(EcsEvent.PROTOCOL_TYPE, "dns_answer");
    static final EcsEvent HTTP = new EcsEvent(EcsEvent.PROTOCOL_TYPE, "http_request");

    private static final String PROTOCOL_TYPE = "[\"connection\",\"protocol\"]";
    private static final byte[] ECS = JsonLine.key("ecs");
    private static final byte[] ECS_VALUE = ascii("{\"version\":\"" + VERSION + "\"}");
    private static final byte[] KIND = JsonLine.key("kind");
    private static final byte[] KIND_EVENT = JsonLine.quoted("event");
    private static final byte[] CATEGORY = JsonLine.key("category");
    private static final byte[] CATEGORY_NETWORK = ascii("[\"network\"]");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] ACTION = JsonLine.key("action");

    private final byte[] type;
    private final byte[] action;

    private EcsEvent(String typeArray, String action) {
        this.type = ascii(typeArray);
        this.action = JsonLine.quoted(action);
    }

    private static byte[] ascii(String json) {
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code "ecs":{"version":…}}, a member of the event's top object. */
    static void writeVersion(JsonLine j) {
        j.key(ECS).raw(ECS_VALUE);
    }

    /** {@code kind}, {@code category}, {@code type} and {@code action}, members of the open {@code event} object. */
    void writeCategorization(JsonLine j) {
        j.key(KIND).raw(KIND_EVENT);
        j.key(CATEGORY).raw(CATEGORY_NETWORK);
        j.key(TYPE).raw(type);
        j.key(ACTION).raw(action);
    }
}
