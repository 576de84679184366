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
    /**
     * Split messages dropped because every stream buffer of the pool was in use and none could be taken back: all
     * held by flows with a verified handshake that made progress within the last second, and the message's own
     * flow has none.
     */
    BUFFER_POOL_EXHAUSTED,
    /**
     * Split messages given up when their buffer was taken back for another stream because the pool was empty:
     * the longest idle of those held by flows without a verified TCP handshake (spoofed, or picked up mid-stream).
     */
    BUFFER_RECLAIMED_NO_HANDSHAKE,
    /**
     * Split messages given up when their buffer was taken back for another stream because the pool was empty and
     * every holder had a verified handshake: the longest idle of all.
     */
    BUFFER_RECLAIMED_IDLE,
    /** QUIC connections not inspected because every CRYPTO assembler of the pool was in use. */
    QUIC_POOL_EXHAUSTED,
    /** Messages longer than the parser's cap (ClientHelloParser.MAX_HANDSHAKE_LENGTH, the HTTP head cap). */
    MESSAGE_TOO_LONG,
    /** Stream directions abandoned at a gap in the middle of a message (or before the first byte). */
    GAP_ABANDONED,
    /** HTTP requests written without a response: their flow ended first, or too many waited (HttpExchanges). */
    HTTP_UNANSWERED,
    /** HTTP responses written without a request: the request was not seen (a gap, a flow picked up late). */
    HTTP_RESPONSE_WITHOUT_REQUEST,
    /** HTTP 1xx interim responses (100 Continue, 103 Early Hints): stepped over, the final response is paired. */
    HTTP_INTERIM_RESPONSES,
    /**
     * HTTP response directions no longer followed after a response whose body lasts until the connection closes
     * (no Content-Length, not chunked: RFC 9112 section 6.3 rule 8), or after 101 Switching Protocols.
     */
    HTTP_BODY_UNTIL_CLOSE,
    /**
     * HTTP streams no longer followed after a message whose body framing is broken (a Content-Length not a number,
     * too large or conflicting): its event was sent with the flaw, the body's end is unknown.
     */
    HTTP_FRAMING_STOPPED,
    /** QUIC connections given up after too many Initial datagrams without a complete ClientHello. */
    QUIC_TOO_MANY_DATAGRAMS,
    /**
     * QUIC CRYPTO frames that overlapped stream bytes already received with different bytes: the first copy is
     * kept (as TCP reassembly keeps it), so a spoofed Initial cannot replace the server name.
     */
    QUIC_CRYPTO_CONFLICTS,
    /**
     * TLS hellos whose event was written at once, without the server's side, because every place for a handshake
     * waiting for its server was in use.
     */
    TLS_PENDING_FULL,
    /** DNS queries that got no response within {@code DnsTransactions.DEFAULT_TIMEOUT_NANOS} of packet time. */
    DNS_QUERIES_UNANSWERED,
    /** DNS queries forgotten unanswered because the table of pending queries was full (a query flood). */
    DNS_QUERIES_EVICTED,
    /** DNS responses with no pending query (the capture started after it, or the response is unsolicited). */
    DNS_RESPONSES_UNMATCHED,
}
