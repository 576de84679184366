package io.netzer.export;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
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
    private static final byte[] RESPONSE = JsonLine.key("response");
    private static final byte[] STATUS_CODE = JsonLine.key("status_code");
    private static final byte[] MIME_TYPE = JsonLine.key("mime_type");
    private static final byte[] BODY = JsonLine.key("body");
    private static final byte[] BYTES = JsonLine.key("bytes");
    private static final byte[] VERSION = JsonLine.key("version");
    private static final byte[] QUERY_KEY = JsonLine.key("query");
    private static final byte[] REASON = JsonLine.key("reason");
    private static final byte[] SERVER = JsonLine.key("server");

    private NdjsonEvents() {
    }

    /**
     * {@code dns.*}: the ID (an ECS keyword), op code, header flags, the first question, the response code, the
     * answers of a response and the addresses of its A and AAAA answers ({@code dns.resolved_ip}).
     */
    static void dns(JsonLine j, DnsMessage message) {
        j.objectMember(DNS);
        j.key(ID).quotedNumber(message.id());
        j.key(TYPE).raw(message.isResponse() ? ANSWER : QUERY);
        j.key(OP_CODE).plainString(DnsCodes.opcodeName(message.opcode()));
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
            j.key(NAME).plainString(message.text(), message.questionNameOffset(), message.questionNameLength());
            j.key(TYPE).plainString(DnsMessage.typeName(message.questionType()));
            j.key(CLASS).plainString(DnsClasses.name(message.questionClass()));
            j.endObject();
        }
        if (message.isResponse()) {
            j.key(RESPONSE_CODE).plainString(DnsMessage.responseCodeName(message.responseCode()));
        }
        if (message.answersStored() > 0) {
            j.arrayMember(ANSWERS);
            for (int i = 0; i < message.answersStored(); i++) {
                j.element().startObject();
                j.key(NAME).plainString(message.text(), message.answerNameOffset(i), message.answerNameLength(i));
                j.key(TYPE).plainString(DnsMessage.typeName(message.answerType(i)));
                j.key(CLASS).plainString(DnsClasses.name(message.answerClass(i)));
                j.key(TTL).number(message.answerTtl(i));
                j.key(DATA).plainString(message.text(), message.answerDataOffset(i), message.answerDataLength(i));
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
                    j.element().plainString(message.text(), message.answerDataOffset(i), message.answerDataLength(i));
                }
            }
            if (any) {
                j.endArray();
            }
        }
        j.endObject();
    }

    /**
     * One HTTP exchange: {@code http.request.*}, {@code http.response.*} and {@code http.version} (ECS), the request
     * target in {@code url.*} and {@code user_agent.original} ({@link #httpDetails} has the rest). The side not seen
     * is left out.
     */
    static void http(JsonLine j, HttpExchange exchange) {
        j.objectMember(HTTP);
        if (exchange.hasRequest()) {
            j.objectMember(REQUEST);
            j.key(METHOD).plainString(exchange.method());
            if (exchange.requestBodyBytes() >= 0) {
                j.objectMember(BODY);
                j.key(BYTES).number(exchange.requestBodyBytes());
                j.endObject();
            }
            j.endObject();
        }
        if (exchange.hasResponse()) {
            j.objectMember(RESPONSE);
            j.key(STATUS_CODE).number(exchange.statusCode());
            if (exchange.mimeType() != null) {
                j.key(MIME_TYPE).plainString(exchange.mimeType());
            }
            if (exchange.responseBodyBytes() >= 0) {
                j.objectMember(BODY);
                j.key(BYTES).number(exchange.responseBodyBytes());
                j.endObject();
            }
            j.endObject();
        }
        j.key(VERSION).plainString(exchange.version());
        j.endObject();
        if (exchange.hasRequest()) {
            url(j, exchange);
        }
        String userAgent = exchange.userAgent();
        if (userAgent != null) {
            j.objectMember(USER_AGENT);
            j.key(ORIGINAL).plainString(userAgent);
            j.endObject();
        }
    }

    /**
     * {@code url.original} as sent; for the origin form ({@code /path?query}) its {@code url.path} and
     * {@code url.query} (without the {@code ?}); {@code url.domain} and {@code url.port} from the Host header, an
     * IPv6 literal with its brackets as ECS writes it ({@code [::1]}).
     */
    private static void url(JsonLine j, HttpExchange exchange) {
        HostAndPort host = HostAndPort.parse(exchange.host());
        String target = exchange.target();
        j.objectMember(URL);
        j.key(ORIGINAL).plainString(target);
        if (host != null && !host.host().isEmpty()) {
            j.key(DOMAIN).plainString(host.host());
        }
        if (host != null && host.port() >= 0) {
            j.key(PORT).number(host.port());
        }
        if (target.startsWith("/")) {
            j.key(PATH).plainString(exchange.path());
            if (exchange.query() != null) {
                j.key(QUERY_KEY).plainString(exchange.query());
            }
        }
        j.endObject();
    }

    /** Whether the exchange has {@code netzer.http.*}: a response seen, or a malformed request. */
    static boolean hasHttpDetails(HttpExchange exchange) {
        return exchange.hasResponse() || exchange.requestMalformation() != Malformation.NONE;
    }

    /**
     * {@code netzer.http.*}, what ECS has no field for, inside the {@code netzer} object the caller has opened: the
     * reason phrase, the Server header and broken framing.
     */
    static void httpDetails(JsonLine j, HttpExchange exchange) {
        j.objectMember(HTTP);
        if (exchange.requestMalformation() != Malformation.NONE) {
            j.key(MALFORMATION).plainString(exchange.requestMalformation().label());
        }
        if (exchange.hasResponse()) {
            j.objectMember(RESPONSE);
            j.key(REASON).plainString(exchange.reason());
            if (exchange.server() != null) {
                j.key(SERVER).plainString(exchange.server());
            }
            if (exchange.responseMalformation() != Malformation.NONE) {
                j.key(MALFORMATION).plainString(exchange.responseMalformation().label());
            }
            j.endObject();
        }
        j.endObject();
    }
}
