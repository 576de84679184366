package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Response heads by hand: the fields kept, the framing read, one case per malformation. */
class HttpResponseParserTest {
    private final HttpResponseParser parser = new HttpResponseParser();
    private final HttpResponse response = new HttpResponse();

    private int parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, response);
    }

    @Test
    void shouldReadTheStatusLineAndTheHeadersReported() {
        String head = "HTTP/1.0 404 Not Found Here\r\nServer: nginx\r\nServer: other\r\n"
                + "content-type:  Text/HTML ;q=1\r\nContent-Length: 42\r\n\r\nbody";
        assertEquals(ParseStatus.COMPLETE, parse(head));
        assertEquals(404, response.statusCode());
        assertEquals("Not Found Here", response.reason());
        assertEquals(0, response.versionMinor());
        assertEquals("nginx", response.server(), "the first copy");
        assertEquals("Text/HTML ;q=1", response.contentType());
        assertEquals("text/html", response.mimeType());
        assertEquals(42, response.contentLength());
        assertEquals(head.length() - 4, response.headLength());
        assertFalse(response.chunked());
        assertFalse(response.interim());
    }

    @Test
    void shouldAcceptAnEmptyOrMissingReasonAndBareLineFeeds() {
        assertEquals(ParseStatus.COMPLETE, parse("HTTP/1.1 204 \n\n"));
        assertEquals("", response.reason());
        assertEquals(ParseStatus.COMPLETE, parse("HTTP/1.1 100\r\n\r\n"));
        assertEquals(100, response.statusCode());
        assertTrue(response.interim());
        assertNull(response.mimeType());
    }

    @Test
    void shouldReadAHeaderWithWhitespaceBeforeItsColonAsAProxyWould() {
        assertEquals(ParseStatus.COMPLETE, parse("HTTP/1.1 200 OK\r\nTransfer-Encoding : chunked\r\n\r\n"));
        assertTrue(response.chunked());
    }

    @Test
    void shouldWaitForTheEndOfTheHeadAndTellOtherProtocolsApart() {
        assertEquals(ParseStatus.NEED_MORE_DATA, parse("HTT"));
        assertEquals(ParseStatus.NEED_MORE_DATA, parse("HTTP/1.1 200 OK\r\nServer: x\r\n"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("HEAD / HTTP/1.1\r\n\r\n"));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("RTSP/1.0 200 OK\r\n\r\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 20 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1.1 2x0 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1.1 099 Low\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1.1 2000 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1.1  200 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/2.0 200 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1x1 200 OK\\r\\n\\r\\n|HTTP_BAD_STATUS_LINE",
        "HTTP/1.1 200 OK\\r\\nno colon\\r\\n\\r\\n|HTTP_BAD_HEADER",
    })
    void shouldNameEachBrokenRule(String head, String reason) {
        assertEquals(ParseStatus.MALFORMED, parse(head.replace("\\r\\n", "\r\n")));
        assertEquals(Malformation.valueOf(reason), response.malformation());
    }

    @Test
    void shouldCapTheHead() {
        String endless = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpFields.MAX_HEAD_LENGTH / 6 + 1);
        assertEquals(ParseStatus.MALFORMED, parse(endless));
        assertEquals(Malformation.HTTP_HEAD_TOO_LONG, response.malformation());
    }

    @Test
    void shouldNameBrokenFramingOnACompleteHead() {
        assertEquals(ParseStatus.COMPLETE, parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(Malformation.HTTP_CONTENT_LENGTH_CONFLICT, response.malformation());
        assertEquals(ParseStatus.COMPLETE, parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 2\r\n\r\n"));
        assertEquals(Malformation.HTTP_CHUNKED_WITH_CONTENT_LENGTH, response.malformation());
    }
}
