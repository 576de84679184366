package io.netzer.app;

import java.util.Locale;

/**
 * Why a parser returned {@link ParseStatus#MALFORMED}: one constant per broken rule or exceeded cap, so that
 * counters can be kept per reason ({@code counts[reason.ordinal()]++}) without allocation.
 */
public enum Malformation {
    /** Nothing wrong (the status was not MALFORMED). */
    NONE,

    /** A TLS record of length 0 carrying handshake data (RFC 8446 section 5.1 forbids it). */
    TLS_RECORD_EMPTY,
    /** A TLS record longer than 2^14 bytes (RFC 8446 section 5.1). */
    TLS_RECORD_TOO_LONG,
    /** A record that is not a handshake record arrived before the ClientHello was complete. */
    TLS_RECORD_NOT_HANDSHAKE,
    /** The handshake message is longer than {@link ClientHelloParser#MAX_HANDSHAKE_LENGTH}. */
    TLS_HANDSHAKE_TOO_LONG,
    /** A ClientHello field runs past the end of the handshake message. */
    TLS_HELLO_TRUNCATED,
    /** legacy_session_id longer than 32 bytes. */
    TLS_SESSION_ID_TOO_LONG,
    /** cipher_suites length odd or zero. */
    TLS_CIPHER_SUITES_LENGTH,
    /** More cipher suites than {@link ClientHello#MAX_CIPHER_SUITES}. */
    TLS_TOO_MANY_CIPHER_SUITES,
    /** legacy_compression_methods length zero. */
    TLS_COMPRESSION_METHODS_LENGTH,
    /** The extensions block does not end where the handshake message ends. */
    TLS_EXTENSIONS_LENGTH,
    /** An extension header or body runs past the extensions block. */
    TLS_EXTENSION_TRUNCATED,
    /** More extensions than {@link ClientHello#MAX_EXTENSIONS}. */
    TLS_TOO_MANY_EXTENSIONS,
    /** server_name extension whose list or entry lengths do not add up. */
    TLS_SERVER_NAME_MALFORMED,
    /** host_name longer than {@link ClientHello#MAX_SERVER_NAME_LENGTH}. */
    TLS_SERVER_NAME_TOO_LONG,
    /** ALPN extension whose list or entry lengths do not add up. */
    TLS_ALPN_MALFORMED,
    /** More ALPN protocols than {@link ClientHello#MAX_ALPN_PROTOCOLS}. */
    TLS_TOO_MANY_ALPN_PROTOCOLS,
    /** supported_versions extension whose length is odd, zero or inconsistent. */
    TLS_SUPPORTED_VERSIONS_MALFORMED,
    /** signature_algorithms extension whose length is odd, zero or inconsistent. */
    TLS_SIGNATURE_ALGORITHMS_MALFORMED,
    /** More signature algorithms than {@link ClientHello#MAX_SIGNATURE_ALGORITHMS}. */
    TLS_TOO_MANY_SIGNATURE_ALGORITHMS,
    /** A Certificate message whose list or entry lengths do not add up. */
    TLS_CERTIFICATE_MALFORMED,
    /** A server certificate in clear that is not a DER X.509 certificate the JDK can read. */
    TLS_CERTIFICATE_UNREADABLE,

    /** A QUIC long header cut short (before the end of its length field). */
    QUIC_HEADER_TRUNCATED,
    /** A connection ID longer than 20 bytes (RFC 9000 section 17.2). */
    QUIC_CONNECTION_ID_TOO_LONG,
    /** The Length field points past the end of the datagram. */
    QUIC_LENGTH_BEYOND_DATAGRAM,
    /** Too few bytes after the packet number offset to take the header protection sample. */
    QUIC_PACKET_TOO_SHORT,
    /** The AEAD tag did not verify: not an Initial of that side for these keys, or corrupted. */
    QUIC_DECRYPTION_FAILED,
    /** A frame runs past the end of the decrypted payload. */
    QUIC_FRAME_TRUNCATED,
    /** An ACK frame with more ranges than {@link QuicInitialParser#MAX_ACK_RANGES}. */
    QUIC_TOO_MANY_ACK_RANGES,
    /** More coalesced packets in one datagram than {@link QuicInitialParser#MAX_PACKETS_PER_DATAGRAM}. */
    QUIC_TOO_MANY_PACKETS,
    /** A server's Initial CRYPTO stream that does not start with a ServerHello (RFC 9001 section 4.1.3). */
    QUIC_NOT_SERVER_HELLO,

    /** Fewer than 12 bytes for the DNS header. */
    DNS_HEADER_TRUNCATED,
    /** A name runs past the end of the message. */
    DNS_NAME_TRUNCATED,
    /** A label type other than a plain label (0b00) or a pointer (0b11). */
    DNS_BAD_LABEL_TYPE,
    /** A name longer than 255 bytes on the wire (RFC 1035 section 2.3.4). */
    DNS_NAME_TOO_LONG,
    /**
     * A compression pointer to itself or to a later offset (RFC 1035 section 4.1.4 compresses with earlier
     * names only); refusing those is what makes a pointer loop impossible.
     */
    DNS_FORWARD_POINTER,
    /** More than {@link DnsNames#MAX_POINTER_HOPS} backward pointers followed in one name. */
    DNS_TOO_MANY_POINTERS,
    /** A question's type and class run past the end of the message. */
    DNS_QUESTION_TRUNCATED,
    /** A resource record's fixed part or data runs past the end of the message. */
    DNS_RECORD_TRUNCATED,
    /** The data of a known record type does not match its type (e.g. an A record that is not 4 bytes). */
    DNS_BAD_RDATA,

    /** No end of the request or response head within {@link HttpRequestParser#MAX_HEAD_LENGTH} bytes. */
    HTTP_HEAD_TOO_LONG,
    /** A request line that is not method SP target SP version. */
    HTTP_BAD_REQUEST_LINE,
    /** A header line without a colon or with an empty or invalid name. */
    HTTP_BAD_HEADER,
    /** A Content-Length that is not a number (empty, signed, other characters). */
    HTTP_BAD_CONTENT_LENGTH,
    /** A Content-Length of more than 18 digits. */
    HTTP_CONTENT_LENGTH_TOO_LARGE,
    /** Two Content-Length values that differ. */
    HTTP_CONTENT_LENGTH_CONFLICT,
    /** Content-Length beside a chunked Transfer-Encoding (a request smuggling pattern, RFC 9112 section 6.1). */
    HTTP_CHUNKED_WITH_CONTENT_LENGTH,
    /** A status line that is not {@code HTTP/1.x SP 3DIGIT [SP reason]}. */
    HTTP_BAD_STATUS_LINE,
    /** A chunk-size line without hexadecimal digits, or a chunk not followed by its line end (RFC 9112 7.1). */
    HTTP_BAD_CHUNK,
    /** A chunk size of more than 15 hexadecimal digits, or a chunk or trailer line over its cap. */
    HTTP_CHUNK_TOO_LONG;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The name in lower case, as events carry it ({@code http_content_length_conflict}). */
    public String label() {
        return label;
    }
}
