package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Decodes the head of an HTTP/1.x request at the start of the bytes given (RFC 9112 sections 2 to 5): the
 * request line, then header lines up to the empty line. Bare LF line ends are accepted as RFC 9112 section 2.2
 * allows; an obsolete folded line (starting with a space or tab) is read as part of the header before it.
 * Stateless and allocation-free: hand it the stream from a request's first byte, and after
 * {@link ParseStatus#COMPLETE} call it again at {@link HttpRequest#nextRequestOffset()} for a pipelined one.
 *
 * <p>A head whose body framing is broken (a Content-Length that is not a number, too large, or given twice with
 * different values; Content-Length beside chunked Transfer-Encoding, RFC 9112 section 6.3) is still a request the
 * server may act on, and a way to hide one from an observer: it is decoded as {@link ParseStatus#COMPLETE}, the
 * flaw named by {@link HttpRequest#malformation()} and the next request's offset unknown.
 *
 * <pre>
 * request-line = method SP request-target SP HTTP-version CRLF
 * HTTP-version = "HTTP/" DIGIT "." DIGIT
 * field-line   = field-name ":" OWS field-value OWS CRLF
 * </pre>
 */
public final class HttpRequestParser {
    /** Longest head accepted, as common servers do (8 KiB); a longer one is {@link Malformation#HTTP_HEAD_TOO_LONG}. */
    public static final int MAX_HEAD_LENGTH = 8 * 1024;
    /** Longest method: standard and extension methods are short words. */
    public static final int MAX_METHOD_LENGTH = 32;

    private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/'};
    private static final int VERSION_LENGTH = VERSION_PREFIX.length + 3;
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;
    private static final byte[] HOST = {'h', 'o', 's', 't'};
    private static final byte[] USER_AGENT = {'u', 's', 'e', 'r', '-', 'a', 'g', 'e', 'n', 't'};
    private static final byte[] CONTENT_LENGTH = {'c', 'o', 'n', 't', 'e', 'n', 't', '-', 'l', 'e', 'n', 'g', 't', 'h'};
    private static final byte[] TRANSFER_ENCODING =
        {'t', 'r', 'a', 'n', 's', 'f', 'e', 'r', '-', 'e', 'n', 'c', 'o', 'd', 'i', 'n', 'g'};
    private static final byte[] CHUNKED = {'c', 'h', 'u', 'n', 'k', 'e', 'd'};

    /**
     * Decodes one request head.
     *
     * @param segment memory holding the client stream
     * @param offset  where the request starts
     * @param length  bytes available from there
     * @param out     reused result
     * @return COMPLETE, NEED_MORE_DATA until the empty line arrives, NOT_THIS_PROTOCOL when the bytes do not start
     *         like an HTTP/1 request, MALFORMED with {@code out.malformation()}
     */
    public int parse(MemorySegment segment, long offset, int length, HttpRequest out) {
        out.reset();
        long end = offset + Math.min(length, MAX_HEAD_LENGTH);
        long p = offset;
        while (p < end && isTokenChar(Wire.u8(segment, p)) && p - offset < MAX_METHOD_LENGTH) {
            p++;
        }
        if (p == end) {
            return length >= MAX_HEAD_LENGTH ? malformed(out, Malformation.HTTP_HEAD_TOO_LONG)
                    : ParseStatus.NEED_MORE_DATA;
        }
        if (p == offset || Wire.u8(segment, p) != ' ') {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        long headEnd = findHeadEnd(segment, p, end);
        if (headEnd < 0) {
            return length >= MAX_HEAD_LENGTH ? malformed(out, Malformation.HTTP_HEAD_TOO_LONG)
                    : ParseStatus.NEED_MORE_DATA;
        }
        out.headLength = (int) (headEnd - offset);
        out.methodLength = (int) (p - offset);
        out.methodOffset = out.keep(segment, offset, out.methodLength);
        long lineEnd = lineEnd(segment, p, headEnd);
        int status = requestLine(segment, p + 1, trimCr(segment, p, lineEnd), out);
        if (status != ParseStatus.COMPLETE) {
            return status;
        }
        return headers(segment, lineEnd + 1, headEnd, out);
    }

    /** Parses {@code SP request-target SP HTTP-version} after the method; {@code end} excludes the line end. */
    private static int requestLine(MemorySegment segment, long p, long end, HttpRequest out) {
        long target = p;
        while (p < end && Wire.u8(segment, p) > ' ') {
            p++;
        }
        if (p == target || p + 1 + VERSION_LENGTH != end || Wire.u8(segment, p) != ' ') {
            return malformed(out, Malformation.HTTP_BAD_REQUEST_LINE);
        }
        long version = p + 1;
        for (int i = 0; i < VERSION_PREFIX.length; i++) {
            if (Wire.u8(segment, version + i) != VERSION_PREFIX[i]) {
                // RTSP/1.0, SIP/2.0 and the like share the request line shape but are other protocols.
                return ParseStatus.NOT_THIS_PROTOCOL;
            }
        }
        int major = Wire.u8(segment, version + VERSION_PREFIX.length) - '0';
        int dot = Wire.u8(segment, version + VERSION_PREFIX.length + 1);
        int minor = Wire.u8(segment, version + VERSION_PREFIX.length + 2) - '0';
        if (major >= 2 && major <= 9) {
            // "PRI * HTTP/2.0", the HTTP/2 connection preface (RFC 9113 section 3.4).
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        if (major != 1 || dot != '.' || minor < 0 || minor > 9) {
            return malformed(out, Malformation.HTTP_BAD_REQUEST_LINE);
        }
        out.versionMajor = major;
        out.versionMinor = minor;
        out.targetLength = (int) (p - target);
        out.targetOffset = out.keep(segment, target, out.targetLength);
        return ParseStatus.COMPLETE;
    }

    /** Walks the header lines from {@code p} to the head's end, keeping the ones we report. */
    private static int headers(MemorySegment segment, long p, long headEnd, HttpRequest out) {
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
    private static void field(MemorySegment segment, long name, long colon, long end, HttpRequest out) {
        long value = colon + 1;
        while (value < end && isWhitespace(Wire.u8(segment, value))) {
            value++;
        }
        long valueEnd = end;
        while (valueEnd > value && isWhitespace(Wire.u8(segment, valueEnd - 1))) {
            valueEnd--;
        }
        int valueLength = (int) (valueEnd - value);
        int nameLength = (int) (colon - name);
        if (out.hostLength < 0 && equalsIgnoreCase(segment, name, nameLength, HOST)) {
            out.hostLength = valueLength;
            out.hostOffset = out.keep(segment, value, valueLength);
        } else if (out.userAgentLength < 0 && equalsIgnoreCase(segment, name, nameLength, USER_AGENT)) {
            out.userAgentLength = valueLength;
            out.userAgentOffset = out.keep(segment, value, valueLength);
        } else if (equalsIgnoreCase(segment, name, nameLength, CONTENT_LENGTH)) {
            Malformation flaw = contentLength(segment, value, valueLength, out);
            if (out.malformation == Malformation.NONE) {
                out.malformation = flaw;
            }
        } else if (equalsIgnoreCase(segment, name, nameLength, TRANSFER_ENCODING)) {
            out.chunked |= containsIgnoreCase(segment, value, valueLength, CHUNKED);
        }
    }

    /** RFC 9112 section 6.3: Content-Length is digits; several copies must agree. The flaw, or NONE. */
    private static Malformation contentLength(MemorySegment segment, long value, int length, HttpRequest out) {
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
    private static long findHeadEnd(MemorySegment segment, long p, long end) {
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
    private static long lineEnd(MemorySegment segment, long p, long end) {
        while (p < end && Wire.u8(segment, p) != '\n') {
            p++;
        }
        return p;
    }

    private static long trimCr(MemorySegment segment, long start, long lineEnd) {
        return lineEnd > start && Wire.u8(segment, lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    }

    /** RFC 9110 section 5.6.2 tchar. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    private static boolean equalsIgnoreCase(MemorySegment segment, long p, int length, byte[] lowerCase) {
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
