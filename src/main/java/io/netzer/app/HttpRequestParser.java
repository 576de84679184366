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
 * </pre>
 * The shared syntax (version, header lines, body framing) is {@link HttpFields}'.
 */
public final class HttpRequestParser {
    /** Longest head accepted, as common servers do (8 KiB); a longer one is {@link Malformation#HTTP_HEAD_TOO_LONG}. */
    public static final int MAX_HEAD_LENGTH = HttpFields.MAX_HEAD_LENGTH;
    /** Longest method: standard and extension methods are short words. */
    public static final int MAX_METHOD_LENGTH = 32;

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
        while (p < end && HttpFields.isTokenChar(Wire.u8(segment, p)) && p - offset < MAX_METHOD_LENGTH) {
            p++;
        }
        if (p == end) {
            return length >= MAX_HEAD_LENGTH ? ParseResult.malformed(out, Malformation.HTTP_HEAD_TOO_LONG)
                    : ParseStatus.NEED_MORE_DATA;
        }
        if (p == offset || Wire.u8(segment, p) != ' ') {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        long headEnd = HttpFields.findHeadEnd(segment, p, end);
        if (headEnd < 0) {
            return length >= MAX_HEAD_LENGTH ? ParseResult.malformed(out, Malformation.HTTP_HEAD_TOO_LONG)
                    : ParseStatus.NEED_MORE_DATA;
        }
        out.headLength = (int) (headEnd - offset);
        out.methodLength = (int) (p - offset);
        out.methodOffset = out.keep(segment, offset, out.methodLength);
        long lineEnd = HttpFields.lineEnd(segment, p, headEnd);
        int status = requestLine(segment, p + 1, HttpFields.trimCr(segment, p, lineEnd), out);
        if (status != ParseStatus.COMPLETE) {
            return status;
        }
        return HttpFields.headers(segment, lineEnd + 1, headEnd, out);
    }

    /** Parses {@code SP request-target SP HTTP-version} after the method; {@code end} excludes the line end. */
    private static int requestLine(MemorySegment segment, long p, long end, HttpRequest out) {
        long target = p;
        while (p < end && Wire.u8(segment, p) > ' ') {
            p++;
        }
        if (p == target || p + 1 + HttpFields.VERSION_LENGTH != end || Wire.u8(segment, p) != ' ') {
            return ParseResult.malformed(out, Malformation.HTTP_BAD_REQUEST_LINE);
        }
        long version = p + 1;
        if (!HttpFields.startsVersion(segment, version, HttpFields.VERSION_LENGTH)) {
            // RTSP/1.0, SIP/2.0 and the like share the request line shape but are other protocols.
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        int major = Wire.u8(segment, version + HttpFields.VERSION_PREFIX.length) - '0';
        if (major >= 2 && major <= 9) {
            // "PRI * HTTP/2.0", the HTTP/2 connection preface (RFC 9113 section 3.4).
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        if (!HttpFields.version(segment, version, out)) {
            return ParseResult.malformed(out, Malformation.HTTP_BAD_REQUEST_LINE);
        }
        out.targetLength = (int) (p - target);
        out.targetOffset = out.keep(segment, target, out.targetLength);
        return ParseStatus.COMPLETE;
    }
}
