package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Finds and decodes the TLS ClientHello at the start of a client's byte stream, or at the start of a QUIC
 * CRYPTO stream. The parser keeps no state between calls: the caller hands the bytes of the stream direction
 * received so far (a growing prefix) and calls again on {@link ParseStatus#NEED_MORE_DATA}. One instance per
 * worker thread; it owns a preallocated scratch buffer where a hello split over several TLS records is joined,
 * and parsing never allocates.
 *
 * <p>TLS record layer, RFC 8446 section 5.1, and handshake header, section 4:
 *
 * <pre>
 * struct {
 *     ContentType type;                  // 22 = handshake
 *     ProtocolVersion legacy_record_version;
 *     uint16 length;                     // at most 2^14
 *     opaque fragment[TLSPlaintext.length];
 * } TLSPlaintext;
 *
 * struct {
 *     HandshakeType msg_type;            // 1 = client_hello
 *     uint24 length;
 *     ClientHello body;                  // see ClientHelloBodyParser
 * } Handshake;
 * </pre>
 *
 * A handshake message may span several records, and records may hold several messages (section 5.1); only the
 * first message matters here. The number of records is not capped: each carries at least one byte of a message
 * of at most {@link #MAX_HANDSHAKE_LENGTH} bytes, and a caller that buffers the stream keeps it at about the
 * hello's own length with {@link #compactRecords}.
 */
public final class ClientHelloParser {
    /** Largest ClientHello accepted (with its 4-byte header); post-quantum hellos are about 2 KiB. */
    public static final int MAX_HANDSHAKE_LENGTH = 64 * 1024;

    static final int CONTENT_TYPE_HANDSHAKE = 22;
    static final int HANDSHAKE_TYPE_CLIENT_HELLO = 1;
    static final int CONTENT_TYPE_CHANGE_CIPHER_SPEC = 20;

    /** The whole compatibility record: type 20, version 3.x, length 1, value 1. */
    private static final int[] CHANGE_CIPHER_SPEC_RECORD = {CONTENT_TYPE_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
    private static final int CHANGE_CIPHER_SPEC_MINOR_OFFSET = 2;

    private static final int RECORD_HEADER_LENGTH = 5;
    private static final int RECORD_VERSION_OFFSET = 1;
    private static final int RECORD_LENGTH_OFFSET = 3;
    private static final int MAX_RECORD_LENGTH = 1 << 14;
    private static final int TLS_MAJOR_VERSION = 3;
    private static final int HANDSHAKE_HEADER_LENGTH = 4;
    private static final int HANDSHAKE_LENGTH_OFFSET = 1;

    private final byte[] scratchBytes = new byte[MAX_HANDSHAKE_LENGTH];
    /** Set with a COMPLETE hello: where the record holding its last byte ends. */
    private long helloRecordEnd;

    /**
     * Whether a stream whose first byte is {@code firstByte} may be TLS: a client's stream starts with a handshake
     * record, or with the change_cipher_spec record of middlebox compatibility mode (RFC 8446 appendix D.4).
     */
    public static boolean startsTlsRecord(int firstByte) {
        return firstByte == CONTENT_TYPE_HANDSHAKE || firstByte == CONTENT_TYPE_CHANGE_CIPHER_SPEC;
    }
    private final MemorySegment scratch = MemorySegment.ofArray(scratchBytes);

    /**
     * Decodes the ClientHello at the start of a TLS-over-TCP client stream.
     *
     * @param segment memory holding the stream bytes
     * @param offset  where the first byte of the stream direction lies
     * @param length  bytes of the stream available so far
     * @param out     reused result; valid after {@link ParseStatus#COMPLETE}
     * @return a {@link ParseStatus}: NEED_MORE_DATA until the whole hello is present, NOT_THIS_PROTOCOL when the
     *         stream does not start with a handshake record holding a ClientHello
     */
    public int parse(MemorySegment segment, long offset, int length, ClientHello out) {
        long start = offset;
        int status = parseRecords(segment, offset, length, out);
        if (status == ParseStatus.COMPLETE) {
            out.recordBytes = (int) (helloRecordEnd - start);
        }
        return status;
    }

    private int parseRecords(MemorySegment segment, long offset, int length, ClientHello out) {
        out.reset();
        if (length >= 1 && Wire.u8(segment, offset) == CONTENT_TYPE_CHANGE_CIPHER_SPEC) {
            // A TLS 1.3 client answering a HelloRetryRequest may send its compatibility change_cipher_spec
            // record right before the second ClientHello (RFC 8446 appendix D.4): step over that one record.
            if (length < CHANGE_CIPHER_SPEC_RECORD.length) {
                return matchesPrefix(segment, offset, length) ? ParseStatus.NEED_MORE_DATA
                        : ParseStatus.NOT_THIS_PROTOCOL;
            }
            if (!matchesPrefix(segment, offset, CHANGE_CIPHER_SPEC_RECORD.length)) {
                return ParseStatus.NOT_THIS_PROTOCOL;
            }
            offset += CHANGE_CIPHER_SPEC_RECORD.length;
            length -= CHANGE_CIPHER_SPEC_RECORD.length;
        }
        if (length < 1) {
            return ParseStatus.NEED_MORE_DATA;
        }
        if (!looksLikeHandshakeRecord(segment, offset, length)) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        if (length < RECORD_HEADER_LENGTH + 1) {
            return ParseStatus.NEED_MORE_DATA;
        }
        int recordLength = Wire.u16(segment, offset + RECORD_LENGTH_OFFSET);
        Malformation badLength = checkRecordLength(recordLength);
        if (badLength != Malformation.NONE) {
            return malformed(out, badLength);
        }
        if (Wire.u8(segment, offset + RECORD_HEADER_LENGTH) != HANDSHAKE_TYPE_CLIENT_HELLO) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        if (recordLength >= HANDSHAKE_HEADER_LENGTH && length >= RECORD_HEADER_LENGTH + HANDSHAKE_HEADER_LENGTH) {
            int messageLength = Wire.u24(segment, offset + RECORD_HEADER_LENGTH + HANDSHAKE_LENGTH_OFFSET);
            if (HANDSHAKE_HEADER_LENGTH + messageLength <= recordLength) {
                // Common case: the whole hello sits in the first record, so decode it where it lies.
                helloRecordEnd = offset + RECORD_HEADER_LENGTH + recordLength;
                return parseHandshake(segment, offset + RECORD_HEADER_LENGTH,
                        Math.min(length - RECORD_HEADER_LENGTH, recordLength), out);
            }
        }
        return joinRecords(segment, offset, length, out);
    }

    /**
     * Decodes the ClientHello at the start of bare handshake messages, as carried by QUIC CRYPTO frames
     * (RFC 9001 section 4: no record layer).
     *
     * @param segment memory holding the crypto stream
     * @param offset  where the stream's first byte lies
     * @param length  contiguous bytes available from the start
     * @param out     reused result; valid after {@link ParseStatus#COMPLETE}
     * @return a {@link ParseStatus}
     */
    public int parseHandshake(MemorySegment segment, long offset, int length, ClientHello out) {
        out.reset();
        if (length < 1) {
            return ParseStatus.NEED_MORE_DATA;
        }
        if (Wire.u8(segment, offset) != HANDSHAKE_TYPE_CLIENT_HELLO) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        if (length < HANDSHAKE_HEADER_LENGTH) {
            return ParseStatus.NEED_MORE_DATA;
        }
        int messageLength = Wire.u24(segment, offset + HANDSHAKE_LENGTH_OFFSET);
        if (messageLength > MAX_HANDSHAKE_LENGTH - HANDSHAKE_HEADER_LENGTH) {
            out.malformation = Malformation.TLS_HANDSHAKE_TOO_LONG;
            return ParseStatus.MALFORMED;
        }
        if (length < HANDSHAKE_HEADER_LENGTH + messageLength) {
            return ParseStatus.NEED_MORE_DATA;
        }
        return ClientHelloBodyParser.parse(segment, offset + HANDSHAKE_HEADER_LENGTH, messageLength, out);
    }

    /** True when the bytes match the start of {@link #CHANGE_CIPHER_SPEC_RECORD} (any minor version). */
    private static boolean matchesPrefix(MemorySegment segment, long offset, int length) {
        for (int i = 0; i < length; i++) {
            if (i != CHANGE_CIPHER_SPEC_MINOR_OFFSET && Wire.u8(segment, offset + i) != CHANGE_CIPHER_SPEC_RECORD[i]) {
                return false;
            }
        }
        return true;
    }

    /** A handshake record header as far as the bytes go: type 22, then major version 3. */
    private static boolean looksLikeHandshakeRecord(MemorySegment segment, long offset, int length) {
        return Wire.u8(segment, offset) == CONTENT_TYPE_HANDSHAKE
                && (length <= RECORD_VERSION_OFFSET
                        || Wire.u8(segment, offset + RECORD_VERSION_OFFSET) == TLS_MAJOR_VERSION);
    }

    /** Copies the fragments of consecutive handshake records into the scratch buffer until the hello is whole. */
    private int joinRecords(MemorySegment segment, long offset, int length, ClientHello out) {
        long end = offset + length;
        long record = offset;
        int joined = 0;
        int target = -1;
        while (true) {
            if (record + RECORD_HEADER_LENGTH > end) {
                return ParseStatus.NEED_MORE_DATA;
            }
            if (!looksLikeHandshakeRecord(segment, record, RECORD_HEADER_LENGTH)) {
                return malformed(out, Malformation.TLS_RECORD_NOT_HANDSHAKE);
            }
            int recordLength = Wire.u16(segment, record + RECORD_LENGTH_OFFSET);
            Malformation badLength = checkRecordLength(recordLength);
            if (badLength != Malformation.NONE) {
                return malformed(out, badLength);
            }
            long fragment = record + RECORD_HEADER_LENGTH;
            int available = (int) Math.min(recordLength, end - fragment);
            int used = 0;
            while (used < available && joined != target) {
                int wanted = target < 0 ? HANDSHAKE_HEADER_LENGTH - joined : target - joined;
                int n = Math.min(available - used, wanted);
                MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, fragment + used, scratchBytes, joined, n);
                joined += n;
                used += n;
                if (target < 0 && joined == HANDSHAKE_HEADER_LENGTH) {
                    int messageLength = Wire.u24(scratch, HANDSHAKE_LENGTH_OFFSET);
                    if (messageLength > MAX_HANDSHAKE_LENGTH - HANDSHAKE_HEADER_LENGTH) {
                        return malformed(out, Malformation.TLS_HANDSHAKE_TOO_LONG);
                    }
                    target = HANDSHAKE_HEADER_LENGTH + messageLength;
                }
            }
            if (joined == target) {
                helloRecordEnd = fragment + recordLength;
                return ClientHelloBodyParser.parse(scratch, HANDSHAKE_HEADER_LENGTH, target - HANDSHAKE_HEADER_LENGTH,
                        out);
            }
            if (available < recordLength) {
                return ParseStatus.NEED_MORE_DATA;
            }
            record = fragment + recordLength;
        }
    }

    /**
     * Joins the whole handshake records at the start of a client stream, held in {@code bytes}, into records of
     * up to 2^14 bytes, in place: the fragments stay in order, so {@link #parse} reads the same hello, but a hello
     * spread over many small records (an evasion: 1-byte records multiply its length by six) then takes about its
     * own length. A leading change_cipher_spec record, an incomplete last record and anything after a record that
     * is not a valid handshake record are kept as they are, for the parser to judge.
     *
     * @param bytes  the stream from its first byte (an inspector's buffer, or a test's array)
     * @param length bytes held
     * @return bytes held after joining
     */
    public static int compactRecords(MemorySegment bytes, int length) {
        int read = length >= CHANGE_CIPHER_SPEC_RECORD.length && Wire.u8(bytes, 0) == CONTENT_TYPE_CHANGE_CIPHER_SPEC
                ? CHANGE_CIPHER_SPEC_RECORD.length : 0;
        int write = read;
        if (read + RECORD_HEADER_LENGTH > length) {
            return length;
        }
        byte minorVersion = bytes.get(ValueLayout.JAVA_BYTE, read + RECORD_VERSION_OFFSET + 1);
        int open = -1;
        int openLength = 0;
        while (read + RECORD_HEADER_LENGTH <= length) {
            int recordLength = Wire.u16(bytes, read + RECORD_LENGTH_OFFSET);
            if (Wire.u8(bytes, read) != CONTENT_TYPE_HANDSHAKE
                    || Wire.u8(bytes, read + RECORD_VERSION_OFFSET) != TLS_MAJOR_VERSION
                    || checkRecordLength(recordLength) != Malformation.NONE
                    || read + RECORD_HEADER_LENGTH + recordLength > length) {
                break;
            }
            int from = read + RECORD_HEADER_LENGTH;
            read = from + recordLength;
            // Writing never passes reading: every joined record saves a header, and a new output record starts
            // within an input record only after one that joined two or more.
            while (from < read) {
                if (open < 0 || openLength == MAX_RECORD_LENGTH) {
                    open = write;
                    bytes.set(ValueLayout.JAVA_BYTE, open, (byte) CONTENT_TYPE_HANDSHAKE);
                    bytes.set(ValueLayout.JAVA_BYTE, open + RECORD_VERSION_OFFSET, (byte) TLS_MAJOR_VERSION);
                    bytes.set(ValueLayout.JAVA_BYTE, open + RECORD_VERSION_OFFSET + 1, minorVersion);
                    write += RECORD_HEADER_LENGTH;
                    openLength = 0;
                }
                int n = Math.min(read - from, MAX_RECORD_LENGTH - openLength);
                MemorySegment.copy(bytes, from, bytes, write, n);
                write += n;
                from += n;
                openLength += n;
                bytes.set(ValueLayout.JAVA_BYTE, open + RECORD_LENGTH_OFFSET, (byte) (openLength >>> 8));
                bytes.set(ValueLayout.JAVA_BYTE, open + RECORD_LENGTH_OFFSET + 1, (byte) openLength);
            }
        }
        MemorySegment.copy(bytes, read, bytes, write, length - read);
        return write + length - read;
    }

    /** RFC 8446 section 5.1: handshake fragments are never empty and a plaintext record holds at most 2^14 bytes. */
    private static Malformation checkRecordLength(int recordLength) {
        if (recordLength == 0) {
            return Malformation.TLS_RECORD_EMPTY;
        }
        return recordLength > MAX_RECORD_LENGTH ? Malformation.TLS_RECORD_TOO_LONG : Malformation.NONE;
    }
}
