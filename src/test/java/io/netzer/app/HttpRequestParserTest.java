package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {
    private static final String GET = "GET /index.html?lang=en HTTP/1.1\r\n"
            + "host:  www.example.com \r\n"
            + "User-Agent: curl/8.5.0\r\n"
            + "Accept: */*\r\n"
            + "\r\n";

    private final HttpRequestParser parser = new HttpRequestParser();
    private final HttpRequest request = new HttpRequest();

    @Test
    void shouldDecodeRequestLineHostAndUserAgent() {
        assertEquals(ParseStatus.COMPLETE, parse(GET));

        assertEquals("GET", request.method());
        assertEquals("/index.html?lang=en", request.target());
        assertEquals("/index.html", request.path());
        assertEquals(1, request.versionMajor());
        assertEquals(1, request.versionMinor());
        assertEquals("www.example.com", request.host());
        assertEquals("curl/8.5.0", request.userAgent());
        assertEquals(GET.length(), request.headLength());
        assertEquals(GET.length(), request.nextRequestOffset());
    }

    @Test
    void shouldAskForMoreDataUntilTheEmptyLine() {
        byte[] bytes = GET.getBytes(StandardCharsets.US_ASCII);
        for (int length = 0; length < bytes.length; length++) {
            assertEquals(ParseStatus.NEED_MORE_DATA,
                    parser.parse(MemorySegment.ofArray(bytes), 0, length, request), "prefix " + length);
        }
    }

    @Test
    void shouldFindPipelinedRequestsOneAfterAnother() {
        String post = "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nx=1&y";
        String stream = GET + post + "HEAD / HTTP/1.0\nHost: b\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        MemorySegment segment = MemorySegment.ofArray(bytes);

        long offset = 0;
        StringBuilder seen = new StringBuilder();
        while (offset < bytes.length) {
            assertEquals(ParseStatus.COMPLETE, parser.parse(segment, offset, (int) (bytes.length - offset), request));
            seen.append(request.method()).append(' ').append(request.host()).append(';');
            offset += request.nextRequestOffset();
        }
        assertEquals("GET www.example.com;POST a;HEAD b;", seen.toString());
    }

    @Test
    void shouldReportAnUnknownNextOffsetForChunkedBodies() {
        assertEquals(ParseStatus.COMPLETE, parse("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"));
        assertTrue(request.chunked());
        assertEquals(-1, request.nextRequestOffset());
    }

    @Test
    void shouldReadFoldedLinesAsPartOfTheHeaderBefore() {
        assertEquals(ParseStatus.COMPLETE, parse("GET / HTTP/1.1\r\nX-Long: a\r\n  b\r\nHost: h\r\n\r\n"));
        assertEquals("h", request.host());
        assertNull(request.userAgent());
        assertFalse(request.chunked());
    }

    @Test
    void shouldSayNotThisProtocolForOtherStreams() {
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("\u0016\u0003\u0001\u0002\u0000"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("SSH-2.0-OpenSSH_9.6\r\n"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("DESCRIBE rtsp://cam/1 RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("A".repeat(HttpRequestParser.MAX_METHOD_LENGTH + 1)
                + " / HTTP/1.1\r\n\r\n"));
    }

    @Test
    void shouldRejectAHeadLongerThanTheCap() {
        String head = "GET / HTTP/1.1\r\nX-Filler: " + "a".repeat(HttpRequestParser.MAX_HEAD_LENGTH) + "\r\n\r\n";
        assertMalformed(Malformation.HTTP_HEAD_TOO_LONG, head);
        assertMalformed(Malformation.HTTP_HEAD_TOO_LONG, "GET /" + "a".repeat(HttpRequestParser.MAX_HEAD_LENGTH));
    }

    @Test
    void shouldRejectARequestLineWithoutTarget() {
        assertMalformed(Malformation.HTTP_BAD_REQUEST_LINE, "GET  HTTP/1.1\r\n\r\n");
    }

    @Test
    void shouldRejectARequestLineWithoutVersion() {
        assertMalformed(Malformation.HTTP_BAD_REQUEST_LINE, "GET /\r\n\r\n");
    }

    @Test
    void shouldRejectABadVersionNumber() {
        assertMalformed(Malformation.HTTP_BAD_REQUEST_LINE, "GET / HTTP/1-1\r\n\r\n");
    }

    @Test
    void shouldRejectAHeaderLineWithoutColon() {
        assertMalformed(Malformation.HTTP_BAD_HEADER, "GET / HTTP/1.1\r\nHost www.example.com\r\n\r\n");
    }

    @Test
    void shouldRejectAHeaderWithAnEmptyName() {
        assertMalformed(Malformation.HTTP_BAD_HEADER, "GET / HTTP/1.1\r\n: value\r\n\r\n");
    }

    @Test
    void shouldReadARequestWhoseContentLengthIsNotANumberAndNameTheFlaw() {
        assertFramingFlaw(Malformation.HTTP_BAD_CONTENT_LENGTH, "POST / HTTP/1.1\r\nContent-Length: 12a\r\n\r\n");
        assertFramingFlaw(Malformation.HTTP_BAD_CONTENT_LENGTH, "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
        assertFramingFlaw(Malformation.HTTP_BAD_CONTENT_LENGTH, "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n");
    }

    @Test
    void shouldReadARequestWhoseContentLengthIsTooLargeAndNameTheFlaw() {
        assertFramingFlaw(Malformation.HTTP_CONTENT_LENGTH_TOO_LARGE,
                "POST / HTTP/1.1\r\nContent-Length: " + "9".repeat(19) + "\r\n\r\n");
    }

    @Test
    void shouldReadARequestWhoseContentLengthsDisagreeAndNameTheFlaw() {
        assertFramingFlaw(Malformation.HTTP_CONTENT_LENGTH_CONFLICT,
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
    }

    @Test
    void shouldReadARequestWithChunkedAndContentLengthAndNameTheFlaw() {
        assertFramingFlaw(Malformation.HTTP_CHUNKED_WITH_CONTENT_LENGTH,
                "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void shouldAcceptContentLengthsThatAgree() {
        assertEquals(ParseStatus.name(ParseStatus.COMPLETE),
                ParseStatus.name(parse("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")));
        assertEquals(Malformation.NONE, request.malformation());
        assertEquals(3, request.contentLength());
    }

    private void assertFramingFlaw(Malformation expected, String text) {
        assertEquals(ParseStatus.name(ParseStatus.COMPLETE), ParseStatus.name(parse(text)));
        assertEquals(expected, request.malformation());
        assertEquals("POST", request.method());
        assertEquals(-1, request.nextRequestOffset());
    }

    private void assertMalformed(Malformation expected, String text) {
        assertEquals(ParseStatus.name(ParseStatus.MALFORMED), ParseStatus.name(parse(text)));
        assertEquals(expected, request.malformation());
    }

    private int parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, request);
    }
}
