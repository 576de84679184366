package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * NetZer's DNS events against tshark over every DNS message of the corpus: the question's type and class by name
 * (tshark's {@code dns.qry.type}), the answers' types ({@code dns.resp.type}, answer section only), the header
 * flags ({@code dns.flags.*}), the op code, and the response time ({@code dns.time}, to the nanosecond). Messages
 * are paired by packet time, ID and direction; frames holding several messages (DNS over TCP) are left out, as
 * tshark's fields cannot be told apart there. ICMP errors quoting DNS and fragmented DNS are listed in
 * {@link #EXCEPTIONS}; mDNS responses are compared without a response time.
 */
class DnsTsharkTest {
    private static final Path CACHE = Path.of("target", "app-oracle-cache");
    private static final String AGGREGATOR = "\u0001";
    private static final String[] FIELDS = {"frame.time_epoch", "dns.id", "dns.flags.response", "dns.flags.opcode",
        "dns.flags.authoritative", "dns.flags.truncated", "dns.flags.recdesired", "dns.flags.recavail",
        "dns.flags.authenticated", "dns.flags.checkdisable", "dns.count.answers", "_ws.col.Q", "_ws.col.C",
        "_ws.col.R", "dns.time", "dns.resp.z.do", "dns.count.queries", "frame.protocols"};
    private static final String[] FLAG_NAMES = {"AA", "TC", "RD", "RA", "AD", "CD"};

    /** Messages where NetZer knowingly differs from tshark ({@code file#time id qr}), with the reason. */
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "arkime-v6.pcap#921159961962117000 23668 1",
            "a DNS response quoted inside an ICMPv6 error (frame 137), not a UDP flow of its own",
            "zeek-icmp-icmp-destunreach-udp.pcap#1258568548135731000 39076 1",
            "a DNS response quoted inside an ICMP port-unreachable error, not a UDP flow of its own",
            "pcpp-ip6_fragments.pcap#1258148319182323000 0 1",
            "an mDNS message in IPv6 fragments, reassembled by tshark; NetZer does not reassemble IP fragments",
            "zeek-ipv6-fragmented-dns.pcap#1331084298676270000 40849 1",
            "a DNS response in IPv6 fragments, reassembled by tshark; NetZer does not reassemble IP fragments");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldNameTypesAndFlagsAndTimeResponsesAsTsharkDoes() throws IOException, InterruptedException {
        Tools.require("tshark");
        Map<String, String> differences = new TreeMap<>();
        int compared = 0;
        int timed = 0;
        for (Path file : Corpus.readableFiles()) {
            List<String[]> rows = tshark(file);
            if (rows.isEmpty()) {
                continue;
            }
            Map<String, JsonNode> events = netzer(file);
            for (String[] f : rows) {
                if (f[1].contains(AGGREGATOR) || f[1].isEmpty()) {
                    continue;
                }
                String key = nanos(f[0]) + " " + Integer.decode(f[1]) + " " + f[2];
                JsonNode event = events.get(key);
                String where = file.getFileName() + "#" + key;
                if (event == null) {
                    differences.put(where, "no NetZer event");
                    continue;
                }
                compared++;
                String expected = describe(f);
                String actual = describe(event, Integer.parseInt(f[10].isEmpty() ? "0" : f[10]));
                if (!expected.equals(actual)) {
                    differences.put(where, "tshark: " + expected + "; ours: " + actual);
                }
                timed += f[14].isEmpty() ? 0 : 1;
            }
        }
        System.out.printf("DNS vs tshark: %d messages compared, %d with a response time, %d differ%n", compared,
                timed, differences.size());
        assertTrue(compared > 500, "expected hundreds of DNS messages, compared " + compared);
        assertTrue(timed > 100, "expected over a hundred matched responses, found " + timed);
        differences.keySet().removeAll(EXCEPTIONS.keySet());
        assertEquals(Map.of(), differences);
    }

    /** tshark's values in NetZer's words. */
    private static String describe(String[] f) {
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ("1".equals(f[4 + i]) || "True".equalsIgnoreCase(f[4 + i])) {
                flags.add(FLAG_NAMES[i]);
            }
        }
        if ("1".equals(f[15]) || "True".equalsIgnoreCase(f[15])) {
            flags.add("DO");
        }
        int answers = f[10].isEmpty() ? 0 : Integer.parseInt(f[10]);
        List<String> types = f[13].isEmpty() ? List.of()
                : Arrays.stream(f[13].split(",")).map(DnsTsharkTest::mnemonic).limit(answers).toList();
        String question = f[16].equals("0") ? "-" : mnemonic(f[11]) + "/" + f[12].split(",")[0];
        // tshark pairs mDNS answers with queries on ID 0; NetZer does not pair mDNS (RFC 6762 section 18.1: the ID
        // is zero and answers are multicast to every listener).
        boolean multicastDns = f[17].contains("mdns");
        String time = f[14].isEmpty() || multicastDns ? "-"
                : Long.toString(new BigDecimal(f[14]).movePointRight(9).longValueExact());
        return "op " + f[3] + " flags " + flags + " q " + question + " answers " + types + " time " + time;
    }

    /** NetZer's event, the answers cut to the count tshark decoded. */
    private static String describe(JsonNode event, int answers) {
        JsonNode dns = event.path("dns");
        List<String> flags = new ArrayList<>();
        dns.path("header_flags").forEach(flag -> flags.add(flag.asText()));
        List<String> types = new ArrayList<>();
        dns.path("answers").forEach(answer -> types.add(answer.path("type").asText()));
        JsonNode q = dns.path("question");
        String question = q.isMissingNode() ? "-" : q.path("type").asText() + "/" + q.path("class").asText();
        JsonNode duration = event.path("event").path("duration");
        return "op " + opcodeNumber(dns.path("op_code").asText()) + " flags " + flags + " q " + question
                + " answers " + types.subList(0, Math.min(answers, types.size())) + " time "
                + (duration.isMissingNode() ? "-" : duration.asText());
    }

    private static String opcodeNumber(String name) {
        return switch (name) {
            case "QUERY" -> "0";
            case "IQUERY" -> "1";
            case "STATUS" -> "2";
            case "NOTIFY" -> "4";
            case "UPDATE" -> "5";
            case "DSO" -> "6";
            default -> name;
        };
    }

    /** tshark's value text ({@code A (Host Address)}, {@code * (A request ...)}, {@code NULL RR}) as a mnemonic. */
    private static String mnemonic(String tshark) {
        String first = tshark.split(" ", 2)[0];
        return switch (first) {
            case "*" -> "ANY";
            case "Unknown" -> "TYPE" + tshark.replaceAll("\\D", "");
            default -> first;
        };
    }

    private Map<String, JsonNode> netzer(Path file) throws IOException {
        NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", "dns", "--json");
        assertEquals(0, result.exitCode(), file + ": " + result.stderr());
        Map<String, JsonNode> events = new HashMap<>();
        for (String line : result.stdoutText().split("\n")) {
            if (!line.isEmpty()) {
                JsonNode event = json.readTree(line);
                Instant t = Instant.parse(event.path("@timestamp").asText());
                long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                JsonNode dns = event.path("dns");
                events.putIfAbsent(nanos + " " + dns.path("id").asText() + " "
                        + ("answer".equals(dns.path("type").asText()) ? "1" : "0"), event);
            }
        }
        return events;
    }

    private static long nanos(String epoch) {
        return new BigDecimal(epoch).movePointRight(9).longValueExact();
    }

    /** tshark's rows for a file, cached under target/ as {@link AppLayerTsharkTest} caches its own. */
    private static List<String[]> tshark(Path file) throws IOException, InterruptedException {
        Files.createDirectories(CACHE);
        Path cached = CACHE.resolve(file.getFileName() + "." + Files.size(file) + "."
                + Integer.toHexString(Arrays.toString(FIELDS).hashCode()) + ".dns.tsv");
        if (!Files.exists(cached)) {
            Files.writeString(cached, runTshark(file), StandardCharsets.UTF_8);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(cached, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                rows.add(Arrays.copyOf((line + "\t".repeat(FIELDS.length)).split("\t", -1), FIELDS.length));
            }
        }
        return rows;
    }

    private static String runTshark(Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(),
                "-o", "tcp.desegment_tcp_streams:TRUE",
                "-o", "gui.column.format:\"Q\",\"%Cus:dns.qry.type\",\"C\",\"%Cus:dns.qry.class\","
                        + "\"R\",\"%Cus:dns.resp.type\"",
                "-Y", "dns || mdns || llmnr", "-T", "fields", "-E", "separator=/t", "-E", "aggregator=" + AGGREGATOR));
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        return Tools.run(command).stdout();
    }
}
