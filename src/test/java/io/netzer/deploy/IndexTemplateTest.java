package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netzer.testing.EcsFields;
import io.netzer.testing.EcsIndexTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/elasticsearch/netzer-index-template.json} is what {@link EcsIndexTemplate} makes from ECS's
 * fields.csv, so it cannot drift from the schema; regenerate with
 * {@code ./mvnw -q test -Dtest=IndexTemplateTest -Dnetzer.template.regenerate=true}. (That every field NetZer writes
 * is mapped in it with its ECS type, EcsConformanceTest checks over the corpus.)
 */
class IndexTemplateTest {
    private static final String REGENERATE = "./mvnw -q test -Dtest=IndexTemplateTest -Dnetzer.template.regenerate=true";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void shouldBeTheTemplateMadeFromEcsFields() throws IOException {
        EcsFields ecs = EcsFields.load();
        String expected = JSON.writeValueAsString(EcsIndexTemplate.generate(ecs)) + "\n";
        Path file = EcsIndexTemplate.path();
        if (Boolean.getBoolean("netzer.template.regenerate")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
        }
        assertTrue(Files.isRegularFile(file), file + " is missing: regenerate with " + REGENERATE);
        assertEquals(expected, Files.readString(file), file + ": regenerate with " + REGENERATE);
    }

    @Test
    void shouldMapTheTimestampWithNanosecondsAndLeaveUnknownFieldsUnindexed() throws IOException {
        EcsFields.load();
        JsonNode template = EcsIndexTemplate.read();
        assertEquals("date_nanos", EcsIndexTemplate.mappedType(template, "@timestamp"));
        assertEquals("ip", EcsIndexTemplate.mappedType(template, "related.ip"));
        assertEquals("keyword", EcsIndexTemplate.mappedType(template, "network.transport"));
        assertEquals("long", EcsIndexTemplate.mappedType(template, "event.sequence"));
        assertEquals("keyword", EcsIndexTemplate.mappedType(template, "tls.client.ja4"));
        JsonNode mappings = template.path("template").path("mappings");
        assertEquals(false, mappings.path("dynamic").asBoolean(true), "unknown fields outside netzer not indexed");
        assertEquals(true, mappings.path("properties").path("netzer").path("dynamic").asBoolean(false),
                "netzer.* mapped as it comes");
        assertTrue(template.path("data_stream").isObject(), "a data stream template (needs @timestamp)");
    }
}
