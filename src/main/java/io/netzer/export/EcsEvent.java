package io.netzer.export;

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
    /** {@code "ecs":{"version":…}}, encoded once. */
    static final byte[] VERSION_MEMBER = JsonLine.ascii("\"ecs\":{\"version\":\"" + VERSION + "\"}");

    /** The four members of the categorization, comma-separated, encoded once. */
    private final byte[] categorization;

    private EcsEvent(String typeArray, String action) {
        this.categorization = JsonLine.concat(
                JsonLine.ascii("\"kind\":\"event\",\"category\":[\"network\"],\"type\":" + typeArray + ",\"action\":"),
                JsonLine.quoted(action));
    }

    /** {@code "ecs":{"version":…}}, a member of the event's top object. */
    static void writeVersion(JsonLine j) {
        j.members(VERSION_MEMBER);
    }

    /** {@code kind}, {@code category}, {@code type} and {@code action}, members of the open {@code event} object. */
    void writeCategorization(JsonLine j) {
        j.members(categorization);
    }

    /** The categorization's members as bytes, for a line whose fixed runs are encoded once ({@code a,b,c,d}). */
    byte[] categorization() {
        return categorization;
    }
}
