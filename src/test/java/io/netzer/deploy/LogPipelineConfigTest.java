package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.netzer.testing.EcsIndexTemplate;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Fluent Bit and Vector configurations in {@code deploy/} parse as YAML and agree with the chart and the index
 * template: they read the log of the chart's container, keep stdout only, parse the line as the event, leave
 * {@code @timestamp} alone and write with {@code create} to a name the template covers. Neither tool is installed
 * here ({@code fluent-bit --dry-run}, {@code vector validate}), so their own checks are not run.
 */
class LogPipelineConfigTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** A log file as the kubelet names it for the chart's DaemonSet pod: POD_NAMESPACE_CONTAINER-ID.log. */
    private static final String KUBELET_LOG = "/var/log/containers/netzer-x7k2p_netzer_" + containerName()
            + "-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log";

    @Test
    void shouldTailTheNetzerContainersCriLogIntoTheTemplatesIndexWithFluentBit() throws IOException {
        JsonNode config = YAML.readTree(deploy("fluent-bit/fluent-bit.yaml").toFile());
        JsonNode input = only(config.path("pipeline").path("inputs"), "tail");
        assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + input.path("path").asText())
                .matches(Path.of(KUBELET_LOG)), input.path("path") + " must match " + KUBELET_LOG);
        assertEquals("cri", input.path("multiline.parser").asText(), "the kubelet's log is in CRI format");
        String tag = input.path("tag").asText();

        JsonNode grep = only(config.path("pipeline").path("filters"), "grep");
        assertEquals("stream ^stdout$", grep.path("regex").asText(), "stderr is NetZer's log, not events");
        JsonNode parser = only(config.path("pipeline").path("filters"), "parser");
        assertEquals("log", parser.path("key_name").asText(), "the cri parser leaves the line in log");
        JsonNode json = only(config.path("parsers"), parser.path("parser").asText());
        assertEquals("json", json.path("format").asText());
        assertTrue(json.path("time_key").isMissingNode(), "the event's @timestamp stays as it is");
        assertFalse(parser.path("reserve_data").asBoolean(false), "the event replaces the CRI record");

        JsonNode es = only(config.path("pipeline").path("outputs"), "es");
        for (JsonNode stage : List.of(input, grep, parser)) {
            assertEquals(tag, stage.path(stage == input ? "tag" : "match").asText());
        }
        assertEquals(tag, es.path("match").asText());
        assertCoveredByTemplate(es.path("index").asText());
        assertEquals("create", es.path("write_operation").asText(), "a data stream takes only create");
        assertNotEquals("@timestamp", es.path("time_key").asText("@timestamp"),
                "the es output would add a second @timestamp");
    }

    @Test
    void shouldReadTheNetzerPodsStdoutIntoTheTemplatesIndexWithVector() throws IOException {
        JsonNode config = YAML.readTree(deploy("vector/vector.yaml").toFile());
        JsonNode source = config.path("sources").path("netzer_pods");
        assertEquals("kubernetes_logs", source.path("type").asText());
        assertEquals("app.kubernetes.io/name=netzer", source.path("extra_label_selector").asText(),
                "the chart's selector label");
        JsonNode remap = config.path("transforms").path("netzer_events");
        assertEquals("remap", remap.path("type").asText());
        assertEquals(List.of("netzer_pods"), texts(remap.path("inputs")));
        String vrl = remap.path("source").asText();
        assertTrue(vrl.contains("if .stream != \"stdout\" { abort }"), "stderr is NetZer's log, not events");
        assertTrue(vrl.contains(". = object!(parse_json!(string!(.message)))"), "the event replaces the record");
        assertTrue(vrl.lines().filter(line -> !line.trim().startsWith("#"))
                .noneMatch(line -> line.contains("@timestamp")), "the event's @timestamp stays as it is");
        JsonNode sink = config.path("sinks").path("elasticsearch");
        assertEquals("elasticsearch", sink.path("type").asText());
        assertEquals(List.of("netzer_events"), texts(sink.path("inputs")));
        assertEquals("bulk", sink.path("mode").asText());
        assertEquals("create", sink.path("bulk").path("action").asText(), "a data stream takes only create");
        assertCoveredByTemplate(sink.path("bulk").path("index").asText());
    }

    private static void assertCoveredByTemplate(String index) throws IOException {
        JsonNode template = EcsIndexTemplate.read();
        assertTrue(texts(template.path("index_patterns")).stream().anyMatch(pattern -> FileSystems.getDefault()
                .getPathMatcher("glob:" + pattern).matches(Path.of(index))),
                index + " is not covered by the template's index_patterns");
    }

    /** The container name of the chart's DaemonSet, from its template. */
    private static String containerName() {
        try {
            List<String> lines = Files.readAllLines(HelmChart.directory().resolve("templates/daemonset.yaml"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().equals("containers:")) {
                    return lines.get(i + 1).trim().replaceFirst("^- name: ", "");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("daemonset.yaml has no containers:");
    }

    private static JsonNode only(JsonNode list, String name) {
        List<JsonNode> found = new ArrayList<>();
        list.forEach(item -> {
            if (item.path("name").asText().equals(name)) {
                found.add(item);
            }
        });
        assertEquals(1, found.size(), "one " + name + " in " + list);
        return found.getFirst();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Path deploy(String file) {
        return Path.of(System.getProperty("netzer.home", "."), "deploy", file).toAbsolutePath();
    }
}
