package io.netzer.app;

/**
 * The fields of one TLS ClientHello, filled in place by {@link ClientHelloParser} and reused for every hello: a
 * worker keeps one instance and reads it after each {@link ParseStatus#COMPLETE}. Lists are fixed-capacity arrays
 * (their caps are below); variable-length values are copied into preallocated byte arrays. The accessors that
 * return a {@link String} allocate and are meant for the moment an event is emitted, once per hello.
 *
 * <p>Values are kept exactly as sent, GREASE included (RFC 8701); use {@link Grease#isGrease(int)} to skip them.
 */
public final class ClientHello extends ParseResult {
    /** Most cipher suites kept; a hello with more is reported as {@link Malformation#TLS_TOO_MANY_CIPHER_SUITES}. */
    public static final int MAX_CIPHER_SUITES = 512;
    /** Most extensions kept; a hello with more is reported as {@link Malformation#TLS_TOO_MANY_EXTENSIONS}. */
    public static final int MAX_EXTENSIONS = 128;
    /** Most signature schemes kept (the wire allows 32767). */
    public static final int MAX_SIGNATURE_ALGORITHMS = 128;
    /** Most named groups kept from supported_groups (the wire allows 32767). */
    public static final int MAX_SUPPORTED_GROUPS = 128;
    /** The wire's own limit: a one-byte list length of one-byte formats. */
    public static final int MAX_POINT_FORMATS = 255;
    /** The wire's own limit: a one-byte list length of two-byte versions. */
    public static final int MAX_SUPPORTED_VERSIONS = 127;
    /** Longest host_name kept: a DNS name is at most 253 characters, 255 leaves room for odd but harmless names. */
    public static final int MAX_SERVER_NAME_LENGTH = 255;
    /** Most ALPN protocol names kept. */
    public static final int MAX_ALPN_PROTOCOLS = 32;
    /** Room for {@link #MAX_ALPN_PROTOCOLS} names of the longest length the wire allows (255). */
    public static final int MAX_ALPN_BYTES = MAX_ALPN_PROTOCOLS * 255;

    int legacyVersion;
    final int[] cipherSuites = new int[MAX_CIPHER_SUITES];
    int cipherSuiteCount;
    final int[] extensionTypes = new int[MAX_EXTENSIONS];
    int extensionCount;
    final int[] signatureAlgorithms = new int[MAX_SIGNATURE_ALGORITHMS];
    int signatureAlgorithmCount;
    final int[] supportedVersions = new int[MAX_SUPPORTED_VERSIONS];
    int supportedVersionCount;
    final int[] supportedGroups = new int[MAX_SUPPORTED_GROUPS];
    int supportedGroupCount;
    final int[] pointFormats = new int[MAX_POINT_FORMATS];
    int pointFormatCount;
    boolean hasServerNameExtension;
    final byte[] serverName = new byte[MAX_SERVER_NAME_LENGTH];
    int serverNameLength = -1;
    boolean hasAlpnExtension;
    final byte[] alpnBytes = new byte[MAX_ALPN_BYTES];
    final int[] alpnOffsets = new int[MAX_ALPN_PROTOCOLS];
    final int[] alpnLengths = new int[MAX_ALPN_PROTOCOLS];
    int alpnCount;
    boolean encryptedClientHello;
    int recordBytes;

    /** Forgets the previous hello; the parser calls it before every parse. */
    void reset() {
        legacyVersion = 0;
        cipherSuiteCount = 0;
        extensionCount = 0;
        signatureAlgorithmCount = 0;
        supportedVersionCount = 0;
        supportedGroupCount = 0;
        pointFormatCount = 0;
        recordBytes = 0;
        hasServerNameExtension = false;
        serverNameLength = -1;
        hasAlpnExtension = false;
        alpnCount = 0;
        encryptedClientHello = false;
        malformation = Malformation.NONE;
    }

    /** Why the last parse returned {@link ParseStatus#MALFORMED}, else {@link Malformation#NONE}. */
    public Malformation malformation() {
        return malformation;
    }

    /** legacy_version, e.g. {@code 0x0303} (RFC 8446 section 4.1.2). */
    public int legacyVersion() {
        return legacyVersion;
    }

    /** Number of cipher suites, GREASE included. */
    public int cipherSuiteCount() {
        return cipherSuiteCount;
    }

    /**
     * One cipher suite in the order sent.
     *
     * @param index 0 to {@link #cipherSuiteCount()} - 1
     * @return the 16-bit code
     */
    public int cipherSuite(int index) {
        return cipherSuites[index];
    }

    /** Number of extensions, GREASE included. */
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

    /** Number of signature schemes in signature_algorithms (0 when absent). */
    public int signatureAlgorithmCount() {
        return signatureAlgorithmCount;
    }

    /**
     * One signature scheme in the order sent.
     *
     * @param index 0 to {@link #signatureAlgorithmCount()} - 1
     * @return the 16-bit SignatureScheme
     */
    public int signatureAlgorithm(int index) {
        return signatureAlgorithms[index];
    }

    /**
     * Copies another hello into this one, so that it outlives the parser's next hello (a handshake waiting for the
     * server's answer); copies only the entries in use.
     *
     * @param other a decoded hello
     */
    public void copyFrom(ClientHello other) {
        legacyVersion = other.legacyVersion;
        cipherSuiteCount = copy(other.cipherSuites, cipherSuites, other.cipherSuiteCount);
        extensionCount = copy(other.extensionTypes, extensionTypes, other.extensionCount);
        signatureAlgorithmCount = copy(other.signatureAlgorithms, signatureAlgorithms, other.signatureAlgorithmCount);
        supportedVersionCount = copy(other.supportedVersions, supportedVersions, other.supportedVersionCount);
        supportedGroupCount = copy(other.supportedGroups, supportedGroups, other.supportedGroupCount);
        pointFormatCount = copy(other.pointFormats, pointFormats, other.pointFormatCount);
        hasServerNameExtension = other.hasServerNameExtension;
        serverNameLength = other.serverNameLength;
        System.arraycopy(other.serverName, 0, serverName, 0, Math.max(serverNameLength, 0));
        hasAlpnExtension = other.hasAlpnExtension;
        alpnCount = copy(other.alpnOffsets, alpnOffsets, other.alpnCount);
        copy(other.alpnLengths, alpnLengths, alpnCount);
        int alpnUsed = alpnCount == 0 ? 0 : alpnOffsets[alpnCount - 1] + alpnLengths[alpnCount - 1];
        System.arraycopy(other.alpnBytes, 0, alpnBytes, 0, alpnUsed);
        encryptedClientHello = other.encryptedClientHello;
        recordBytes = other.recordBytes;
        malformation = other.malformation;
    }

    private static int copy(int[] from, int[] to, int count) {
        System.arraycopy(from, 0, to, 0, count);
        return count;
    }

    /**
     * Bytes of the TLS-over-TCP stream the hello took, from where the parse started to the end of the record that
     * holds its last byte (a leading change_cipher_spec record included): where the client's next record starts.
     */
    public int recordBytes() {
        return recordBytes;
    }

    /** Number of named groups in supported_groups (0 when absent), GREASE included. */
    public int supportedGroupCount() {
        return supportedGroupCount;
    }

    /**
     * One named group in the order sent.
     *
     * @param index 0 to {@link #supportedGroupCount()} - 1
     * @return the 16-bit NamedGroup
     */
    public int supportedGroup(int index) {
        return supportedGroups[index];
    }

    /** Number of formats in ec_point_formats (0 when absent). */
    public int pointFormatCount() {
        return pointFormatCount;
    }

    /**
     * One EC point format in the order sent.
     *
     * @param index 0 to {@link #pointFormatCount()} - 1
     * @return the 8-bit ECPointFormat
     */
    public int pointFormat(int index) {
        return pointFormats[index];
    }

    /** Number of versions in supported_versions (0 when the extension is absent). */
    public int supportedVersionCount() {
        return supportedVersionCount;
    }

    /**
     * One version from supported_versions in the order sent.
     *
     * @param index 0 to {@link #supportedVersionCount()} - 1
     * @return the 16-bit version, e.g. {@code 0x0304}
     */
    public int supportedVersion(int index) {
        return supportedVersions[index];
    }

    /**
     * The version the client offers at best: the highest non-GREASE entry of supported_versions when present
     * (RFC 8446 section 4.2.1), else legacy_version.
     *
     * @return a 16-bit version
     */
    public int highestVersion() {
        int highest = -1;
        for (int i = 0; i < supportedVersionCount; i++) {
            int version = supportedVersions[i];
            if (!Grease.isGrease(version) && version > highest) {
                highest = version;
            }
        }
        return highest >= 0 ? highest : legacyVersion;
    }

    /** True when the server_name extension is present, even if it holds no host_name. */
    public boolean hasServerNameExtension() {
        return hasServerNameExtension;
    }

    /** Length of the first host_name, or -1 when there is none. */
    public int serverNameLength() {
        return serverNameLength;
    }

    /**
     * Copies the raw host_name bytes, valid UTF-8 or not.
     *
     * @param destination an array of at least {@link #serverNameLength()} bytes
     * @return the number of bytes copied (0 when absent)
     */
    public int copyServerName(byte[] destination) {
        int length = Math.max(serverNameLength, 0);
        System.arraycopy(serverName, 0, destination, 0, length);
        return length;
    }

    /** The host_name as text ({@link EscapedText}: bytes that are not UTF-8 are escaped), or null when absent. */
    public String serverName() {
        return serverNameLength < 0 ? null : EscapedText.of(serverName, 0, serverNameLength);
    }

    /** True when the application_layer_protocol_negotiation extension is present. */
    public boolean hasAlpnExtension() {
        return hasAlpnExtension;
    }

    /** Number of ALPN protocol names. */
    public int alpnCount() {
        return alpnCount;
    }

    /**
     * Length of one ALPN protocol name.
     *
     * @param index 0 to {@link #alpnCount()} - 1
     * @return its length in bytes
     */
    public int alpnLength(int index) {
        return alpnLengths[index];
    }

    /**
     * One byte of one ALPN protocol name.
     *
     * @param index    0 to {@link #alpnCount()} - 1
     * @param position 0 to {@link #alpnLength(int)} - 1
     * @return the byte, 0 to 255
     */
    public int alpnByte(int index, int position) {
        return alpnBytes[alpnOffsets[index] + position] & 0xff;
    }

    /**
     * One ALPN protocol name as text, escaped like {@link #serverName()}.
     *
     * @param index 0 to {@link #alpnCount()} - 1
     * @return the name, e.g. {@code h2}
     */
    public String alpn(int index) {
        return EscapedText.of(alpnBytes, alpnOffsets[index], alpnLengths[index]);
    }

    /** True when encrypted_client_hello (0xfe0d) is present: the real server name is in the encrypted inner hello. */
    public boolean encryptedClientHello() {
        return encryptedClientHello;
    }
}
