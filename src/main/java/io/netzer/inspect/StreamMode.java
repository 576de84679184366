package io.netzer.inspect;

/**
 * What the inspector does with one direction of a flow: the protocol it has recognised there, or that it is
 * still deciding, or that it is done. Held per direction in an array the flow table's capacity sizes, so the
 * hot path reads a reference and allocates nothing.
 */
enum StreamMode {
    /** No payload seen yet: the first bytes (or the ports) decide. */
    UNDECIDED,
    /** TLS records, parsed until the ClientHello is complete. */
    TLS,
    /** The server's direction of a TLS handshake, from its first byte to the end of its first flight. */
    TLS_SERVER,
    /** A TLS direction after its hello or flight: record headers, until the handshake is resolved. */
    TLS_RECORDS,
    /** HTTP/1 requests, one after another, once a request has been seen on the stream. */
    HTTP,
    /** A stream of HTTP responses. */
    HTTP_RESPONSE,
    /** A stream tried as HTTP that has not yet shown a request or response: a parse error means another protocol. */
    HTTP_MAYBE,
    /** DNS over TCP: messages with a two-byte length prefix. */
    DNS_TCP,
    /** DNS over UDP: one message a datagram. */
    DNS_UDP,
    /** QUIC: the initiator's Initial packets until its ClientHello is complete, the responder's until its answer. */
    QUIC,
    /** Nothing more to look at in this direction. */
    DONE
}
