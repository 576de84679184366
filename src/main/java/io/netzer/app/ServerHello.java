package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The server's side of a TLS handshake as far as it travels in clear: the ServerHello (or HelloRetryRequest) and,
 * up to TLS 1.2, the first certificate of the Certificate message. Filled in place by {@link ServerHelloParser};
 * one instance per handshake being followed, reused. Values are kept as sent (RFC 8446 section 4.1.3).
 */
public final class ServerHello extends ParseResult {
    /** Most extensions kept; a hello with more is reported as {@link Malformation#TLS_TOO_MANY_EXTENSIONS}. */
    public static final int MAX_EXTENSIONS = 64;
    /** The wire's own limit for one ALPN protocol name. */
    public static final int MAX_ALPN_LENGTH = 255;
    /** Longest server certificate kept for its fields: larger ones (rare: thousands of names) are left out. */
    public static final int MAX_CERTIFICATE_LENGTH = 32 * 1024;

    /** SHA-256("HelloRetryRequest"): the random that makes a ServerHello a HelloRetryRequest (section 4.1.3). */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = {
        (byte) 0xcf, 0x21, (byte) 0xad, 0x74, (byte) 0xe5, (byte) 0x9a, 0x61, 0x11,
        (byte) 0xbe, 0x1d, (byte) 0x8c, 0x02, 0x1e, 0x65, (byte) 0xb8, (byte) 0x91,
        (byte) 0xc2, (byte) 0xa2, 0x11, 0x16, 0x7a, (byte) 0xbb, (byte) 0x8c, 0x5e,
        0x07, (byte) 0x9e, 0x09, (byte) 0xe2, (byte) 0xc8, (byte) 0xa8, 0x33, (byte) 0x9c};

    boolean present;
    int legacyVersion;
    int selectedVersion = -1;
    int cipherSuite;
    int compressionMethod;
    boolean helloRetryRequest;
    final int[] extensionTypes = new int[MAX_EXTENSIONS];
    int extensionCount;
    final byte[] alpn = new byte[MAX_ALPN_LENGTH];
    int alpnLength = -1;
    /** Grown on demand up to {@link #MAX_CERTIFICATE_LENGTH}: most handshakes never carry one in clear. */
    byte[] certificate = new byte[0];
    int certificateLength = -1;
    int consumed;

    /** Forgets the previous flight; the parser calls it before every parse. */
    public void reset() {
        present = false;
        legacyVersion = 0;
        selectedVersion = -1;
        cipherSuite = 0;
        compressionMethod = 0;
        helloRetryRequest = false;
        extensionCount = 0;
        alpnLength = -1;
        certificateLength = -1;
        consumed = 0;
        malformation = Malformation.NONE;
    }

    /** True when the 32 bytes at {@code offset} are the HelloRetryRequest random. */
    static boolean isHelloRetryRandom(MemorySegment segment, long offset) {
        for (int i = 0; i < HELLO_RETRY_REQUEST_RANDOM.length; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, offset + i) != HELLO_RETRY_REQUEST_RANDOM[i]) {
                return false;
            }
        }
        return true;
    }

    /** True once a ServerHello was decoded. */
    public boolean present() {
        return present;
    }

    /** Why the last parse returned {@link ParseStatus#MALFORMED}, else {@link Malformation#NONE}. */
    public Malformation malformation() {
        return malformation;
    }

    /** legacy_version as sent, e.g. {@code 0x0303}. */
    public int legacyVersion() {
        return legacyVersion;
    }

    /** The negotiated version: supported_versions' selected_version when present (TLS 1.3), else legacy_version. */
    public int version() {
        return selectedVersion >= 0 ? selectedVersion : legacyVersion;
    }

    /** The chosen cipher suite. */
    public int cipherSuite() {
        return cipherSuite;
    }

    /** True when the random is the HelloRetryRequest value: the server asks the client for a second hello. */
    public boolean helloRetryRequest() {
        return helloRetryRequest;
    }

    /** Number of extensions, in the order sent. */
    public int extensionCount() {
        return extensionCount;
    }

    /**
     * One extension type in the order sent.
     *
     * @param index 0 to {@link #extensionCount()} - 1
     * @return the 16-bit type
     */
    public int extensionType(int index) {
        return extensionTypes[index];
    }

    /** Length of the chosen ALPN protocol, or -1 when the server chose none. */
    public int alpnLength() {
        return alpnLength;
    }

    /**
     * One byte of the chosen ALPN protocol.
     *
     * @param position 0 to {@link #alpnLength()} - 1
     * @return the byte, 0 to 255
     */
    public int alpnByte(int position) {
        return alpn[position] & 0xff;
    }

    /** The chosen ALPN protocol as text ({@link EscapedText}), or null when none. */
    public String alpn() {
        return alpnLength < 0 ? null : EscapedText.of(alpn, 0, alpnLength);
    }

    /** Length of the server's end-entity certificate (DER) when it was seen in clear, else -1. */
    public int certificateLength() {
        return certificateLength;
    }

    /** The certificate's DER bytes, the first {@link #certificateLength()} of the array; read, never keep. */
    public byte[] certificate() {
        return certificate;
    }

    /** Bytes of the server's stream the parsed flight took, from where the parse started. */
    public int consumed() {
        return consumed;
    }
}
