package io.netzer.export;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpRequest;
import io.netzer.app.Malformation;

/**
 * The bodies of the app-layer NDJSON events ({@code netzer.dns}, {@code netzer.http}; tls: {@link NdjsonTlsEvents}),
 * written after the common members {@link NdjsonEventSink} writes for every event. Strings from the wire go through
 * {@link JsonLine#string(String)}: they are decoded by {@link io.netzer.app.EscapedText} (bytes that are not UTF-8
 * become {@code \xNN}) and JSON-escaped by Jackson, so nothing is dropped and no line can break. Absent values
 * are left out.
 */
final class NdjsonEvents {
    static final byte[] TLS_DATASET = JsonLine.quoted("netzer.tls");
    static final byte[] DNS_DATASET = JsonLine.quoted("netzer.dns");
    static final byte[] HTTP_DATASET = JsonLine.quoted("netzer.http");
    static final byte[] PROTOCOL_TLS = JsonLine.quoted("tls");
    static final byte[] PROTOCOL_QUIC = JsonLine.quoted("quic");
    static final byte[] PROTOCOL_DNS = JsonLine.quoted("dns");
    static final byte[] PROTOCOL_HTTP = JsonLine.quoted("http");

    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] DNS = JsonLine.key("dns");
    private static final byte[] ID = JsonLine.key("id");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] QUERY = JsonLine.quoted("query");
    private static final byte[] ANSWER = JsonLine.quoted("answer");
    private static final byte[] QUESTION = JsonLine.key("question");
    private static final byte[] NAME = JsonLine.key("name");
    private static final byte[] CLASS = JsonLine.key("class");
    private static final byte[] TTL = JsonLine.key("ttl");
    private static final byte[] DATA = JsonLine.key("data");
    private static final byte[] RESPONSE_CODE = JsonLine.key("response_code");
    private static final byte[] OP_CODE = JsonLine.key("op_code");
    private static final byte[] HEADER_FLAGS = JsonLine.key("header_flags");
    private static final byte[] RESOLVED_IP = JsonLine.key("resolved_ip");
    private static final byte[] ANSWERS = JsonLine.key("answers");
    private static final byte[] HTTP = JsonLine.key("http");
    private static final byte[] REQUEST = JsonLine.key("request");
    private static final byte[] METHOD = JsonLine.key("method");
    private static final byte[] URL = JsonLine.key("url");
    private static final byte[] DOMAIN = JsonLine.key("domain");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] PATH = JsonLine.key("path");
    private static final byte[] ORIGINAL = JsonLine.key("original");
    private static final byte[] USER_AGENT = JsonLine.key("user_agent");
    private static final byte[] MALFORMATION = JsonLine.key("malformation");

    private NdjsonEvents() {
    }

    /**
     * {@code dns.*}: the ID (an ECS keyword), op code, header flags, the first question, the response code, the
     * answers of a response and the addresses of its A and AAAA answers ({@code dns.resolved_ip}).
     */
    static void dns(JsonLine j, DnsMessage message) {
        j.objectMember(DNS);
        j.key(ID).string(Integer.toString(message.id()));
        j.key(TYPE).raw(message.isResponse() ? ANSWER : QUERY);
        j.key(OP_CODE).string(DnsCodes.opcodeName(message.opcode()));
        boolean anyFlag = false;
        for (DnsCodes.HeaderFlag flag : DnsCodes.HeaderFlag.ALL) {
            if (flag.isSet(message)) {
                if (!anyFlag) {
                    j.arrayMember(HEADER_FLAGS);
                    anyFlag = true;
                }
                j.element().raw(flag.json());
            }
        }
        if (anyFlag) {
            j.endArray();
        }
        if (message.hasQuestion()) {
            j.objectMember(QUESTION);
            j.key(NAME).string(message.questionName());
            j.key(TYPE).string(DnsMessage.typeName(message.questionType()));
            j.key(CLASS).string(DnsClasses.name(message.questionClass()));
            j.endObject();
        }
        if (message.isResponse()) {
            j.key(RESPONSE_CODE).string(DnsMessage.responseCodeName(message.responseCode()));
        }
        if (message.answersStored() > 0) {
            j.arrayMember(ANSWERS);
            for (int i = 0; i < message.answersStored(); i++) {
                j.element().startObject();
                j.key(NAME).string(message.answerName(i));
                j.key(TYPE).string(DnsMessage.typeName(message.answerType(i)));
                j.key(CLASS).string(DnsClasses.name(message.answerClass(i)));
                j.key(TTL).number(message.answerTtl(i));
                j.key(DATA).string(message.answerData(i));
                j.endObject();
            }
            j.endArray();
            boolean any = false;
            for (int i = 0; i < message.answersStored(); i++) {
                if (message.answerIsAddress(i)) {
                    if (!any) {
                        j.arrayMember(RESOLVED_IP);
                        any = true;
                    }
                    j.element().string(message.answerData(i));
                }
            }
            if (any) {
                j.endArray();
            }
        }
        j.endObject();
    }

    /**
     * {@code http.request.method}, {@code url.*}, {@code user_agent.original}, and
     * {@code netzer.http.malformation} when the body framing is broken.
     */
    static void http(JsonLine j, HttpRequest request) {
        j.objectMember(HTTP);
        j.objectMember(REQUEST);
        j.key(METHOD).string(request.method());
        j.endObject();
        j.endObject();
        HostAndPort host = HostAndPort.parse(request.host());
        String target = request.target();
        j.objectMember(URL);
        if (host != null && !host.host().isEmpty()) {
            j.key(DOMAIN).string(host.host());
        }
        if (host != null && host.port() >= 0) {
            j.key(PORT).number(host.port());
        }
        if (target.startsWith("/")) {
            j.key(PATH).string(request.path());
        } else {
            // Absolute form (a proxy request), authority form (CONNECT) or "*": not a path, kept whole.
            j.key(ORIGINAL).string(target);
        }
        j.endObject();
        String userAgent = request.userAgent();
        if (userAgent != null) {
            j.objectMember(USER_AGENT);
            j.key(ORIGINAL).string(userAgent);
            j.endObject();
        }
        if (request.malformation() != Malformation.NONE) {
            j.objectMember(NETZER);
            j.objectMember(HTTP);
            j.key(MALFORMATION).string(request.malformation().label());
            j.endObject();
            j.endObject();
        }
    }
}
