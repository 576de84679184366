package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * The TLS, DNS and HTTP parsers must not allocate in steady state: after warm-up, many calls together allocate
 * less than one byte per call (measured with the JVM's per-thread allocation counter).
 */
class ZeroAllocationTest {
    private static final int WARM_UP_CALLS = 50_000;
    private static final int MEASURED_CALLS = 200_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldParseClientHellosWithoutAllocating() {
        ClientHelloParser parser = new ClientHelloParser();
        ClientHello hello = new ClientHello();
        byte[] oneRecord = Hex.bytes(ClientHelloParserTest.HAND_BUILT_HELLO);
        byte[] twoRecords = ClientHelloParserTest.twoRecords(new HelloBuilder().serverName("a.example")
                .alpn("h2").supportedVersions(0x0304).signatureAlgorithms(0x0403).handshake(), 40);
        MemorySegment first = MemorySegment.ofArray(oneRecord);
        MemorySegment second = MemorySegment.ofArray(twoRecords);
        assertAllocationFree(() -> parser.parse(first, 0, oneRecord.length, hello)
                + parser.parse(second, 0, twoRecords.length, hello));
        assertEquals(ParseStatus.COMPLETE, parser.parse(second, 0, twoRecords.length, hello));
    }

    @Test
    void shouldParseDnsMessagesWithoutAllocating() {
        DnsMessageParser parser = new DnsMessageParser();
        DnsMessage message = new DnsMessage();
        byte[] response = Hex.bytes(DnsMessageParserTest.RESPONSE);
        MemorySegment segment = MemorySegment.ofArray(response);
        assertAllocationFree(() -> parser.parse(segment, 0, response.length, message));
        assertEquals(6, message.answersStored());
    }

    @Test
    void shouldParseHttpRequestsWithoutAllocating() {
        HttpRequestParser parser = new HttpRequestParser();
        HttpRequest request = new HttpRequest();
        byte[] head = ("GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1.0\r\n"
                + "Accept: */*\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        MemorySegment segment = MemorySegment.ofArray(head);
        assertAllocationFree(() -> parser.parse(segment, 0, head.length, request));
        assertEquals("example.com", request.host());
    }

    @Test
    void shouldParseHttpResponsesWithoutAllocating() {
        HttpResponseParser parser = new HttpResponseParser();
        HttpResponse response = new HttpResponse();
        byte[] head = ("HTTP/1.1 200 OK\r\nServer: test/1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        MemorySegment segment = MemorySegment.ofArray(head);
        assertAllocationFree(() -> parser.parse(segment, 0, head.length, response));
        assertEquals("text/html", response.mimeType());
    }

    private void assertAllocationFree(IntSupplier call) {
        int sink = 0;
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sink += call.getAsInt();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_CALLS; i++) {
            sink += call.getAsInt();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink >= 0);
        assertTrue(allocated < MEASURED_CALLS,
                "allocated " + allocated + " bytes over " + MEASURED_CALLS + " calls (expected < 1 byte per call)");
    }
}
