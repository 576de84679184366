package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.EcsFields;
import io.netzer.testing.EcsIndexTemplate;
import io.netzer.testing.NetzerCli;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every field NetZer writes over the whole corpus (packet, flow, tls, dns, http and quic events) is an ECS field of
 * ECS's type, read from ECS's own list ({@code ../shared/ecs/fields.csv}, in place), or lives under
 * {@code netzer.}; every event carries {@code ecs.version} and the categorization, and {@code related.ip} holds the
 * event's addresses once each; every field is mapped by the index template in {@code deploy/elasticsearch}, and each
 * {@code netzer.*} field always has the same JSON type (Elasticsearch maps it at its first value). A failure names
 * the field, its JSON value's type, ECS's type and the file.
 */
class EcsConformanceTest {
    /** Names ECS lacks that other tools (Suricata, Zeek, Packetbeat, JA4+) write the same way: kept as they are. */
    private static final Set<String> NOT_IN_ECS = EcsIndexTemplate.NOT_IN_ECS;
    /** ECS says keyword; the dns engineer's branch writes it as one, and removes it from here. */
    private static final Set<String> PENDING = Set.of("dns.id");
    private static final Set<String> DATASETS = Set.of("netzer.packet", "netzer.flow", "netzer.tls", "netzer.dns",
            "netzer.http");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldWriteOnlyEcsFieldsOfEcsTypesOrNetzerFieldsOverTheCorpus() throws IOException {
        EcsFields ecs = EcsFields.load();
        assertEquals(ecs.version(), EcsEvent.VERSION, "ecs.version must be the version of fields.csv");
        JsonNode template = EcsIndexTemplate.read();
        Map<String, String> netzerKinds = new HashMap<>();
        Map<String, String> failures = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Path file : Corpus.readableFiles()) {
            NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", "packet,flow,tls,dns,http",
                    "--json");
            assertEquals(0, result.exitCode(), file + ": " + result.stderr());
            int number = 0;
            for (String line : result.stdoutText().split("\n")) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String where = file.getFileName() + " line " + number;
                JsonNode event = json.readTree(line);
                seen.add(event.path("event").path("dataset").asText() + " " + event.path("network").path("protocol")
                        .asText());
                checkObject(ecs, event, "", where, failures);
                checkEvent(event, where, failures);
                checkMapped(template, event, "", netzerKinds, where, failures);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " fields not as ECS has them:\n"
                + String.join("\n", failures.values()));
        for (String dataset : DATASETS) {
            assertTrue(seen.stream().anyMatch(s -> s.startsWith(dataset + " ")), "no " + dataset + " event");
        }
        assertTrue(seen.contains("netzer.tls quic"), "no QUIC event over the corpus");
    }

    private void checkObject(EcsFields ecs, JsonNode object, String path, String where, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            if (name.equals("netzer") || NOT_IN_ECS.contains(name) || PENDING.contains(name)) {
                continue;
            }
            checkValue(ecs, member.getValue(), name, where, out);
        }
    }

    private void checkValue(EcsFields ecs, JsonNode value, String name, String where, Map<String, String> out) {
        EcsFields.Field field = ecs.field(name);
        if (field == null) {
            if (value.isObject() && ecs.isParent(name)) {
                checkObject(ecs, value, name, where, out);
            } else {
                fail(out, name, value, "no such ECS field", where);
            }
            return;
        }
        if (value.isArray()) {
            if (!field.array()) {
                fail(out, name, value, "an array where ECS " + field.type() + " has no array normalization", where);
                return;
            }
            for (JsonNode element : value) {
                checkSingle(ecs, field, element, name, where, out);
            }
            return;
        }
        if (field.type().equals("nested")) {
            fail(out, name, value, "not an array where ECS has nested objects", where);
            return;
        }
        checkSingle(ecs, field, value, name, where, out);
    }

    private void checkSingle(EcsFields ecs, EcsFields.Field field, JsonNode value, String name, String where,
            Map<String, String> out) {
        String type = field.type();
        boolean ok = switch (type) {
            case "object", "nested" -> value.isObject();
            case "flattened" -> value.isObject();
            case "keyword", "constant_keyword", "wildcard", "match_only_text", "text" -> value.isTextual();
            case "long", "integer", "short", "byte" -> value.isIntegralNumber();
            case "float", "double", "scaled_float", "half_float" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "date" -> value.isTextual() && isDate(value.asText());
            case "ip" -> value.isTextual() && isIp(value.asText());
            default -> false;
        };
        if (!ok) {
            fail(out, name, value, "ECS type " + type, where);
        } else if (value.isObject() && !type.equals("flattened")) {
            checkObject(ecs, value, name, where, out);
        }
    }

    /** Each leaf is mapped by the template; a {@code netzer.*} leaf has the JSON type it had before. */
    private static void checkMapped(JsonNode template, JsonNode node, String name, Map<String, String> netzerKinds,
            String where, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String child = name.isEmpty() ? member.getKey() : name + "." + member.getKey();
                checkMapped(template, member.getValue(), child, netzerKinds, where, out);
            }
        } else if (node.isArray()) {
            node.forEach(element -> checkMapped(template, element, name, netzerKinds, where, out));
        } else if (name.startsWith("netzer.")) {
            String kind = node.isIntegralNumber() ? "integer" : node.getNodeType().name().toLowerCase();
            String before = netzerKinds.putIfAbsent(name, kind + " (first in " + where + ")");
            if (before != null && !before.startsWith(kind + " ")) {
                fail(out, name, node, "JSON type differs from an earlier " + before, where);
            }
        } else if (EcsIndexTemplate.mappedType(template, name) == null) {
            fail(out, name, node, "not mapped by " + EcsIndexTemplate.path().getFileName(), where);
        }
    }

    /** {@code ecs.version}, the categorization, and {@code related.ip} against the endpoints. */
    private static void checkEvent(JsonNode event, String where, Map<String, String> out) {
        JsonNode e = event.path("event");
        String dataset = e.path("dataset").asText();
        require(out, !event.path("ecs").path("version").asText().isEmpty(), "ecs.version missing", dataset, where);
        require(out, e.path("kind").asText().equals("event"), "event.kind is not event", dataset, where);
        require(out, strings(e.path("category")).equals(List.of("network")), "event.category is not [network]",
                dataset, where);
        require(out, !e.path("action").asText().isEmpty(), "event.action missing", dataset, where);
        List<String> type = strings(e.path("type"));
        if (dataset.equals("netzer.flow")) {
            boolean update = event.path("netzer").path("flow").path("end_reason").asText().equals("active_timeout");
            require(out, type.equals(update ? List.of("connection") : List.of("connection", "end")),
                    "flow event.type " + type + " for end_reason "
                            + event.path("netzer").path("flow").path("end_reason").asText(), dataset, where);
        } else {
            require(out, !type.isEmpty(), "event.type missing", dataset, where);
        }
        List<String> expected = new ArrayList<>();
        for (String side : List.of("source", "destination")) {
            String ip = event.path(side).path("ip").asText();
            if (!ip.isEmpty() && !expected.contains(ip)) {
                expected.add(ip);
            }
        }
        require(out, strings(event.path("related").path("ip")).equals(expected),
                "related.ip is not " + expected, dataset, where);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void require(Map<String, String> out, boolean ok, String what, String dataset, String where) {
        if (!ok) {
            out.putIfAbsent(dataset + " " + what, dataset + ": " + what + " (first in " + where + ")");
        }
    }

    /** One entry per field and complaint, with the first file that showed it. */
    private static void fail(Map<String, String> out, String name, JsonNode value, String why, String where) {
        String kind = value.getNodeType().name().toLowerCase();
        out.putIfAbsent(name + " " + kind + " " + why,
                name + ": JSON " + kind + " " + abbreviate(value) + ", " + why + " (first in " + where + ")");
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static boolean isDate(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isIp(String text) {
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
