package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes the server's first flight of a TLS-over-TCP handshake, from a record boundary of the server's stream:
 * the ServerHello, and up to TLS 1.2 the rest of the flight in clear (Certificate ... ServerHelloDone), of which
 * the first certificate is kept. Like {@link ClientHelloParser} it keeps no state between calls (the caller hands
 * the bytes received so far and calls again on {@link ParseStatus#NEED_MORE_DATA}), joins handshake messages split
 * over records in a preallocated scratch buffer, and never allocates.
 *
 * <p>The flight ends at the first of: a record that is not a handshake record (ChangeCipherSpec of a resumed
 * session, the encrypted records of TLS 1.3, an alert); the ServerHello when it selects TLS 1.3 or is a
 * HelloRetryRequest (whatever follows is encrypted, or waits for the client); ServerHelloDone. ChangeCipherSpec
 * records before the ServerHello (the compatibility record after a HelloRetryRequest) are stepped over.
 *
 * <p>RFC 8446 section 4.1.3 (TLS 1.2's form, RFC 5246 section 7.4.1.3, is the same without supported_versions):
 *
 * <pre>
 * struct {
 *     ProtocolVersion legacy_version = 0x0303;
 *     Random random;                              // 32 bytes; SHA-256("HelloRetryRequest") for an HRR
 *     opaque legacy_session_id_echo&lt;0..32&gt;;
 *     CipherSuite cipher_suite;
 *     uint8 legacy_compression_method = 0;
 *     Extension extensions&lt;6..2^16-1&gt;;          // absent in some TLS 1.0 hellos
 * } ServerHello;
 *
 * opaque ASN.1Cert&lt;1..2^24-1&gt;;                  // RFC 5246 section 7.4.2
 * struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
 * </pre>
 */
public final class ServerHelloParser {
    /** Largest flight accepted, handshake bytes without record headers; a long chain is a few KiB. */
    public static final int MAX_FLIGHT_LENGTH = 64 * 1024;

    static final int HANDSHAKE_TYPE_SERVER_HELLO = 2;
    static final int HANDSHAKE_TYPE_CERTIFICATE = 11;
    static final int HANDSHAKE_TYPE_SERVER_HELLO_DONE = 14;
    private static final int CONTENT_TYPE_HANDSHAKE = 22;
    private static final int CONTENT_TYPE_CHANGE_CIPHER_SPEC = 20;
    private static final int RECORD_HEADER_LENGTH = 5;
    private static final int RECORD_LENGTH_OFFSET = 3;
    private static final int MAX_RECORD_LENGTH = 1 << 14;
    private static final int TLS_MAJOR_VERSION = 3;
    private static final int HANDSHAKE_HEADER_LENGTH = 4;
    private static final int TLS_1_3 = 0x0304;
    private static final int VERSION_LENGTH = 2;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SESSION_ID_LENGTH = 32;
    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int SUPPORTED_VERSIONS = 0x002b;
    private static final int ALPN = 0x0010;
    private static final int CERTIFICATE_LENGTH_LENGTH = 3;

    private final byte[] scratchBytes = new byte[MAX_FLIGHT_LENGTH];
    private final MemorySegment scratch = MemorySegment.ofArray(scratchBytes);

    /**
     * Decodes the server's flight at the start of {@code segment[offset, offset + length)}.
     *
     * @param segment memory holding the server's stream
     * @param offset  a record boundary: the stream's first byte, or where the previous flight ended
     * @param length  bytes available from there
     * @param out     reused result; after {@link ParseStatus#COMPLETE} it holds the hello and
     *                {@link ServerHello#consumed()} says how many bytes the flight took
     * @return a {@link ParseStatus}: NOT_THIS_PROTOCOL when the bytes are not TLS records or the flight holds no
     *         ServerHello (an alert instead), MALFORMED with {@code out.malformation()} set
     */
    public int parse(MemorySegment segment, long offset, int length, ServerHello out) {
        out.reset();
        long end = offset + length;
        long record = offset;
        int joined = 0;
        int decoded = 0;
        while (true) {
            if (record + RECORD_HEADER_LENGTH > end) {
                return ParseStatus.NEED_MORE_DATA;
            }
            int type = Wire.u8(segment, record);
            int recordLength = Wire.u16(segment, record + RECORD_LENGTH_OFFSET);
            if (Wire.u8(segment, record + 1) != TLS_MAJOR_VERSION) {
                return out.present ? malformed(out, Malformation.TLS_RECORD_NOT_HANDSHAKE)
                        : ParseStatus.NOT_THIS_PROTOCOL;
            }
            if (type != CONTENT_TYPE_HANDSHAKE) {
                if (type == CONTENT_TYPE_CHANGE_CIPHER_SPEC && !out.present && joined == 0) {
                    if (record + RECORD_HEADER_LENGTH + recordLength > end) {
                        return ParseStatus.NEED_MORE_DATA;
                    }
                    record += RECORD_HEADER_LENGTH + recordLength;
                    continue;
                }
                if (!out.present) {
                    return joined == 0 ? ParseStatus.NOT_THIS_PROTOCOL
                            : malformed(out, Malformation.TLS_RECORD_NOT_HANDSHAKE);
                }
                return complete(out, record - offset);
            }
            if (recordLength == 0) {
                return malformed(out, Malformation.TLS_RECORD_EMPTY);
            }
            if (recordLength > MAX_RECORD_LENGTH) {
                return malformed(out, Malformation.TLS_RECORD_TOO_LONG);
            }
            long fragment = record + RECORD_HEADER_LENGTH;
            if (fragment + recordLength > end) {
                return ParseStatus.NEED_MORE_DATA;
            }
            if (joined + recordLength > MAX_FLIGHT_LENGTH) {
                return malformed(out, Malformation.TLS_HANDSHAKE_TOO_LONG);
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, fragment, scratchBytes, joined, recordLength);
            joined += recordLength;
            record = fragment + recordLength;
            while (decoded + HANDSHAKE_HEADER_LENGTH <= joined) {
                int messageType = Wire.u8(scratch, decoded);
                int messageLength = Wire.u24(scratch, decoded + 1);
                if (messageLength > MAX_FLIGHT_LENGTH - HANDSHAKE_HEADER_LENGTH) {
                    return malformed(out, Malformation.TLS_HANDSHAKE_TOO_LONG);
                }
                if (decoded + HANDSHAKE_HEADER_LENGTH + messageLength > joined) {
                    break;
                }
                long body = decoded + HANDSHAKE_HEADER_LENGTH;
                decoded = (int) body + messageLength;
                if (!out.present) {
                    if (messageType != HANDSHAKE_TYPE_SERVER_HELLO) {
                        return ParseStatus.NOT_THIS_PROTOCOL;
                    }
                    int status = parseHello(scratch, body, messageLength, out);
                    if (status != ParseStatus.COMPLETE) {
                        return status;
                    }
                    if (out.helloRetryRequest || out.version() >= TLS_1_3) {
                        return complete(out, record - offset);
                    }
                } else if (messageType == HANDSHAKE_TYPE_CERTIFICATE && out.certificateLength < 0) {
                    Malformation problem = certificate(scratch, body, messageLength, out);
                    if (problem != Malformation.NONE) {
                        return malformed(out, problem);
                    }
                } else if (messageType == HANDSHAKE_TYPE_SERVER_HELLO_DONE) {
                    return complete(out, record - offset);
                }
            }
        }
    }

    /**
     * Decodes the ServerHello at the start of a QUIC server's Initial CRYPTO stream, where handshake messages travel
     * without TLS records (RFC 9001 section 4) and the ServerHello is the only message (the rest of the flight goes
     * at the Handshake level, section 4.1.3).
     *
     * @param segment the stream, from offset 0
     * @param offset  where the stream starts
     * @param length  contiguous bytes received
     * @param out     reused result; {@link ServerHello#consumed()} is the message's length
     * @return COMPLETE, NEED_MORE_DATA, NOT_THIS_PROTOCOL when the first message is not a ServerHello, or MALFORMED
     *         with {@code out.malformation()} set
     */
    public static int parseHandshake(MemorySegment segment, long offset, int length, ServerHello out) {
        out.reset();
        if (length < HANDSHAKE_HEADER_LENGTH) {
            return ParseStatus.NEED_MORE_DATA;
        }
        if (Wire.u8(segment, offset) != HANDSHAKE_TYPE_SERVER_HELLO) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        int messageLength = Wire.u24(segment, offset + 1);
        if (messageLength > MAX_FLIGHT_LENGTH - HANDSHAKE_HEADER_LENGTH) {
            return malformed(out, Malformation.TLS_HANDSHAKE_TOO_LONG);
        }
        if (HANDSHAKE_HEADER_LENGTH + messageLength > length) {
            return ParseStatus.NEED_MORE_DATA;
        }
        int status = parseHello(segment, offset + HANDSHAKE_HEADER_LENGTH, messageLength, out);
        return status == ParseStatus.COMPLETE ? complete(out, HANDSHAKE_HEADER_LENGTH + messageLength) : status;
    }

    /** Decodes one ServerHello body; a field running past the message is malformed. */
    static int parseHello(MemorySegment segment, long offset, int length, ServerHello out) {
        long end = offset + length;
        long p = offset;
        if (p + VERSION_LENGTH + RANDOM_LENGTH + 1 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        out.legacyVersion = Wire.u16(segment, p);
        out.helloRetryRequest = ServerHello.isHelloRetryRandom(segment, p + VERSION_LENGTH);
        p += VERSION_LENGTH + RANDOM_LENGTH;
        int sessionIdLength = Wire.u8(segment, p++);
        if (sessionIdLength > MAX_SESSION_ID_LENGTH) {
            return malformed(out, Malformation.TLS_SESSION_ID_TOO_LONG);
        }
        p += sessionIdLength;
        if (p + 3 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        out.cipherSuite = Wire.u16(segment, p);
        out.compressionMethod = Wire.u8(segment, p + 2);
        p += 3;
        if (p == end) {
            out.present = true;
            return ParseStatus.COMPLETE;
        }
        if (p + 2 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        int extensionsLength = Wire.u16(segment, p);
        p += 2;
        if (p + extensionsLength != end) {
            return malformed(out, Malformation.TLS_EXTENSIONS_LENGTH);
        }
        while (p < end) {
            if (p + EXTENSION_HEADER_LENGTH > end) {
                return malformed(out, Malformation.TLS_EXTENSION_TRUNCATED);
            }
            int type = Wire.u16(segment, p);
            int extensionLength = Wire.u16(segment, p + 2);
            long data = p + EXTENSION_HEADER_LENGTH;
            if (data + extensionLength > end) {
                return malformed(out, Malformation.TLS_EXTENSION_TRUNCATED);
            }
            if (out.extensionCount == ServerHello.MAX_EXTENSIONS) {
                return malformed(out, Malformation.TLS_TOO_MANY_EXTENSIONS);
            }
            out.extensionTypes[out.extensionCount++] = type;
            if (type == SUPPORTED_VERSIONS) {
                // Server form, section 4.2.1: a single selected_version.
                if (extensionLength != 2) {
                    return malformed(out, Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED);
                }
                out.selectedVersion = Wire.u16(segment, data);
            } else if (type == ALPN) {
                // RFC 7301 section 3.1: the server's list holds exactly one name.
                if (extensionLength < 3 || Wire.u16(segment, data) != extensionLength - 2
                        || Wire.u8(segment, data + 2) != extensionLength - 3) {
                    return malformed(out, Malformation.TLS_ALPN_MALFORMED);
                }
                out.alpnLength = extensionLength - 3;
                MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, data + 3, out.alpn, 0, out.alpnLength);
            }
            p = data + extensionLength;
        }
        out.present = true;
        return ParseStatus.COMPLETE;
    }

    /** Keeps the first certificate of a Certificate message (TLS 1.2 form) when it fits the cap. */
    private static Malformation certificate(MemorySegment segment, long body, int length, ServerHello out) {
        if (length < CERTIFICATE_LENGTH_LENGTH || Wire.u24(segment, body) != length - CERTIFICATE_LENGTH_LENGTH) {
            return Malformation.TLS_CERTIFICATE_MALFORMED;
        }
        if (length == CERTIFICATE_LENGTH_LENGTH) {
            return Malformation.NONE;
        }
        if (length < 2 * CERTIFICATE_LENGTH_LENGTH) {
            return Malformation.TLS_CERTIFICATE_MALFORMED;
        }
        int first = Wire.u24(segment, body + CERTIFICATE_LENGTH_LENGTH);
        if (first == 0 || first > length - 2 * CERTIFICATE_LENGTH_LENGTH) {
            return Malformation.TLS_CERTIFICATE_MALFORMED;
        }
        if (first <= ServerHello.MAX_CERTIFICATE_LENGTH) {
            if (out.certificate.length < first) {
                out.certificate = new byte[ServerHello.MAX_CERTIFICATE_LENGTH];
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, body + 2 * CERTIFICATE_LENGTH_LENGTH, out.certificate,
                    0, first);
            out.certificateLength = first;
        }
        return Malformation.NONE;
    }

    private static int complete(ServerHello out, long consumed) {
        out.consumed = (int) consumed;
        return ParseStatus.COMPLETE;
    }
}
