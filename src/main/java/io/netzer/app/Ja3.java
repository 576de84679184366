package io.netzer.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * JA3 and JA3S, Salesforce's TLS fingerprints (https://github.com/salesforce/ja3, BSD-3-Clause): the MD5, in lower
 * case hex, of decimal fields joined by commas, list entries joined by dashes.
 *
 * <pre>
 * JA3:  SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats   e.g. 771,4865-4866,0-23-65281,29-23,0
 * JA3S: SSLVersion,Cipher,Extensions                                             e.g. 771,4866,43-51
 * </pre>
 *
 * The version is legacy_version (a TLS 1.3 hello says 771). GREASE values (RFC 8701) are left out of the client's
 * lists as JA3 says; the server's extensions are kept as sent. Computed once per handshake when its event is
 * written, so it may allocate the result; one instance per thread (it reuses its digest and text buffer).
 */
public final class Ja3 {
    private final MessageDigest md5;
    private final StringBuilder text = new StringBuilder(1024);

    /** Creates a fingerprinter; MD5 is mandatory in every JDK, so this never fails. */
    public Ja3() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MessageDigest MD5: not available, but every JDK must provide it", e);
        }
    }

    /**
     * The JA3 fingerprint of a ClientHello.
     *
     * @param hello a decoded hello
     * @return 32 lower-case hex digits
     */
    public String client(ClientHello hello) {
        return hash(clientText(hello));
    }

    /** The JA3 string before hashing (what tshark shows as {@code tls.handshake.ja3_full}). */
    public String clientText(ClientHello hello) {
        text.setLength(0);
        text.append(hello.legacyVersion()).append(',');
        appendList(hello.cipherSuites, hello.cipherSuiteCount, true);
        text.append(',');
        appendList(hello.extensionTypes, hello.extensionCount, true);
        text.append(',');
        appendList(hello.supportedGroups, hello.supportedGroupCount, true);
        text.append(',');
        appendList(hello.pointFormats, hello.pointFormatCount, false);
        return text.toString();
    }

    /**
     * The JA3S fingerprint of a ServerHello.
     *
     * @param hello a decoded ServerHello
     * @return 32 lower-case hex digits
     */
    public String server(ServerHello hello) {
        return hash(serverText(hello));
    }

    /** The JA3S string before hashing ({@code tls.handshake.ja3s_full} in tshark). */
    public String serverText(ServerHello hello) {
        text.setLength(0);
        text.append(hello.legacyVersion()).append(',').append(hello.cipherSuite()).append(',');
        appendList(hello.extensionTypes, hello.extensionCount, false);
        return text.toString();
    }

    private void appendList(int[] values, int count, boolean skipGrease) {
        boolean first = true;
        for (int i = 0; i < count; i++) {
            if (skipGrease && Grease.isGrease(values[i])) {
                continue;
            }
            if (!first) {
                text.append('-');
            }
            text.append(values[i]);
            first = false;
        }
    }

    private String hash(String value) {
        byte[] digest = md5.digest(value.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(2 * digest.length);
        for (byte b : digest) {
            out.append(Character.forDigit((b >>> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}
