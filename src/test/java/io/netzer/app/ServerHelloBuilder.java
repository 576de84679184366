package io.netzer.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Test helper that writes a server's first flight field by field: the ServerHello (RFC 8446 section 4.1.3), and
 * for TLS 1.2 a Certificate and ServerHelloDone, each message in its own record unless joined by the caller.
 */
public final class ServerHelloBuilder {
    /** SHA-256("HelloRetryRequest"), RFC 8446 section 4.1.3. */
    static final String HELLO_RETRY_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c";

    private int legacyVersion = 0x0303;
    private byte[] random = new byte[32];
    private int cipherSuite = 0x1301;
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private boolean withExtensions = true;

    ServerHelloBuilder legacyVersion(int version) {
        legacyVersion = version;
        return this;
    }

    public ServerHelloBuilder cipherSuite(int suite) {
        cipherSuite = suite;
        return this;
    }

    public ServerHelloBuilder helloRetryRequest() {
        random = Hex.bytes(HELLO_RETRY_RANDOM);
        return this;
    }

    ServerHelloBuilder noExtensions() {
        withExtensions = false;
        return this;
    }

    /** Adds an extension: type (2 bytes), length (2 bytes), data. */
    ServerHelloBuilder extension(int type, byte[] data) {
        HelloBuilder.u16(extensions, type);
        HelloBuilder.u16(extensions, data.length);
        extensions.writeBytes(data);
        return this;
    }

    /** supported_versions, server form: the selected version (2). */
    public ServerHelloBuilder selectedVersion(int version) {
        return extension(0x002b, new byte[] {(byte) (version >>> 8), (byte) version});
    }

    /** ALPN, server form: list length (2), then the one name's length (1) and bytes. */
    public ServerHelloBuilder alpn(String protocol) {
        byte[] name = protocol.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        HelloBuilder.u16(data, name.length + 1);
        data.write(name.length);
        data.writeBytes(name);
        return extension(0x0010, data.toByteArray());
    }

    /** The ServerHello handshake message: msg_type 2, uint24 length, body. */
    public byte[] handshake() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HelloBuilder.u16(body, legacyVersion);
        body.writeBytes(random);
        body.write(32);
        body.writeBytes(new byte[32]);
        HelloBuilder.u16(body, cipherSuite);
        body.write(0);
        if (withExtensions) {
            HelloBuilder.u16(body, extensions.size());
            body.writeBytes(extensions.toByteArray());
        }
        return message(2, body.toByteArray());
    }

    /** The ServerHello in one record. */
    public byte[] record() {
        return HelloBuilder.records(handshake(), handshake().length);
    }

    /** A handshake message: type (1), uint24 length, body. */
    static byte[] message(int type, byte[] body) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(type);
        message.write(body.length >>> 16);
        HelloBuilder.u16(message, body.length & 0xffff);
        message.writeBytes(body);
        return message.toByteArray();
    }

    /** A Certificate message (TLS 1.2 form): list length (3), then per certificate its length (3) and DER. */
    public static byte[] certificate(byte[]... certificates) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] der : certificates) {
            list.write(der.length >>> 16);
            HelloBuilder.u16(list, der.length & 0xffff);
            list.writeBytes(der);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(list.size() >>> 16);
        HelloBuilder.u16(body, list.size() & 0xffff);
        body.writeBytes(list.toByteArray());
        return message(11, body.toByteArray());
    }

    /** ServerHelloDone: type 14, length 0. */
    public static byte[] serverHelloDone() {
        return message(14, new byte[0]);
    }

    /**
     * A real DER certificate (made with {@code openssl req -x509 -subj "/C=ZZ/O=NetZer Test/CN=server.example"
     * -addext subjectAltName=DNS:server.example,DNS:*.server.example,IP:192.0.2.7 -set_serial 0x00c0ffee}).
     */
    public static byte[] certificateDer() throws IOException {
        try (InputStream in = ServerHelloBuilder.class.getResourceAsStream("server-certificate.der")) {
            return Objects.requireNonNull(in, "server-certificate.der").readAllBytes();
        }
    }

    /** A record of another content type: type (1), version 0x0303, length (2), bytes. */
    public static byte[] record(int contentType, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(contentType);
        HelloBuilder.u16(out, 0x0303);
        HelloBuilder.u16(out, fragment.length);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    /**
     * A TLS 1.3 server's first flight as it travels: the ServerHello (TLS_AES_128_GCM_SHA256, selected version 1.3,
     * ALPN h2), the compatibility change_cipher_spec, then one application_data record (the encrypted rest).
     */
    public static byte[] tls13Flight() {
        return concat(new ServerHelloBuilder().selectedVersion(0x0304).alpn("h2").record(),
                record(20, new byte[] {1}), record(23, new byte[40]));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
