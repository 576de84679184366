package io.netzer.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test helper that writes ClientHello bytes field by field (RFC 8446 section 4.1.2), so tests can state the
 * fields they care about and vary one at a time.
 */
public final class HelloBuilder {
    private int legacyVersion = 0x0303;
    private byte[] sessionId = new byte[32];
    private int[] cipherSuites = {0x1301};
    private byte[] compressionMethods = {0};
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private boolean withExtensions = true;

    HelloBuilder legacyVersion(int version) {
        legacyVersion = version;
        return this;
    }

    HelloBuilder sessionId(byte[] id) {
        sessionId = id;
        return this;
    }

    HelloBuilder cipherSuites(int... suites) {
        cipherSuites = suites;
        return this;
    }

    HelloBuilder noExtensions() {
        withExtensions = false;
        return this;
    }

    /** Adds an extension: type (2 bytes), length (2 bytes), data. */
    public HelloBuilder extension(int type, byte[] data) {
        u16(extensions, type);
        u16(extensions, data.length);
        extensions.writeBytes(data);
        return this;
    }

    /** server_name: list length (2), name_type host_name (1), name length (2), name. */
    public HelloBuilder serverName(byte[] name) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        u16(data, name.length + 3);
        data.write(0);
        u16(data, name.length);
        data.writeBytes(name);
        return extension(0x0000, data.toByteArray());
    }

    public HelloBuilder serverName(String name) {
        return serverName(name.getBytes(StandardCharsets.UTF_8));
    }

    /** ALPN: list length (2), then per protocol a length (1) and its bytes. */
    public HelloBuilder alpn(String... protocols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String protocol : protocols) {
            byte[] name = protocol.getBytes(StandardCharsets.ISO_8859_1);
            list.write(name.length);
            list.writeBytes(name);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        u16(data, list.size());
        data.writeBytes(list.toByteArray());
        return extension(0x0010, data.toByteArray());
    }

    /** supported_versions (client form): list length (1), versions (2 each). */
    public HelloBuilder supportedVersions(int... versions) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(versions.length * 2);
        for (int version : versions) {
            u16(data, version);
        }
        return extension(0x002b, data.toByteArray());
    }

    /** signature_algorithms: list length (2), schemes (2 each). */
    HelloBuilder signatureAlgorithms(int... schemes) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        u16(data, schemes.length * 2);
        for (int scheme : schemes) {
            u16(data, scheme);
        }
        return extension(0x000d, data.toByteArray());
    }

    /** The handshake message: msg_type client_hello (1), uint24 length, body. */
    public byte[] handshake() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, legacyVersion);
        body.writeBytes(new byte[32]);
        body.write(sessionId.length);
        body.writeBytes(sessionId);
        u16(body, cipherSuites.length * 2);
        for (int suite : cipherSuites) {
            u16(body, suite);
        }
        body.write(compressionMethods.length);
        body.writeBytes(compressionMethods);
        if (withExtensions) {
            u16(body, extensions.size());
            body.writeBytes(extensions.toByteArray());
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(1);
        message.write(body.size() >>> 16);
        u16(message, body.size() & 0xffff);
        message.writeBytes(body.toByteArray());
        return message.toByteArray();
    }

    /** The handshake message in one TLS record: type 22, version 0x0301, length, fragment. */
    public byte[] record() {
        return records(handshake(), handshake().length);
    }

    /** Cuts a handshake message into records of at most {@code fragmentLength} bytes. */
    public static byte[] records(byte[] handshake, int fragmentLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int start = 0; start < handshake.length; start += fragmentLength) {
            int n = Math.min(fragmentLength, handshake.length - start);
            out.write(22);
            u16(out, 0x0301);
            u16(out, n);
            out.write(handshake, start, n);
        }
        return out.toByteArray();
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
