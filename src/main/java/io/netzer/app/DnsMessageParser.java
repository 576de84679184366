package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;
import static io.netzer.app.ParseResult.malformedAt;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Decodes DNS messages (RFC 1035 section 4.1) over UDP (one message per datagram) and TCP (each message after a
 * 2-byte length, section 4.2.2; a stream may hold several) into a reusable {@link DnsMessage}. Stateless and
 * allocation-free; one instance may serve a whole worker.
 *
 * <pre>
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
 * |                    QDCOUNT                    |
 * |                    ANCOUNT                    |
 * |                    NSCOUNT                    |
 * |                    ARCOUNT                    |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * question: QNAME, QTYPE (16), QCLASS (16)
 * answer:   NAME, TYPE (16), CLASS (16), TTL (32), RDLENGTH (16), RDATA
 * </pre>
 *
 * The question and answer sections are decoded; authority and additional records are only walked, to find the
 * OPT record's flags (EDNS, RFC 6891 section 6.1.3), and a fault there ends the walk without making the message
 * malformed.
 */
public final class DnsMessageParser {
    /** Most question and answer entries walked per message; the rest count as skipped answers. */
    public static final int MAX_RECORDS = 256;

    static final int HEADER_LENGTH = 12;
    private static final int DNS_PORT = 53;
    /** Multicast DNS (RFC 6762). */
    public static final int MDNS_PORT = 5353;
    private static final int LLMNR_PORT = 5355;
    private static final int ID_OFFSET = 0;
    private static final int FLAGS_OFFSET = ID_OFFSET + 2;
    private static final int QDCOUNT_OFFSET = FLAGS_OFFSET + 2;
    private static final int ANCOUNT_OFFSET = QDCOUNT_OFFSET + 2;
    private static final int NSCOUNT_OFFSET = ANCOUNT_OFFSET + 2;
    private static final int ARCOUNT_OFFSET = NSCOUNT_OFFSET + 2;
    private static final int QUESTION_FIXED_LENGTH = 4;
    private static final int RECORD_TYPE_OFFSET = 0;
    private static final int RECORD_CLASS_OFFSET = RECORD_TYPE_OFFSET + 2;
    private static final int RECORD_TTL_OFFSET = RECORD_CLASS_OFFSET + 2;
    private static final int RECORD_RDLENGTH_OFFSET = RECORD_TTL_OFFSET + 4;
    private static final int RECORD_FIXED_LENGTH = RECORD_RDLENGTH_OFFSET + 2;
    private static final int TCP_LENGTH_PREFIX = 2;
    private static final int TYPE_OPT = 41;
    /** The OPT record's flags: the low 16 bits of its TTL field (RFC 6891 section 6.1.3). */
    private static final int OPT_FLAGS_OFFSET = RECORD_TTL_OFFSET + 2;
    private static final int LABEL_TYPE_MASK = 0xc0;
    private static final int POINTER = 0xc0;

    /** DNS, mDNS (RFC 6762) and LLMNR (RFC 4795): the ports tshark decodes as DNS, the ports a DNS flow uses. */
    public static boolean isDnsPort(int port) {
        return port == DNS_PORT || port == MDNS_PORT || port == LLMNR_PORT;
    }

    /**
     * Decodes the message of one UDP datagram.
     *
     * @param segment memory holding the UDP payload
     * @param offset  where it starts
     * @param length  its length
     * @param out     reused result
     * @return COMPLETE or MALFORMED (with {@code out.malformation()}; what was decoded before the fault stays)
     */
    public int parse(MemorySegment segment, long offset, int length, DnsMessage out) {
        out.reset();
        out.consumed = length;
        return decode(segment, offset, length, out);
    }

    /**
     * Decodes the first length-prefixed message of a DNS-over-TCP stream; call again at
     * {@code offset + out.consumed()} for the next one.
     *
     * @param segment memory holding the stream
     * @param offset  where the length prefix starts
     * @param length  bytes available from there
     * @param out     reused result
     * @return COMPLETE, NEED_MORE_DATA until the whole message is present, or MALFORMED
     */
    public int parseTcp(MemorySegment segment, long offset, int length, DnsMessage out) {
        out.reset();
        if (length < TCP_LENGTH_PREFIX) {
            return ParseStatus.NEED_MORE_DATA;
        }
        int messageLength = Wire.u16(segment, offset);
        if (length - TCP_LENGTH_PREFIX < messageLength) {
            return ParseStatus.NEED_MORE_DATA;
        }
        out.consumed = TCP_LENGTH_PREFIX + messageLength;
        return decode(segment, offset + TCP_LENGTH_PREFIX, messageLength, out);
    }

    private static int decode(MemorySegment segment, long message, int length, DnsMessage out) {
        if (length < HEADER_LENGTH) {
            return malformed(out, Malformation.DNS_HEADER_TRUNCATED);
        }
        long end = message + length;
        out.id = Wire.u16(segment, message + ID_OFFSET);
        out.flags = Wire.u16(segment, message + FLAGS_OFFSET);
        out.questionCount = Wire.u16(segment, message + QDCOUNT_OFFSET);
        out.answerCount = Wire.u16(segment, message + ANCOUNT_OFFSET);
        out.authorityCount = Wire.u16(segment, message + NSCOUNT_OFFSET);
        out.additionalCount = Wire.u16(segment, message + ARCOUNT_OFFSET);
        long p = message + HEADER_LENGTH;
        int walked = 0;
        for (int i = 0; i < out.questionCount && walked < MAX_RECORDS; i++, walked++) {
            int nameOffset = out.textLength;
            p = DnsNames.read(segment, message, end, p, out);
            if (p < 0) {
                return ParseStatus.MALFORMED;
            }
            if (p + QUESTION_FIXED_LENGTH > end) {
                return malformed(out, Malformation.DNS_QUESTION_TRUNCATED);
            }
            if (i == 0 && !out.textOverflow) {
                out.hasQuestion = true;
                out.questionNameOffset = nameOffset;
                out.questionNameLength = out.textLength - nameOffset;
                out.questionType = Wire.u16(segment, p);
                out.questionClass = Wire.u16(segment, p + 2);
            } else {
                out.textLength = nameOffset;
            }
            p += QUESTION_FIXED_LENGTH;
        }
        for (int i = 0; i < out.answerCount; i++, walked++) {
            if (walked == MAX_RECORDS) {
                out.answersSkipped += out.answerCount - i;
                break;
            }
            p = answer(segment, message, end, p, out);
            if (p < 0) {
                return ParseStatus.MALFORMED;
            }
        }
        int others = out.authorityCount + out.additionalCount;
        for (int i = 0; i < others && walked < MAX_RECORDS && p >= 0; i++, walked++) {
            p = other(segment, end, p, out);
        }
        return ParseStatus.COMPLETE;
    }

    /** Steps over an authority or additional record, noting an OPT record's flags; -1 when it does not fit. */
    private static long other(MemorySegment segment, long end, long p, DnsMessage out) {
        while (p < end && (Wire.u8(segment, p) & LABEL_TYPE_MASK) != POINTER && Wire.u8(segment, p) != 0) {
            if ((Wire.u8(segment, p) & LABEL_TYPE_MASK) != 0) {
                return -1;
            }
            p += 1 + Wire.u8(segment, p);
        }
        if (p >= end) {
            return -1;
        }
        p += Wire.u8(segment, p) == 0 ? 1 : 2;
        if (p + RECORD_FIXED_LENGTH > end) {
            return -1;
        }
        long after = p + RECORD_FIXED_LENGTH + Wire.u16(segment, p + RECORD_RDLENGTH_OFFSET);
        if (after > end) {
            return -1;
        }
        if (Wire.u16(segment, p + RECORD_TYPE_OFFSET) == TYPE_OPT && !out.hasOpt) {
            out.hasOpt = true;
            out.ednsFlags = Wire.u16(segment, p + OPT_FLAGS_OFFSET);
        }
        return after;
    }

    /** Reads one resource record, keeping it when there is room; returns the offset after it or -1. */
    private static long answer(MemorySegment segment, long message, long end, long p, DnsMessage out) {
        int mark = out.textLength;
        p = DnsNames.read(segment, message, end, p, out);
        if (p < 0) {
            return -1;
        }
        if (p + RECORD_FIXED_LENGTH > end) {
            return malformedAt(out, Malformation.DNS_RECORD_TRUNCATED);
        }
        int dataLength = Wire.u16(segment, p + RECORD_RDLENGTH_OFFSET);
        long data = p + RECORD_FIXED_LENGTH;
        if (data + dataLength > end) {
            return malformedAt(out, Malformation.DNS_RECORD_TRUNCATED);
        }
        int index = out.answersStored;
        if (index == DnsMessage.MAX_ANSWERS || out.textOverflow) {
            out.textLength = mark;
            out.answersSkipped++;
            return data + dataLength;
        }
        int type = Wire.u16(segment, p + RECORD_TYPE_OFFSET);
        out.answerNameOffset[index] = mark;
        out.answerNameLength[index] = out.textLength - mark;
        out.answerType[index] = type;
        out.answerClass[index] = Wire.u16(segment, p + RECORD_CLASS_OFFSET);
        out.answerTtl[index] = Wire.u32(segment, p + RECORD_TTL_OFFSET);
        int dataOffset = out.textLength;
        if (!DnsRdata.render(segment, message, end, type, data, dataLength, out)) {
            out.textLength = mark;
            return -1;
        }
        if (out.textOverflow) {
            // The record did not fit in the text buffer: drop it whole rather than keep half of it.
            out.textLength = mark;
            out.answersSkipped++;
        } else {
            out.answerDataOffset[index] = dataOffset;
            out.answerDataLength[index] = out.textLength - dataOffset;
            out.answersStored++;
        }
        return data + dataLength;
    }
}
