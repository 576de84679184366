package io.netzer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * NetZer's Elasticsearch index template ({@code deploy/elasticsearch/netzer-index-template.json}) as it must be:
 * made from ECS's field list, so it cannot drift from the schema the events are checked against. It maps every ECS
 * field of the field sets NetZer writes (so a field a protocol adds later within them is mapped already) with ECS's
 * type, {@code @timestamp} as {@code date_nanos} (NetZer's times have nanoseconds), the three names ECS lacks as
 * keywords, and {@code netzer.*} dynamically (strings as keywords); any other field is kept in {@code _source}
 * but not indexed ({@code dynamic: false}), so a stray field never changes the mapping.
 */
public final class EcsIndexTemplate {
    /** The ECS field sets NetZer's events use (EcsConformanceTest fails on a field outside them). */
    public static final List<String> FIELD_SETS = List.of("@timestamp", "ecs", "event", "observer", "source",
            "destination", "network", "related", "tls", "dns", "http", "url", "user_agent");
    /** Names ECS lacks that other tools write the same way, mapped as keywords. */
    public static final Set<String> NOT_IN_ECS = Set.of("tls.client.ja4", "tls.client.alpn",
            "tls.client.supported_versions");
    /** The names the template applies to; the Fluent Bit and Vector configurations write to one of them. */
    public static final String INDEX_PATTERN = "netzer-*";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EcsIndexTemplate() {
    }

    /** The template's file in the project. */
    public static Path path() {
        return Path.of(System.getProperty("netzer.home", "."), "deploy", "elasticsearch",
                "netzer-index-template.json").toAbsolutePath();
    }

    /** The template file as written in the project. */
    public static JsonNode read() throws IOException {
        return JSON.readTree(path().toFile());
    }

    /** The composable index template for {@code ecs}'s fields. */
    public static ObjectNode generate(EcsFields ecs) {
        ObjectNode properties = JSON.createObjectNode();
        for (String name : new TreeSet<>(ecs.fields().keySet())) {
            String set = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (!FIELD_SETS.contains(set)) {
                continue;
            }
            EcsFields.Field field = ecs.field(name);
            ObjectNode mapping = mapping(field);
            String parent = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
            String last = name.substring(name.lastIndexOf('.') + 1);
            EcsFields.Field parentField = ecs.field(parent);
            if (parentField != null && !isObject(parentField.type())) {
                // A multi-field (url.original.text): another way to index the parent's value.
                node(properties, parent).withObjectProperty("fields").set(last, mapping);
            } else {
                node(properties, name).setAll(mapping);
            }
        }
        node(properties, "@timestamp").put("type", "date_nanos");
        for (String name : new TreeSet<>(NOT_IN_ECS)) {
            node(properties, name).put("type", "keyword").put("ignore_above", 1024);
        }
        node(properties, "netzer").put("type", "object").put("dynamic", true);

        ObjectNode mappings = JSON.createObjectNode();
        mappings.put("dynamic", false);
        mappings.put("date_detection", false);
        ArrayNode dynamicTemplates = mappings.putArray("dynamic_templates");
        ObjectNode strings = dynamicTemplates.addObject().putObject("netzer_strings_as_keywords");
        strings.put("path_match", "netzer.*");
        strings.put("match_mapping_type", "string");
        strings.putObject("mapping").put("type", "keyword").put("ignore_above", 1024);
        mappings.set("properties", properties);

        ObjectNode template = JSON.createObjectNode();
        template.putArray("index_patterns").add(INDEX_PATTERN);
        template.putObject("data_stream");
        template.put("priority", 200);
        ObjectNode meta = template.putObject("_meta");
        meta.put("description", "NetZer's NDJSON events (ECS " + ecs.version() + "); generated from ECS's "
                + "fields.csv by IndexTemplateTest");
        meta.put("ecs_version", ecs.version());
        template.putObject("template").set("mappings", mappings);
        return template;
    }

    /** The type the template maps {@code field} to (a dotted name), or null when it does not map it. */
    public static String mappedType(JsonNode template, String field) {
        JsonNode node = template.path("template").path("mappings");
        for (String part : field.split("\\.")) {
            node = node.path("properties").path(part);
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node.path("type").asText("object");
    }

    private static ObjectNode mapping(EcsFields.Field field) {
        ObjectNode mapping = JSON.createObjectNode();
        mapping.put("type", field.type());
        switch (field.type()) {
            case "keyword" -> mapping.put("ignore_above", 1024);
            case "scaled_float" -> mapping.put("scaling_factor", 1000);
            default -> {
            }
        }
        if (!field.indexed()) {
            mapping.put("index", false);
            if (field.type().equals("keyword")) {
                mapping.put("doc_values", false);
            }
        }
        return mapping;
    }

    private static boolean isObject(String type) {
        return type.equals("object") || type.equals("nested") || type.equals("flattened");
    }

    /** The mapping node of a dotted name, made with {@code properties} on the way down. */
    private static ObjectNode node(ObjectNode properties, String name) {
        String[] parts = name.split("\\.");
        ObjectNode level = properties;
        for (int i = 0; i < parts.length - 1; i++) {
            level = level.withObjectProperty(parts[i]).withObjectProperty("properties");
        }
        return level.withObjectProperty(parts[parts.length - 1]);
    }
}
