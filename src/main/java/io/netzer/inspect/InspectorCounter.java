package io.netzer.inspect;

/**
 * What the {@link AppInspector} counts: the events it emitted, and every message or stream it gave up on, by
 * reason. Kept in a {@code long[]} indexed by ordinal, so counting never allocates.
 */
public enum InspectorCounter {
    /** {@code netzer.tls} events from TLS over TCP. */
    TLS_EVENTS,
    /** {@code netzer.tls} events from QUIC Initials. */
    QUIC_EVENTS,
    /** {@code netzer.dns} events. */
    DNS_EVENTS,
    /** {@code netzer.http} events. */
    HTTP_EVENTS,
    /** Messages the parsers found malformed (by reason in {@link AppInspector#malformed}). */
    MALFORMED,
    /** Split messages dropped because every stream buffer of the pool was in use. */
    BUFFER_POOL_EXHAUSTED,
    /** QUIC connections not inspected because every CRYPTO assembler of the pool was in use. */
    QUIC_POOL_EXHAUSTED,
    /** Messages longer than the parser's cap (ClientHelloParser.MAX_HANDSHAKE_LENGTH, the HTTP head cap). */
    MESSAGE_TOO_LONG,
    /** Stream directions abandoned at a gap in the middle of a message (or before the first byte). */
    GAP_ABANDONED,
    /** HTTP streams no longer followed after a chunked request body (its end is not known without decoding it). */
    HTTP_CHUNKED_STOPPED,
    /** QUIC connections given up after too many Initial datagrams without a complete ClientHello. */
    QUIC_TOO_MANY_DATAGRAMS,
}
