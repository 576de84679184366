package io.netzer.export;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.Grease;
import io.netzer.app.HttpExchange;
import io.netzer.app.Malformation;

/**
 * The bodies of the app-layer NDJSON events ({@code netzer.tls}, {@code netzer.dns}, {@code netzer.http}), written
 * after the common members {@link NdjsonEventSink} writes for every event. Strings from the wire go through
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

    private static final byte[] TLS = JsonLine.key("tls");
    private static final byte[] CLIENT = JsonLine.key("client");
    private static final byte[] SERVER_NAME = JsonLine.key("server_name");
    private static final byte[] SUPPORTED_VERSIONS = JsonLine.key("supported_versions");
    private static final byte[] ALPN = JsonLine.key("alpn");
    private static final byte[] JA4 = JsonLine.key("ja4");
    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] ENCRYPTED_CLIENT_HELLO = JsonLine.key("encrypted_client_hello");
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

    /** {@code tls.client.*}, and {@code netzer.tls.encrypted_client_hello} when the hello carries ECH. */
    static void tls(JsonLine j, ClientHello hello, String ja4) {
        j.objectMember(TLS);
        j.objectMember(CLIENT);
        String serverName = hello.serverName();
        if (serverName != null) {
            j.key(SERVER_NAME).string(serverName);
        }
        if (hello.supportedVersionCount() > 0) {
            j.arrayMember(SUPPORTED_VERSIONS);
            for (int i = 0; i < hello.supportedVersionCount(); i++) {
                int version = hello.supportedVersion(i);
                if (!Grease.isGrease(version)) {
                    j.element().string(TlsVersions.name(version));
                }
            }
            j.endArray();
        }
        if (hello.alpnCount() > 0) {
            j.arrayMember(ALPN);
            for (int i = 0; i < hello.alpnCount(); i++) {
                j.element().string(hello.alpn(i));
            }
            j.endArray();
        }
        j.key(JA4).string(ja4);
        j.endObject();
        j.endObject();
        if (hello.encryptedClientHello()) {
            j.objectMember(NETZER);
            j.objectMember(TLS);
            j.key(ENCRYPTED_CLIENT_HELLO).bool(true);
            j.endObject();
            j.endObject();
        }
    }

    /** {@code dns.*}: the first question, the response code and the answers of a response. */
    static void dns(JsonLine j, DnsMessage message) {
        j.objectMember(DNS);
        j.key(ID).number(message.id());
        j.key(TYPE).raw(message.isResponse() ? ANSWER : QUERY);
        if (message.hasQuestion()) {
            j.objectMember(QUESTION);
            j.key(NAME).string(message.questionName());
            j.key(TYPE).string(DnsMessage.typeName(message.questionType()));
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
        }
        j.endObject();
    }

    /**
     * One HTTP exchange: {@code http.request.*}, {@code http.response.*} and {@code http.version} (ECS), the request
     * target in {@code url.*} and {@code user_agent.original}; the reason phrase, the Server header and broken body
     * framing under {@code netzer.http}. The side not seen is left out.
     */
    static void http(JsonLine j, HttpExchange exchange) {
        j.objectMember(HTTP);
        if (exchange.hasRequest()) {
            j.objectMember(REQUEST);
            j.key(METHOD).string(exchange.method());
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
                j.key(MIME_TYPE).string(exchange.mimeType());
            }
            if (exchange.responseBodyBytes() >= 0) {
                j.objectMember(BODY);
                j.key(BYTES).number(exchange.responseBodyBytes());
                j.endObject();
            }
            j.endObject();
        }
        j.key(VERSION).string(exchange.version());
        j.endObject();
        if (exchange.hasRequest()) {
            url(j, exchange);
        }
        String userAgent = exchange.userAgent();
        if (userAgent != null) {
            j.objectMember(USER_AGENT);
            j.key(ORIGINAL).string(userAgent);
            j.endObject();
        }
        httpDetails(j, exchange);
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
        j.key(ORIGINAL).string(target);
        if (host != null && !host.host().isEmpty()) {
            j.key(DOMAIN).string(host.host());
        }
        if (host != null && host.port() >= 0) {
            j.key(PORT).number(host.port());
        }
        if (target.startsWith("/")) {
            j.key(PATH).string(exchange.path());
            if (exchange.query() != null) {
                j.key(QUERY_KEY).string(exchange.query());
            }
        }
        j.endObject();
    }

    /** {@code netzer.http.*}: what ECS has no field for. */
    private static void httpDetails(JsonLine j, HttpExchange exchange) {
        boolean requestFlaw = exchange.requestMalformation() != Malformation.NONE;
        if (!requestFlaw && !exchange.hasResponse()) {
            return;
        }
        j.objectMember(NETZER);
        j.objectMember(HTTP);
        if (requestFlaw) {
            j.key(MALFORMATION).string(exchange.requestMalformation().label());
        }
        if (exchange.hasResponse()) {
            j.objectMember(RESPONSE);
            j.key(REASON).string(exchange.reason());
            if (exchange.server() != null) {
                j.key(SERVER).string(exchange.server());
            }
            if (exchange.responseMalformation() != Malformation.NONE) {
                j.key(MALFORMATION).string(exchange.responseMalformation().label());
            }
            j.endObject();
        }
        j.endObject();
        j.endObject();
    }
}
