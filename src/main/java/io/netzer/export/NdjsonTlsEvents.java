package io.netzer.export;

import io.netzer.app.ClientHello;
import io.netzer.app.Grease;
import io.netzer.app.ServerCertificate;
import io.netzer.app.ServerHello;
import io.netzer.app.TlsCipherSuites;
import io.netzer.app.TlsHandshake;
import java.time.Instant;

/**
 * The body of a {@code netzer.tls} event, after the common members {@link NdjsonEventSink} writes: ECS's
 * {@code tls.*} (the negotiated version and cipher, {@code established}, the chosen ALPN as {@code next_protocol},
 * the client's hello and JA3, the server's JA3S and certificate), plus three names ECS lacks that other tools
 * write the same way ({@code tls.client.ja4}, {@code tls.client.alpn}, {@code tls.client.supported_versions}), and
 * {@code netzer.tls.*} for what no schema names (the server's JA4S among them). Strings from the wire
 * are escaped as in {@link NdjsonEvents}; absent values are left out.
 */
final class NdjsonTlsEvents {
    private static final int SSL_3 = 0x0300;
    private static final byte[] TLS = JsonLine.key("tls");
    private static final byte[] VERSION = JsonLine.key("version");
    private static final byte[] VERSION_PROTOCOL = JsonLine.key("version_protocol");
    private static final byte[] PROTOCOL_TLS = JsonLine.quoted("tls");
    private static final byte[] PROTOCOL_SSL = JsonLine.quoted("ssl");
    private static final byte[] CIPHER = JsonLine.key("cipher");
    private static final byte[] ESTABLISHED = JsonLine.key("established");
    private static final byte[] NEXT_PROTOCOL = JsonLine.key("next_protocol");
    private static final byte[] CLIENT = JsonLine.key("client");
    private static final byte[] SERVER = JsonLine.key("server");
    private static final byte[] SERVER_NAME = JsonLine.key("server_name");
    private static final byte[] SUPPORTED_VERSIONS = JsonLine.key("supported_versions");
    private static final byte[] ALPN = JsonLine.key("alpn");
    private static final byte[] JA4 = JsonLine.key("ja4");
    private static final byte[] JA3 = JsonLine.key("ja3");
    private static final byte[] JA4S = JsonLine.key("ja4s");
    private static final byte[] JA3S = JsonLine.key("ja3s");
    private static final byte[] SUBJECT = JsonLine.key("subject");
    private static final byte[] ISSUER = JsonLine.key("issuer");
    private static final byte[] HASH = JsonLine.key("hash");
    private static final byte[] SHA256 = JsonLine.key("sha256");
    private static final byte[] X509 = JsonLine.key("x509");
    private static final byte[] COMMON_NAME = JsonLine.key("common_name");
    private static final byte[] ALTERNATIVE_NAMES = JsonLine.key("alternative_names");
    private static final byte[] NOT_BEFORE = JsonLine.key("not_before");
    private static final byte[] NOT_AFTER = JsonLine.key("not_after");
    private static final byte[] SERIAL_NUMBER = JsonLine.key("serial_number");
    private static final byte[] ENCRYPTED_CLIENT_HELLO = JsonLine.key("encrypted_client_hello");
    private static final byte[] HELLO_RETRY_REQUEST = JsonLine.key("hello_retry_request");

    private NdjsonTlsEvents() {
    }

    /** {@code tls.*}; what no schema names is in {@link #details}. */
    static void tls(JsonLine j, TlsHandshake handshake) {
        ClientHello hello = handshake.client();
        ServerHello server = handshake.server();
        j.objectMember(TLS);
        if (server.present()) {
            negotiated(j, server);
        }
        j.key(ESTABLISHED).bool(handshake.established());
        if (server.present() && server.alpnLength() >= 0) {
            j.key(NEXT_PROTOCOL).plainString(server.alpn());
        }
        client(j, hello, handshake);
        if (server.present()) {
            j.objectMember(SERVER);
            j.key(JA3S).plainString(handshake.ja3s());
            if (handshake.certificate() != null) {
                certificate(j, handshake.certificate());
            }
            j.endObject();
        }
        j.endObject();
    }

    /** Whether the handshake has {@code netzer.tls.*}: a server seen, or ECH in the hello. */
    static boolean hasDetails(TlsHandshake handshake) {
        return handshake.server().present() || handshake.client().encryptedClientHello();
    }

    /**
     * {@code netzer.tls.*}, inside the {@code netzer} object the caller has opened: the server's JA4S (ECS names no
     * JA4S), and flags when the hello carries ECH or the server asked for a retry.
     */
    static void details(JsonLine j, TlsHandshake handshake) {
        ServerHello server = handshake.server();
        j.objectMember(TLS);
        if (server.present()) {
            j.key(JA4S).plainString(handshake.ja4s());
        }
        if (handshake.client().encryptedClientHello()) {
            j.key(ENCRYPTED_CLIENT_HELLO).bool(true);
        }
        if (server.present() && server.helloRetryRequest()) {
            j.key(HELLO_RETRY_REQUEST).bool(true);
        }
        j.endObject();
    }

    /**
     * {@code tls.version} as ECS writes it: "1.2" with {@code version_protocol} "tls", "3.0" with "ssl"; a version
     * no RFC assigned (a draft's) as {@code 0x} and four hex digits.
     */
    private static void negotiated(JsonLine j, ServerHello server) {
        int version = server.version();
        if (version == SSL_3) {
            j.key(VERSION).plainString("3.0");
            j.key(VERSION_PROTOCOL).raw(PROTOCOL_SSL);
        } else {
            j.key(VERSION).plainString(TlsVersions.name(version));
            j.key(VERSION_PROTOCOL).raw(PROTOCOL_TLS);
        }
        j.key(CIPHER).plainString(TlsCipherSuites.name(server.cipherSuite()));
    }

    private static void client(JsonLine j, ClientHello hello, TlsHandshake handshake) {
        j.objectMember(CLIENT);
        String serverName = hello.serverName();
        if (serverName != null) {
            j.key(SERVER_NAME).plainString(serverName);
        }
        if (hello.supportedVersionCount() > 0) {
            j.arrayMember(SUPPORTED_VERSIONS);
            for (int i = 0; i < hello.supportedVersionCount(); i++) {
                int version = hello.supportedVersion(i);
                if (!Grease.isGrease(version)) {
                    j.element().plainString(TlsVersions.name(version));
                }
            }
            j.endArray();
        }
        if (hello.alpnCount() > 0) {
            j.arrayMember(ALPN);
            for (int i = 0; i < hello.alpnCount(); i++) {
                j.element().plainString(hello.alpn(i));
            }
            j.endArray();
        }
        j.key(JA3).plainString(handshake.ja3());
        j.key(JA4).plainString(handshake.ja4());
        j.endObject();
    }

    /** {@code tls.server.subject}, {@code issuer}, {@code hash.sha256} and {@code x509.*}. */
    private static void certificate(JsonLine j, ServerCertificate certificate) {
        j.key(SUBJECT).plainString(certificate.subject());
        j.key(ISSUER).plainString(certificate.issuer());
        j.objectMember(HASH);
        j.key(SHA256).plainString(certificate.sha256());
        j.endObject();
        j.objectMember(X509);
        if (certificate.subjectCommonName() != null) {
            j.objectMember(SUBJECT);
            j.key(COMMON_NAME).plainString(certificate.subjectCommonName());
            j.endObject();
        }
        if (certificate.issuerCommonName() != null) {
            j.objectMember(ISSUER);
            j.key(COMMON_NAME).plainString(certificate.issuerCommonName());
            j.endObject();
        }
        if (!certificate.alternativeNames().isEmpty()) {
            j.arrayMember(ALTERNATIVE_NAMES);
            for (String name : certificate.alternativeNames()) {
                j.element().plainString(name);
            }
            j.endArray();
        }
        j.key(NOT_BEFORE).plainString(Instant.ofEpochMilli(certificate.notBeforeMillis()).toString());
        j.key(NOT_AFTER).plainString(Instant.ofEpochMilli(certificate.notAfterMillis()).toString());
        j.key(SERIAL_NUMBER).plainString(certificate.serialNumber());
        j.endObject();
    }
}
