package io.netzer.app;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Decodes the head of an HTTP/1.x response at the start of the bytes given (RFC 9112 section 4): the status line,
 * then header lines up to the empty line, with the line rules of {@link HttpRequestParser}. Stateless and
 * allocation-free; where the body ends is the caller's business (it depends on the request: RFC 9112 section 6.3).
 *
 * <pre>
 * status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF
 * status-code = 3DIGIT
 * </pre>
 * A status line without the space after the code is accepted, as common clients do.
 */
public final class HttpResponseParser {
    private static final int STATUS_CODE_DIGITS = 3;

    /**
     * Decodes one response head.
     *
     * @param segment memory holding the server stream
     * @param offset  where the response starts
     * @param length  bytes available from there
     * @param out     reused result
     * @return COMPLETE, NEED_MORE_DATA until the empty line arrives, NOT_THIS_PROTOCOL when the bytes do not start
     *         with {@code HTTP/}, MALFORMED with {@code out.malformation()}
     */
    public int parse(MemorySegment segment, long offset, int length, HttpResponse out) {
        out.reset();
        if (!HttpFields.startsVersion(segment, offset, length)) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        long end = offset + Math.min(length, HttpFields.MAX_HEAD_LENGTH);
        long headEnd = HttpFields.findHeadEnd(segment, offset, end);
        if (headEnd < 0) {
            return length >= HttpFields.MAX_HEAD_LENGTH ? ParseResult.malformed(out, Malformation.HTTP_HEAD_TOO_LONG)
                    : ParseStatus.NEED_MORE_DATA;
        }
        out.headLength = (int) (headEnd - offset);
        long lineEnd = HttpFields.lineEnd(segment, offset, headEnd);
        int status = statusLine(segment, offset, HttpFields.trimCr(segment, offset, lineEnd), out);
        if (status != ParseStatus.COMPLETE) {
            return status;
        }
        return HttpFields.headers(segment, lineEnd + 1, headEnd, out);
    }

    /** Parses the status line from {@code p}; {@code end} excludes the line end. */
    private static int statusLine(MemorySegment segment, long p, long end, HttpResponse out) {
        long code = p + HttpFields.VERSION_LENGTH + 1;
        if (code + STATUS_CODE_DIGITS > end || !HttpFields.version(segment, p, out)
                || Wire.u8(segment, code - 1) != ' ') {
            return ParseResult.malformed(out, Malformation.HTTP_BAD_STATUS_LINE);
        }
        int value = 0;
        for (int i = 0; i < STATUS_CODE_DIGITS; i++) {
            int digit = Wire.u8(segment, code + i) - '0';
            if (digit < 0 || digit > 9) {
                return ParseResult.malformed(out, Malformation.HTTP_BAD_STATUS_LINE);
            }
            value = value * 10 + digit;
        }
        long reason = code + STATUS_CODE_DIGITS;
        if (value < 100 || reason < end && Wire.u8(segment, reason) != ' ') {
            return ParseResult.malformed(out, Malformation.HTTP_BAD_STATUS_LINE);
        }
        out.statusCode = value;
        long from = Math.min(reason + 1, end);
        out.reasonLength = (int) (end - from);
        out.reasonOffset = out.keep(segment, from, out.reasonLength);
        return ParseStatus.COMPLETE;
    }
}
