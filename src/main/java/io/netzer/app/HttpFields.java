package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The parts of HTTP/1.x message syntax (RFC 9112) that requests and responses share: finding the end of the head,
 * walking header lines, the version, and the body framing headers. Stateless, allocation-free.
 *
 * <pre>
 * HTTP-version = "HTTP/" DIGIT "." DIGIT
 * field-line   = field-name ":" OWS field-value OWS CRLF
 * </pre>
 */
final class HttpFields {
    /** Longest head accepted, as common servers do (8 KiB); a longer one is {@link Malformation#HTTP_HEAD_TOO_LONG}. */
    static final int MAX_HEAD_LENGTH = 8 * 1024;
    static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/'};
    /** {@code HTTP/1.1}. */
    static final int VERSION_LENGTH = VERSION_PREFIX.length + 3;

    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;
    private static final byte[] CONTENT_LENGTH = {'c', 'o', 'n', 't', 'e', 'n', 't', '-', 'l', 'e', 'n', 'g', 't', 'h'};
    private static final byte[] TRANSFER_ENCODING =
        {'t', 'r', 'a', 'n', 's', 'f', 'e', 'r', '-', 'e', 'n', 'c', 'o', 'd', 'i', 'n', 'g'};
    private static final byte[] CHUNKED = {'c', 'h', 'u', 'n', 'k', 'e', 'd'};

    private HttpFields() {
    }

    /** True when the {@code length} bytes at {@code p} start like {@code HTTP/} (as far as they go). */
    static boolean startsVersion(MemorySegment segment, long p, int length) {
        for (int i = 0; i < Math.min(length, VERSION_PREFIX.length); i++) {
            if (Wire.u8(segment, p + i) != VERSION_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the {@code DIGIT "." DIGIT} after {@code HTTP/} at {@code p} (the prefix already checked) into
     * {@code out}; false unless it is 1.0 to 1.9.
     */
    static boolean version(MemorySegment segment, long p, HttpHead out) {
        int major = Wire.u8(segment, p + VERSION_PREFIX.length) - '0';
        int dot = Wire.u8(segment, p + VERSION_PREFIX.length + 1);
        int minor = Wire.u8(segment, p + VERSION_PREFIX.length + 2) - '0';
        if (major != 1 || dot != '.' || minor < 0 || minor > 9) {
            return false;
        }
        out.versionMajor = major;
        out.versionMinor = minor;
        return true;
    }

    /** Walks the header lines from {@code p} to the head's end, keeping the ones {@code out} reports. */
    static int headers(MemorySegment segment, long p, long headEnd, HttpHead out) {
        while (p < headEnd) {
            long lineEnd = lineEnd(segment, p, headEnd);
            long contentEnd = trimCr(segment, p, lineEnd);
            if (contentEnd == p) {
                break;
            }
            int first = Wire.u8(segment, p);
            if (first != ' ' && first != '\t') {
                long colon = p;
                while (colon < contentEnd && isTokenChar(Wire.u8(segment, colon))) {
                    colon++;
                }
                while (out.spaceBeforeColonAllowed() && colon < contentEnd && isWhitespace(Wire.u8(segment, colon))) {
                    colon++;
                }
                if (colon == p || colon == contentEnd || Wire.u8(segment, colon) != ':') {
                    return malformed(out, Malformation.HTTP_BAD_HEADER);
                }
                field(segment, p, colon, contentEnd, out);
            }
            p = lineEnd + 1;
        }
        if (out.chunked && out.malformation == Malformation.NONE && out.contentLength >= 0) {
            out.malformation = Malformation.HTTP_CHUNKED_WITH_CONTENT_LENGTH;
        }
        return ParseStatus.COMPLETE;
    }

    /** Records one field; a Content-Length that is not a number or contradicts an earlier one names the flaw. */
    private static void field(MemorySegment segment, long name, long colon, long end, HttpHead out) {
        long value = colon + 1;
        while (value < end && isWhitespace(Wire.u8(segment, value))) {
            value++;
        }
        long valueEnd = end;
        while (valueEnd > value && isWhitespace(Wire.u8(segment, valueEnd - 1))) {
            valueEnd--;
        }
        int valueLength = (int) (valueEnd - value);
        long nameEnd = colon;
        while (isWhitespace(Wire.u8(segment, nameEnd - 1))) {
            nameEnd--;
        }
        int nameLength = (int) (nameEnd - name);
        if (out.header(segment, name, nameLength, value, valueLength)) {
            return;
        }
        if (equalsIgnoreCase(segment, name, nameLength, CONTENT_LENGTH)) {
            Malformation flaw = contentLength(segment, value, valueLength, out);
            if (out.malformation == Malformation.NONE) {
                out.malformation = flaw;
            }
        } else if (equalsIgnoreCase(segment, name, nameLength, TRANSFER_ENCODING)) {
            out.chunked |= containsIgnoreCase(segment, value, valueLength, CHUNKED);
        }
    }

    /** RFC 9112 section 6.3: Content-Length is digits; several copies must agree. The flaw, or NONE. */
    private static Malformation contentLength(MemorySegment segment, long value, int length, HttpHead out) {
        if (length == 0) {
            return Malformation.HTTP_BAD_CONTENT_LENGTH;
        }
        long n = 0;
        for (int i = 0; i < length; i++) {
            int digit = Wire.u8(segment, value + i) - '0';
            if (digit < 0 || digit > 9) {
                return Malformation.HTTP_BAD_CONTENT_LENGTH;
            }
            if (i == MAX_CONTENT_LENGTH_DIGITS) {
                return Malformation.HTTP_CONTENT_LENGTH_TOO_LARGE;
            }
            n = n * 10 + digit;
        }
        if (out.contentLength >= 0 && out.contentLength != n) {
            return Malformation.HTTP_CONTENT_LENGTH_CONFLICT;
        }
        out.contentLength = n;
        return Malformation.NONE;
    }

    /** Offset just after the empty line that ends the head (CRLF CRLF, or bare LF), or -1. */
    static long findHeadEnd(MemorySegment segment, long p, long end) {
        for (long i = p; i < end; i++) {
            if (Wire.u8(segment, i) != '\n') {
                continue;
            }
            if (i + 1 < end && Wire.u8(segment, i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < end && Wire.u8(segment, i + 1) == '\r' && Wire.u8(segment, i + 2) == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** Offset of the LF ending the line that starts at {@code p} (the head's end always has one). */
    static long lineEnd(MemorySegment segment, long p, long end) {
        while (p < end && Wire.u8(segment, p) != '\n') {
            p++;
        }
        return p;
    }

    static long trimCr(MemorySegment segment, long start, long lineEnd) {
        return lineEnd > start && Wire.u8(segment, lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    }

    /** RFC 9110 section 5.6.2 tchar. */
    static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    static boolean equalsIgnoreCase(MemorySegment segment, long p, int length, byte[] lowerCase) {
        if (length != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((Wire.u8(segment, p + i) | 0x20) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(MemorySegment segment, long p, int length, byte[] lowerCase) {
        for (int start = 0; start + lowerCase.length <= length; start++) {
            if (equalsIgnoreCase(segment, p + start, lowerCase.length, lowerCase)) {
                return true;
            }
        }
        return false;
    }
}
