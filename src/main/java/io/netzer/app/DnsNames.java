package io.netzer.app;

import static io.netzer.app.ParseResult.malformedAt;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Decodes a domain name (RFC 1035 section 3.1) with message compression (section 4.1.4) into a
 * {@link DnsMessage}'s text buffer, refusing the tricks a hostile message can play: every pointer must point
 * strictly before itself (so a loop is impossible), at most {@link #MAX_POINTER_HOPS} pointers are followed,
 * and the name may not exceed 255 bytes on the wire (section 2.3.4). Label types 0b01 and 0b10 (RFC 6891
 * section 5 deprecates the only one defined) are rejected.
 *
 * <pre>
 * label:   | 0 0 |  length (6 bits)  | length bytes ...
 * pointer: | 1 1 |  offset (14 bits, from the start of the message)  |
 * </pre>
 */
final class DnsNames {
    /** Most compression pointers followed in one name; real names need one or two. */
    static final int MAX_POINTER_HOPS = 32;
    /** Longest name on the wire, length octets and the terminating zero included. */
    static final int MAX_NAME_LENGTH = 255;

    private static final int LABEL_TYPE_MASK = 0xc0;
    private static final int POINTER = 0xc0;
    private static final int PLAIN_LABEL = 0x00;
    private static final int POINTER_OFFSET_MASK = 0x3fff;
    private static final int FIRST_PRINTABLE = 0x20;
    private static final int LAST_PRINTABLE = 0x7e;

    private DnsNames() {
    }

    /**
     * Reads the name at {@code p} and appends it to {@code out}'s text.
     *
     * @param message    offset of the message's first byte (pointers count from there)
     * @param messageEnd end of the message
     * @return the offset just after the name where it was written (after the first pointer, if any), or -1 with
     *         {@code out.malformation} set
     */
    static long read(MemorySegment segment, long message, long messageEnd, long p, DnsMessage out) {
        long cursor = p;
        long after = -1;
        int hops = 0;
        int wireLength = 1;
        boolean firstLabel = true;
        while (true) {
            if (cursor >= messageEnd) {
                return malformedAt(out, Malformation.DNS_NAME_TRUNCATED);
            }
            int length = Wire.u8(segment, cursor);
            int labelType = length & LABEL_TYPE_MASK;
            if (labelType == POINTER) {
                if (cursor + 2 > messageEnd) {
                    return malformedAt(out, Malformation.DNS_NAME_TRUNCATED);
                }
                long target = message + (Wire.u16(segment, cursor) & POINTER_OFFSET_MASK);
                if (target >= cursor) {
                    return malformedAt(out, Malformation.DNS_FORWARD_POINTER);
                }
                if (++hops > MAX_POINTER_HOPS) {
                    return malformedAt(out, Malformation.DNS_TOO_MANY_POINTERS);
                }
                if (after < 0) {
                    after = cursor + 2;
                }
                cursor = target;
            } else if (labelType != PLAIN_LABEL) {
                return malformedAt(out, Malformation.DNS_BAD_LABEL_TYPE);
            } else if (length == 0) {
                if (firstLabel) {
                    out.put('.');
                }
                return after >= 0 ? after : cursor + 1;
            } else {
                wireLength += 1 + length;
                if (wireLength > MAX_NAME_LENGTH) {
                    return malformedAt(out, Malformation.DNS_NAME_TOO_LONG);
                }
                if (cursor + 1 + length > messageEnd) {
                    return malformedAt(out, Malformation.DNS_NAME_TRUNCATED);
                }
                if (!firstLabel) {
                    out.put('.');
                }
                appendLabel(segment, cursor + 1, length, out);
                firstLabel = false;
                cursor += 1 + length;
            }
        }
    }

    private static void appendLabel(MemorySegment segment, long start, int length, DnsMessage out) {
        for (long i = start; i < start + length; i++) {
            appendEscaped(Wire.u8(segment, i), '.', out);
        }
    }

    /**
     * Appends one byte of a label or character-string: printable ASCII as is, the given delimiter and the
     * backslash escaped with a backslash, other bytes as {@code \DDD}.
     */
    static void appendEscaped(int b, char delimiter, DnsMessage out) {
        if (b == delimiter || b == '\\') {
            out.put('\\');
            out.put((char) b);
        } else if (b >= FIRST_PRINTABLE && b <= LAST_PRINTABLE) {
            out.put((char) b);
        } else {
            out.put('\\');
            out.put((char) ('0' + b / 100));
            out.put((char) ('0' + b / 10 % 10));
            out.put((char) ('0' + b % 10));
        }
    }
}
