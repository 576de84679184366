package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * HTTP exchanges against tshark over every capture of the corpus with HTTP over TCP: each request tshark decodes
 * ({@code http.request.method}, {@code http.request.uri}) paired with the response that names it in
 * {@code http.request_in} ({@code http.response.code}, the media type of {@code http.content_type}) must be one
 * NetZer event with the same method, target, status code and media type on the same flow; a request tshark leaves
 * unanswered must be an event without response. 1xx interim responses (but 101) are not events, as in Zeek. A
 * difference fails the test unless {@link #KNOWN} names it with the reason. tshark's output is cached under target/
 * ({@link TsharkFields}).
 */
class HttpTsharkTest {
    private static final Path CACHE = Path.of("target", "http-oracle-cache");
    private static final List<String> FIELDS = List.of("frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
            "tcp.srcport", "tcp.dstport", "http.request.method", "http.request.uri", "http.response.code",
            "http.content_type", "http.request_in");
    private static final String FILTER = "tcp && (http.request || http.response)";
    /**
     * Reassembly as NetZer's (out-of-order segments too), and a response as soon as its head is complete (NetZer
     * writes it then), not after a body that may never end.
     */
    private static final List<String> OPTIONS = List.of("-o", "tcp.desegment_tcp_streams:TRUE",
            "-o", "tcp.reassemble_out_of_order:TRUE", "-o", "http.desegment_body:FALSE");

    /** Differences from tshark, as {@code file: exchange}, with the reason, each checked by reading the packets. */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55195 > 212.199.219.232.80 | - -> 200"
                    + " application/ocsp-response",
                    "the client's keep-alive probes (frames 1415, 3802: one old byte at seq 434) make tshark mark the"
                            + " second POST /ocsp (frame 3856) as illegal segments, so its response (frame 3928)"
                            + " stays unpaired; NetZer drops the old byte as a retransmission and pairs them"),
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55195 > 212.199.219.232.80 | POST /ocsp -> 200"
                    + " application/ocsp-response", "the other side of the same pair"),
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55223 > 212.199.202.53.80 | GET /scripts/xnet.js -> -",
                    "tshark takes the segment holding the response's head (frame 813) for more of the previous"
                            + " response's body: Info 'Continuation (application/x-javascript)', no status line"),
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55223 > 212.199.202.53.80 | GET /scripts/xnet.js -> 200"
                    + " application/x-javascript", "the other side of the same pair"),
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55262 > 212.199.202.53.80 | GET"
                    + " /bbcdotcom/0.3.296/script/av/emp/analytics.js -> -",
                    "as for 55223: frame 2664 starts the response (Info 'Continuation (application/javascript)')"),
            Map.entry("pcpp-many-protocols.pcap: 10.0.0.1.55262 > 212.199.202.53.80 | GET"
                    + " /bbcdotcom/0.3.296/script/av/emp/analytics.js -> 200 application/javascript",
                    "the other side of the same pair"),
            Map.entry("pcpp-pcapng-example.pcapng: 2404:138:4002:4000:230:48ff:fedd:53.50243 > 2404:6800:8004::68.80"
                    + " | - -> 200 -", "the response head is cut by the snap length (frame 139, 'Packet size limited"
                            + " during capture'): tshark reads its status line, NetZer's head never completes"),
            Map.entry("pcpp-unidirectional_tcp_stream_with_missing_packet.pcap: 10.0.0.1.61541 > 81.218.72.15.80 |"
                    + " POST /GetSearchMultipleSuggestions.ashx -> -", "a segment of the request is missing: tshark"
                            + " does not decode it, NetZer reads its head (before the gap) and writes it unanswered"));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldPairEveryRequestWithTheResponseTsharkPairsItWith() throws IOException, InterruptedException {
        Tools.require("tshark");
        Map<String, String> differences = new TreeMap<>();
        int checked = 0;
        int answered = 0;
        for (Path file : Corpus.readableFiles()) {
            List<String> expected = tsharkExchanges(file);
            if (expected.isEmpty()) {
                continue;
            }
            List<String> found = netzerExchanges(file);
            checked += expected.size();
            answered += (int) expected.stream().filter(e -> !e.endsWith("-> -")).count();
            for (String e : minus(expected, found)) {
                differences.put(file.getFileName() + ": " + e, "tshark only");
            }
            for (String e : minus(found, expected)) {
                differences.put(file.getFileName() + ": " + e, "NetZer only");
            }
        }
        differences.keySet().removeAll(KNOWN.keySet());
        System.out.printf("HTTP exchanges: %d checked against tshark, %d answered%n", checked, answered);
        assertTrue(checked > 200 && answered > 100, "too few exchanges: " + checked + ", answered " + answered);
        assertEquals(Map.of(), differences, "exchanges where NetZer and tshark differ");
    }

    private static List<String> minus(List<String> a, List<String> b) {
        List<String> rest = new ArrayList<>(a);
        for (String x : b) {
            rest.remove(x);
        }
        return rest;
    }

    /** NetZer's exchanges as {@code flow | METHOD target -> code mime}. */
    private List<String> netzerExchanges(Path file) throws IOException {
        NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", "http", "--json");
        assertEquals(0, result.exitCode(), file + ": " + result.stderr());
        List<String> exchanges = new ArrayList<>();
        for (String line : result.stdoutText().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode event = json.readTree(line);
            String flow = event.path("source").path("ip").asText() + "." + event.path("source").path("port").asText()
                    + " > " + event.path("destination").path("ip").asText() + "."
                    + event.path("destination").path("port").asText();
            JsonNode request = event.path("http").path("request");
            JsonNode response = event.path("http").path("response");
            String requestText = request.has("method")
                    ? request.path("method").asText() + " " + event.path("url").path("original").asText() : "-";
            String responseText = response.has("status_code") ? response.path("status_code").asText() + " "
                    + response.path("mime_type").asText("-") : "-";
            exchanges.add(flow + " | " + requestText + " -> " + responseText);
        }
        return exchanges;
    }

    /** tshark's exchanges, in the same form (the flow written from the client). */
    private static List<String> tsharkExchanges(Path file) throws IOException, InterruptedException {
        Map<String, ArrayDeque<String[]>> requestsByFrame = new HashMap<>();
        List<String[]> requests = new ArrayList<>();
        List<String[]> responses = new ArrayList<>();
        for (String line : TsharkFields.rows(CACHE, file, OPTIONS, FILTER, FIELDS)) {
            String[] f = (line + "\t".repeat(FIELDS.size())).split("\t", -1);
            String source = (f[1].isEmpty() ? f[2] : f[1]) + "." + f[5];
            String destination = (f[3].isEmpty() ? f[4] : f[3]) + "." + f[6];
            List<String> methods = TsharkFields.values(f[7]);
            List<String> uris = TsharkFields.values(f[8]);
            for (int i = 0; i < methods.size(); i++) {
                String[] request = {source + " > " + destination, methods.get(i) + " " + uris.get(i), null};
                requests.add(request);
                requestsByFrame.computeIfAbsent(f[0], k -> new ArrayDeque<>()).add(request);
            }
            List<String> codes = TsharkFields.values(f[9]);
            List<String> types = TsharkFields.values(f[10]);
            List<String> requestIn = TsharkFields.values(f[11]);
            for (int i = 0; i < codes.size(); i++) {
                int code = Integer.parseInt(codes.get(i));
                if (code >= 100 && code < 200 && code != 101) {
                    continue;
                }
                String type = codes.size() == types.size() ? mediaType(types.get(i)) : types.isEmpty() ? "-" : "?";
                String answer = code + " " + type;
                ArrayDeque<String[]> waiting = i < requestIn.size() && codes.size() == requestIn.size()
                        ? requestsByFrame.get(requestIn.get(i)) : null;
                String[] request = waiting == null ? null : waiting.poll();
                if (request == null) {
                    responses.add(new String[] {destination + " > " + source, "-", answer});
                } else {
                    request[2] = answer;
                }
            }
        }
        List<String> exchanges = new ArrayList<>();
        for (String[] r : requests) {
            exchanges.add(r[0] + " | " + r[1] + " -> " + (r[2] == null ? "-" : r[2]));
        }
        for (String[] r : responses) {
            exchanges.add(r[0] + " | " + r[1] + " -> " + r[2]);
        }
        return exchanges;
    }

    /** {@code text/html} of {@code Text/HTML; charset=utf-8}, as NetZer writes http.response.mime_type. */
    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.isEmpty() ? "-" : type.toLowerCase(Locale.ROOT);
    }
}
