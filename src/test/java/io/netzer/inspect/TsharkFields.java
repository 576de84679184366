package io.netzer.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper for the app-layer oracles: tshark's fields per packet (TCP and TLS reassembly on), one row per
 * packet, fields split by tabs and several values of one field by {@link #AGGREGATOR}, cached under target/ since
 * one pass over the corpus takes minutes; the flow and value helpers the oracles read rows with; and NetZer's events
 * of a file, to hold against them.
 */
final class TsharkFields {
    static final String AGGREGATOR = "\u0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TsharkFields() {
    }

    /** tshark's rows for {@code file}: {@code fields} of the packets matching {@code filter}, TCP and TLS joined. */
    static List<String> rows(Path cache, Path file, String filter, List<String> fields)
            throws IOException, InterruptedException {
        return rows(cache, file, List.of("-o", "tcp.desegment_tcp_streams:TRUE", "-o", "tls.desegment_ssl_records:TRUE",
                "-o", "tls.desegment_ssl_application_data:TRUE"), filter, fields);
    }

    /** The rows of {@code file} for {@code filter}, with tshark's preference {@code options} ("-o", "name:value"). */
    static List<String> rows(Path cache, Path file, List<String> options, String filter, List<String> fields)
            throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Path cached = cache.resolve(file.getFileName() + "." + Files.size(file) + "."
                + Integer.toHexString((filter + fields + options).hashCode()) + ".tsv");
        if (Files.exists(cached)) {
            return Files.readAllLines(cached, StandardCharsets.UTF_8);
        }
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        command.addAll(options);
        command.addAll(List.of("-Y", filter, "-T", "fields", "-E", "separator=/t", "-E", "aggregator=" + AGGREGATOR));
        for (String field : fields) {
            command.add("-e");
            command.add(field);
        }
        Tools.Result result = Tools.run(command);
        // tshark's text comes back as ISO-8859-1 from Tools: turn it back into the UTF-8 it wrote.
        String text = new String(result.stdout().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Files.writeString(cached, text, StandardCharsets.UTF_8);
        return text.lines().toList();
    }

    /** Both endpoints, in a fixed order, so the two directions of a flow give the same text. */
    static String flow(String ip1, String port1, String ip2, String port2) {
        String a = ip1 + "." + port1;
        String b = ip2 + "." + port2;
        return a.compareTo(b) <= 0 ? a + "/" + b : b + "/" + a;
    }

    /** The flow of a NetZer event, in {@link #flow(String, String, String, String)}'s words. */
    static String flow(JsonNode event) {
        return flow(event.path("source").path("ip").asText(), event.path("source").path("port").asText(),
                event.path("destination").path("ip").asText(), event.path("destination").path("port").asText());
    }

    /** NetZer's events of {@code file} ({@code -r file --events events --json}), one JSON object each. */
    static List<JsonNode> netzerEvents(Path file, String events) throws IOException {
        NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", events, "--json");
        assertEquals(0, result.exitCode(), file + ": " + result.stderr());
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : result.stdoutText().split("\n")) {
            if (!line.isEmpty()) {
                parsed.add(JSON.readTree(line));
            }
        }
        return parsed;
    }

    /** The values of one field of a row. */
    static List<String> values(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split(AGGREGATOR, -1));
    }

    /** The innermost of several IP layers (a tunnel). */
    static String last(String field) {
        List<String> values = values(field);
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    /** The first transport layer (an ICMP error quotes a second one). */
    static String first(String field) {
        List<String> values = values(field);
        return values.isEmpty() ? "" : values.get(0);
    }
}
