package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.app.DnsTransactions;
import io.netzer.pipeline.EventContext;
import io.netzer.testing.FlowContexts;
import io.netzer.testing.FlowFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The ECS {@code dns.*} members of a DNS event, and the response time of a response paired with its query
 * ({@code event.duration} in NDJSON, {@code time N ms} on the text line).
 */
class DnsEventNdjsonTest {
    /** A query for example.com AAAA with RD and CD set, and an OPT record with DO. */
    private static final String QUERY = "1234 0110 0001 0000 0000 0001 076578616d706c6503636f6d00 001c 0001"
            + " 00 0029 1000 00 00 8000 0000";
    /** Its response: AA, RD, RA, AD; an AAAA answer and a CNAME-free A answer; the same OPT record. */
    private static final String RESPONSE = "1234 85a0 0001 0002 0000 0001 076578616d706c6503636f6d00 001c 0001"
            + " c00c 001c 0001 0000003c 0010 20010db8000000000000000000000001"
            + " c00c 0001 0001 0000003c 0004 c0000201"
            + " 00 0029 1000 00 00 8000 0000";

    private final ObjectMapper json = new ObjectMapper();
    private final DnsMessageParser parser = new DnsMessageParser();
    private final DnsTransactions transactions = new DnsTransactions();

    @Test
    void shouldWriteTheEcsDnsFieldsOfAQuery() throws IOException {
        JsonNode event = event(QUERY, 1_000_000_000L);
        JsonNode dns = event.path("dns");
        assertEquals("4660", dns.path("id").textValue(), "dns.id is an ECS keyword");
        assertEquals("query", dns.path("type").asText());
        assertEquals("QUERY", dns.path("op_code").asText());
        assertEquals("[\"RD\",\"CD\",\"DO\"]", dns.path("header_flags").toString());
        assertEquals("IN", dns.path("question").path("class").asText());
        assertEquals("AAAA", dns.path("question").path("type").asText());
        assertFalse(dns.has("resolved_ip"));
        assertFalse(event.path("event").has("duration"));
    }

    @Test
    void shouldWriteTheResolvedAddressesAndTheResponseTimeOfAnAnswer() throws IOException {
        event(QUERY, 1_000_000_000L);
        JsonNode event = event(RESPONSE, 1_012_345_678L);
        JsonNode dns = event.path("dns");
        assertEquals("[\"AA\",\"RD\",\"RA\",\"AD\",\"DO\"]", dns.path("header_flags").toString());
        assertEquals("[\"2001:db8::1\",\"192.0.2.1\"]", dns.path("resolved_ip").toString());
        assertEquals(12_345_678L, event.path("event").path("duration").longValue());
        assertEquals("netzer.dns", event.path("event").path("dataset").asText());
    }

    @Test
    void shouldShowTheResponseTimeOnTheTextLineOfAnAnswer() throws IOException {
        parsed(QUERY, 1_000_000_000L);
        DnsMessage answer = parsed(RESPONSE, 1_012_345_678L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextPacketSink text = new TextPacketSink(out, false, false, false, 0, false, false);
        text.dns(dnsFlow(1_012_345_678L), null, answer);
        text.flush();
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith(
                "answer 4660 NOERROR AAAA example.com: AAAA 2001:db8::1, A 192.0.2.1 time 12.345 ms\n"), line);
    }

    private DnsMessage parsed(String hex, long nanos) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        DnsMessage message = new DnsMessage();
        parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, message);
        transactions.observe(1, message.isResponse() ? 1 : 0, message, nanos);
        return message;
    }

    private JsonNode event(String hex, long nanos) throws IOException {
        DnsMessage message = parsed(hex, nanos);
        EventContext context = dnsFlow(nanos);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(out, "h", index -> null, false, null);
        new NdjsonEventSink(lines).dns(context, null, message);
        lines.flush();
        return json.readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** A DNS message from 192.0.2.1:40000 to 192.0.2.53:53 at {@code nanos}. */
    private static EventContext dnsFlow(long nanos) {
        FlowFrames.Endpoints dns = FlowFrames.Endpoints.ipv4(0xc0000201, 40000, 0xc0000235, 53);
        return FlowContexts.of(FlowFrames.udp(dns, true, new byte[0]), nanos);
    }
}
