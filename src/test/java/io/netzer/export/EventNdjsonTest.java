package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.HelloBuilder;
import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.app.HttpRequestParser;
import io.netzer.app.HttpResponse;
import io.netzer.app.HttpResponseParser;
import io.netzer.app.ParseStatus;
import io.netzer.app.TlsHandshake;
import io.netzer.pipeline.EventContext;
import io.netzer.testing.Corpus;
import io.netzer.testing.FlowContexts;
import io.netzer.testing.FlowFrames;
import io.netzer.testing.NetzerCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Flow, TLS, DNS and HTTP events as NDJSON: every line over the whole corpus is JSON with only the field names of
 * DESIGN.md (per dataset), no empty or null value for an absent field; wire strings that are not UTF-8 or hold
 * control characters are escaped, never dropped and never breaking the line.
 */
class EventNdjsonTest {
    private static final Set<String> COMMON = Set.of("@timestamp", "ecs.version", "event.dataset", "event.kind",
            "event.category", "event.type", "event.action", "related.ip", "observer.hostname",
            "observer.ingress.interface.name", "source.ip", "source.port", "destination.ip", "destination.port",
            "network.transport", "network.iana_number", "network.protocol", "network.community_id",
            "netzer.tunnel.type", "netzer.tunnel.source.ip", "netzer.tunnel.source.port",
            "netzer.tunnel.destination.ip", "netzer.tunnel.destination.port", "netzer.tunnel.vni",
            "netzer.tunnel.key", "netzer.tunnel.depth");
    private static final Map<String, Set<String>> DATASET_FIELDS = Map.of(
            "netzer.tls", Set.of("tls.client.server_name", "tls.client.supported_versions", "tls.client.alpn",
                    "tls.client.ja4", "tls.client.ja3", "tls.version", "tls.version_protocol", "tls.cipher",
                    "tls.established", "tls.next_protocol", "tls.server.ja3s", "netzer.tls.ja4s",
                    "tls.server.subject", "tls.server.issuer", "tls.server.hash.sha256",
                    "tls.server.x509.subject.common_name", "tls.server.x509.issuer.common_name",
                    "tls.server.x509.alternative_names", "tls.server.x509.not_before", "tls.server.x509.not_after",
                    "tls.server.x509.serial_number", "netzer.tls.encrypted_client_hello",
                    "netzer.tls.hello_retry_request"),
            "netzer.dns", Set.of("dns.id", "dns.type", "dns.op_code", "dns.header_flags", "dns.question.name",
                    "dns.question.type", "dns.question.class", "dns.response_code", "dns.answers.name",
                    "dns.answers.type", "dns.answers.class", "dns.answers.ttl", "dns.answers.data", "dns.resolved_ip",
                    "event.duration"),
            "netzer.http", Set.of("http.request.method", "http.request.body.bytes", "http.response.status_code",
                    "http.response.mime_type", "http.response.body.bytes", "http.version", "url.domain", "url.port",
                    "url.path", "url.query", "url.original", "user_agent.original", "netzer.http.malformation",
                    "netzer.http.response.reason", "netzer.http.response.server",
                    "netzer.http.response.malformation"),
            "netzer.flow", Set.of("event.start", "event.end", "event.duration", "source.bytes", "source.packets",
                    "destination.bytes", "destination.packets", "network.bytes", "network.packets",
                    "network.vlan.id", "netzer.flow.state", "netzer.flow.end_reason", "netzer.icmp.type",
                    "netzer.icmp.code"));

    private static final FlowFrames.Endpoints CLIENT_TO_SERVER =
            FlowFrames.Endpoints.ipv4(0xc0000201, 40000, 0xc6336402, 443);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldWriteOnlyDesignFieldsAsJsonOnEveryLineOverTheCorpus() throws IOException {
        Map<String, Integer> perDataset = new HashMap<>();
        for (Path file : Corpus.readableFiles()) {
            NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", "flow,tls,dns,http",
                    "--json");
            assertEquals(0, result.exitCode(), file + ": " + result.stderr());
            int number = 0;
            for (String line : result.stdoutText().split("\n", -1)) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String where = file.getFileName() + " line " + number + ": " + line;
                JsonNode event = json.readTree(line);
                String dataset = event.path("event").path("dataset").asText();
                assertTrue(DATASET_FIELDS.containsKey(dataset), "unexpected dataset in " + where);
                perDataset.merge(dataset, 1, Integer::sum);
                Set<String> fields = new TreeSet<>();
                leaves(event, "", fields, where);
                for (String field : fields) {
                    assertTrue(COMMON.contains(field) || DATASET_FIELDS.get(dataset).contains(field),
                            "field " + field + " not in DESIGN.md for " + dataset + ": " + where);
                }
                assertTrue(fields.contains("@timestamp") && fields.contains("observer.hostname"), where);
            }
        }
        for (String dataset : DATASET_FIELDS.keySet()) {
            assertTrue(perDataset.getOrDefault(dataset, 0) > 0, "no " + dataset + " event over the corpus");
        }
    }

    @Test
    void shouldEscapeAServerNameThatIsNotUtf8AndHoldsControlCharacters() throws IOException {
        byte[] name = {'a', (byte) 0xff, '"', '\\', '\n', 0x1b, '[', '3', '1', 'm', (byte) 0xc3, (byte) 0xa9, 0};
        ClientHello hello = parse(new HelloBuilder().serverName(name).record());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(out, "host\"1", index -> null, false, null);
        new NdjsonEventSink(lines).tls(context(), null, handshake(hello));
        lines.flush();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.split("\n", -1).length - 1, "one line: " + text);
        JsonNode event = json.readTree(text);
        // EscapedText: the invalid byte becomes \xff and the backslash is doubled; JSON then escapes the rest.
        assertEquals("a\\xff\"\\\\\n\u001b[31mé\u0000", event.path("tls").path("client").path("server_name").asText());
        assertEquals("host\"1", event.path("observer").path("hostname").asText());
        assertFalse(text.contains("\u001b"), "a raw escape character in the line");
    }

    @Test
    void shouldShowControlCharactersEscapedInTheTextLine() throws IOException {
        byte[] name = {'x', '\n', 0x1b, (byte) 0x9b, (byte) 0xfe};
        ClientHello hello = parse(new HelloBuilder().serverName(name).record());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextPacketSink sink = new TextPacketSink(out, false, false, false, 0, false, false);
        sink.tls(context(), null, handshake(hello));
        sink.flush();
        String text = out.toString(StandardCharsets.UTF_8);
        // The newline and ESC are control characters (escaped by the text sink); 0x9b and 0xfe are not UTF-8
        // (escaped by EscapedText).
        assertTrue(text.endsWith("sni x\\x0a\\x1b\\x9b\\xfe ja4 t13d0000_000000000000_000000000000\n"), text);
        assertEquals(1, text.split("\n", -1).length - 1, "one line: " + text);
        assertTrue(text.startsWith("00:00:01.000000 TLS   192.0.2.1.40000       > 198.51.100.2.443      "), text);
    }

    /** A handshake of a hello alone, as written when no server answered, with placeholder fingerprints. */
    private static TlsHandshake handshake(ClientHello hello) {
        TlsHandshake handshake = new TlsHandshake(hello).begin(false);
        handshake.fingerprints("t13d0000_000000000000_000000000000", "00000000000000000000000000000000", null, null,
                null);
        return handshake;
    }

    @Test
    void shouldNameTheBrokenBodyFramingOfARequestInItsEvent() throws IOException {
        byte[] head = "POST /up HTTP/1.1\r\nHost: cl.example\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = new HttpRequest();
        assertEquals(ParseStatus.COMPLETE,
                new HttpRequestParser().parse(MemorySegment.ofArray(head), 0, head.length, request));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(out, "h", index -> null, false, null);
        HttpExchange exchange = HttpExchange.request(request, 1_000_000_000L);
        new NdjsonEventSink(lines).http(context(), null, exchange);
        lines.flush();
        JsonNode event = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("http_content_length_conflict", event.path("netzer").path("http").path("malformation").asText());
        assertEquals("POST", event.path("http").path("request").path("method").asText());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TextPacketSink textSink = new TextPacketSink(text, false, false, false, 0, false, false);
        textSink.http(context(), null, exchange);
        textSink.flush();
        assertTrue(text.toString(StandardCharsets.UTF_8).endsWith(
                "POST cl.example /up HTTP/1.1 - malformed http_content_length_conflict\n"), text.toString());
    }

    /** A GET answered by a 404 with a Server header and a body of 12 bytes. */
    private static HttpExchange answeredExchange() {
        byte[] head = "GET /search?q=a%20b&lang=en HTTP/1.1\r\nHost: [::1]:8080\r\nUser-Agent: t/1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] answer = "HTTP/1.1 404 Not Found\r\nServer: s/2\r\nContent-Type: Text/HTML; charset=utf-8\r\n"
                .concat("Content-Length: 12\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = new HttpRequest();
        assertEquals(ParseStatus.COMPLETE,
                new HttpRequestParser().parse(MemorySegment.ofArray(head), 0, head.length, request));
        HttpResponse response = new HttpResponse();
        assertEquals(ParseStatus.COMPLETE,
                new HttpResponseParser().parse(MemorySegment.ofArray(answer), 0, answer.length, response));
        HttpExchange exchange = HttpExchange.request(request, 1_000_000_000L);
        exchange.answer(response);
        return exchange;
    }

    @Test
    void shouldWriteTheEventsOwnNetzerMembersAndItsTunnelInOneNetzerObject() throws IOException {
        // The flow of context(), in GRE with key 7 from 192.168.0.1 to 192.168.0.2.
        EventContext context = FlowContexts.of(FlowContexts.overGre(FlowFrames.tcp(CLIENT_TO_SERVER, true, 1, 0,
                FlowFrames.SYN, new byte[0]), 0xc0a80001, 0xc0a80002, 7), 1_000_000_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(out, "h", index -> null, false, null);
        new NdjsonEventSink(lines).http(context, null, answeredExchange());
        lines.flush();
        String line = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, line.split("\"netzer\":", -1).length - 1, "one netzer member: " + line);
        JsonNode netzer = json.readTree(line).path("netzer");
        assertEquals("Not Found", netzer.path("http").path("response").path("reason").asText());
        assertEquals("gre", netzer.path("tunnel").path("type").asText());
        assertEquals("192.168.0.2", netzer.path("tunnel").path("destination").path("ip").asText());
        assertEquals(7, netzer.path("tunnel").path("key").asInt());
    }

    @Test
    void shouldWriteTheRequestAndItsResponseInOneEventWithTheUrlAsEcsSplitsIt() throws IOException {
        HttpExchange exchange = answeredExchange();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(out, "h", index -> null, false, null);
        new NdjsonEventSink(lines).http(context(), null, exchange);
        lines.flush();
        JsonNode event = json.readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode url = event.path("url");
        assertEquals("/search?q=a%20b&lang=en", url.path("original").asText());
        assertEquals("/search", url.path("path").asText());
        assertEquals("q=a%20b&lang=en", url.path("query").asText(), "without the ?");
        assertEquals("[::1]", url.path("domain").asText(), "an IPv6 literal keeps its brackets, as ECS says");
        assertEquals(8080, url.path("port").asInt());
        JsonNode http = event.path("http");
        assertEquals("GET", http.path("request").path("method").asText());
        assertEquals(404, http.path("response").path("status_code").asInt());
        assertEquals("text/html", http.path("response").path("mime_type").asText());
        assertEquals(12, http.path("response").path("body").path("bytes").asLong());
        assertEquals("1.1", http.path("version").asText());
        assertEquals("Not Found", event.path("netzer").path("http").path("response").path("reason").asText());
        assertEquals("s/2", event.path("netzer").path("http").path("response").path("server").asText());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TextPacketSink textSink = new TextPacketSink(text, false, false, false, 0, false, false);
        textSink.http(context(), null, exchange);
        textSink.flush();
        assertTrue(text.toString(StandardCharsets.UTF_8).endsWith(
                "GET [::1]:8080 /search?q=a%20b&lang=en HTTP/1.1 404 Not Found text/html 12 bytes ua t/1\n"),
                text.toString());
    }

    private static ClientHello parse(byte[] record) {
        ClientHello hello = new ClientHello();
        int status = new ClientHelloParser().parse(MemorySegment.ofArray(record), 0, record.length, hello);
        assertEquals(ParseStatus.COMPLETE, status);
        return hello;
    }

    /** A TCP message from 192.0.2.1:40000 to 198.51.100.2:443. */
    private static EventContext context() {
        return FlowContexts.of(FlowFrames.tcp(CLIENT_TO_SERVER, true, 1, 0, FlowFrames.SYN, new byte[0]),
                1_000_000_000L);
    }

    /** Collects the dotted names of the leaves (array elements share their array's name); no empty values. */
    private static void leaves(JsonNode node, String path, Set<String> out, String where) {
        if (node.isObject()) {
            assertTrue(node.size() > 0, "empty object " + path + " in " + where);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                leaves(member.getValue(), path.isEmpty() ? member.getKey() : path + "." + member.getKey(), out, where);
            }
        } else if (node.isArray()) {
            assertTrue(node.size() > 0, "empty array " + path + " in " + where);
            node.forEach(element -> leaves(element, path, out, where));
        } else {
            assertFalse(node.isNull(), "null " + path + " in " + where);
            assertFalse(node.isTextual() && node.asText().isEmpty(), "empty string " + path + " in " + where);
            out.add(path);
        }
    }
}
