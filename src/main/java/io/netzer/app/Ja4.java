package io.netzer.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * JA4 client fingerprint of a {@link ClientHello}, after the FoxIO specification
 * (https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md; JA4 is BSD-3-Clause licensed):
 *
 * <pre>
 * t13d1516h2_8daaf6152771_e5627efa2ab1, read as  t | 13 | d | 15 | 16 | h2 _ 8daaf6152771 _ e5627efa2ab1:
 *   t             transport: t (TCP), q (QUIC), d (DTLS)
 *   13            highest supported version: 13, 12, 11, 10, s3, s2, d1, d2, d3, or 00
 *   d             "d" when server_name is present, else "i"
 *   15            number of cipher suites, GREASE excluded, at most 99
 *   16            number of extensions, GREASE excluded, at most 99
 *   h2            first and last character of the first ALPN value ("00" when none)
 *   8daaf6152771  sha256 of the sorted cipher suites, first 12 hex digits
 *   e5627efa2ab1  sha256 of the sorted extensions (without SNI 0000 and ALPN 0010) "_" signature algorithms
 * </pre>
 *
 * GREASE values (RFC 8701) are left out everywhere. Computed once per hello when its event is emitted, so it may
 * allocate the result string; one instance per thread (it reuses its digest and sort buffers).
 */
public final class Ja4 {
    /** The transport the hello travelled on: the fingerprint's first character. */
    public enum Transport {
        /** TLS over TCP. */
        TCP('t'),
        /** TLS inside QUIC CRYPTO frames. */
        QUIC('q'),
        /** DTLS over UDP. */
        DTLS('d');

        private final char marker;

        Transport(char marker) {
            this.marker = marker;
        }

        /** The fingerprint's first character. */
        public char marker() {
            return marker;
        }
    }

    private static final int HASH_HEX_DIGITS = 12;
    private static final String EMPTY_HASH = "000000000000";
    private static final int MAX_COUNT = 99;

    private final MessageDigest sha256;
    private final int[] sorted = new int[Math.max(ClientHello.MAX_CIPHER_SUITES, ClientHello.MAX_EXTENSIONS)];
    private final StringBuilder list = new StringBuilder(4096);

    /** Creates a fingerprinter; SHA-256 is mandatory in every JDK, so this never fails. */
    public Ja4() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MessageDigest SHA-256: not available, but every JDK must provide it", e);
        }
    }

    /**
     * The JA4 fingerprint (sorted lists, hashed).
     *
     * @param hello     a hello the parser returned {@link ParseStatus#COMPLETE} for
     * @param transport how it travelled
     * @return e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}
     */
    public String fingerprint(ClientHello hello, Transport transport) {
        return build(hello, transport, true, true);
    }

    /**
     * JA4_r: the sorted lists in clear instead of their hashes.
     *
     * @param hello     a decoded hello
     * @param transport how it travelled
     * @return e.g. {@code t13d1516h2_002f,0035,..._0005,000a,..._0403,0804,...}
     */
    public String rawFingerprint(ClientHello hello, Transport transport) {
        return build(hello, transport, true, false);
    }

    /**
     * JA4_o: lists in the order sent (SNI and ALPN kept), hashed.
     *
     * @param hello     a decoded hello
     * @param transport how it travelled
     * @return the fingerprint in original order
     */
    public String originalFingerprint(ClientHello hello, Transport transport) {
        return build(hello, transport, false, true);
    }

    private String build(ClientHello hello, Transport transport, boolean sort, boolean hash) {
        StringBuilder out = new StringBuilder(64);
        out.append(transport.marker()).append(versionCode(hello.highestVersion()));
        out.append(hello.hasServerNameExtension() ? 'd' : 'i');
        appendCount(out, countNonGrease(hello.cipherSuites, hello.cipherSuiteCount));
        appendCount(out, countNonGrease(hello.extensionTypes, hello.extensionCount));
        appendAlpn(out, hello);
        out.append('_');

        list.setLength(0);
        appendHexList(list, hello.cipherSuites, hello.cipherSuiteCount, sort, false);
        appendSection(out, hash);

        list.setLength(0);
        appendHexList(list, hello.extensionTypes, hello.extensionCount, sort, sort);
        boolean noExtensions = list.isEmpty();
        if (hello.signatureAlgorithmCount > 0) {
            list.append('_');
            appendHexList(list, hello.signatureAlgorithms, hello.signatureAlgorithmCount, false, false);
        }
        out.append('_');
        if (hash && noExtensions) {
            out.append(EMPTY_HASH);
        } else {
            appendSection(out, hash);
        }
        return out.toString();
    }

    /**
     * JA4S, the server's fingerprint (FoxIO's JA4S.md: the part of JA4+ under the FoxIO License 1.1), e.g.
     * {@code t130200_1301_234ea6891581}: transport, negotiated version, number of extensions (at most 99), first and
     * last character of the chosen ALPN ("00" when none), "_", the cipher suite in hex, "_", the first 12 hex digits
     * of the SHA-256 of the extension types in the order sent.
     *
     * @param hello     a decoded ServerHello
     * @param transport how it travelled
     * @return the fingerprint
     */
    public String serverFingerprint(ServerHello hello, Transport transport) {
        StringBuilder out = new StringBuilder(32);
        out.append(transport.marker()).append(versionCode(hello.version()));
        appendCount(out, hello.extensionCount());
        if (hello.alpnLength() <= 0) {
            out.append("00");
        } else {
            appendAlpnEnds(out, hello.alpnByte(0), hello.alpnByte(hello.alpnLength() - 1));
        }
        out.append('_');
        appendHexByte(out, hello.cipherSuite() >>> 8);
        appendHexByte(out, hello.cipherSuite() & 0xff);
        out.append('_');
        list.setLength(0);
        for (int i = 0; i < hello.extensionCount(); i++) {
            if (i > 0) {
                list.append(',');
            }
            appendHexByte(list, hello.extensionType(i) >>> 8);
            appendHexByte(list, hello.extensionType(i) & 0xff);
        }
        appendSection(out, true);
        return out.toString();
    }

    private void appendSection(StringBuilder out, boolean hash) {
        if (!hash) {
            out.append(list);
        } else if (list.isEmpty()) {
            out.append(EMPTY_HASH);
        } else {
            out.append(hash12(list));
        }
    }

    /** The first 12 lower-case hex digits of the SHA-256 of an ASCII list. */
    String hash12(CharSequence text) {
        byte[] digest = sha256.digest(text.toString().getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(HASH_HEX_DIGITS);
        for (int i = 0; i < HASH_HEX_DIGITS / 2; i++) {
            appendHexByte(out, digest[i] & 0xff);
        }
        return out.toString();
    }

    /** Comma-separated 4-digit hex codes, GREASE left out; when sorting extensions, SNI and ALPN left out too. */
    private void appendHexList(StringBuilder out, int[] values, int count, boolean sort, boolean dropSniAndAlpn) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            int value = values[i];
            boolean dropped = dropSniAndAlpn
                    && (value == ClientHelloBodyParser.SERVER_NAME || value == ClientHelloBodyParser.ALPN);
            if (!Grease.isGrease(value) && !dropped) {
                sorted[n++] = value;
            }
        }
        if (sort) {
            Arrays.sort(sorted, 0, n);
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendHexByte(out, sorted[i] >>> 8);
            appendHexByte(out, sorted[i] & 0xff);
        }
    }

    /** First and last character of the first ALPN value, or of its hex form when either is not alphanumeric. */
    private static void appendAlpn(StringBuilder out, ClientHello hello) {
        if (hello.alpnCount == 0 || hello.alpnLengths[0] == 0) {
            out.append("00");
            return;
        }
        int length = hello.alpnLengths[0];
        appendAlpnEnds(out, hello.alpnByte(0, 0), hello.alpnByte(0, length - 1));
    }

    private static void appendAlpnEnds(StringBuilder out, int first, int last) {
        if (isAlphanumeric(first) && isAlphanumeric(last)) {
            out.append((char) first).append((char) last);
        } else {
            out.append(Character.forDigit(first >>> 4, 16)).append(Character.forDigit(last & 0xf, 16));
        }
    }

    private static boolean isAlphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int countNonGrease(int[] values, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!Grease.isGrease(values[i])) {
                n++;
            }
        }
        return n;
    }

    private static void appendCount(StringBuilder out, int count) {
        int capped = Math.min(count, MAX_COUNT);
        out.append((char) ('0' + capped / 10)).append((char) ('0' + capped % 10));
    }

    private static void appendHexByte(StringBuilder out, int b) {
        out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }

    /** The spec's version table; anything else is "00". */
    static String versionCode(int version) {
        return switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }
}
