package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The table of values in {@code helm/netzer/README.md} is generated from {@code values.yaml}: each key's row is the
 * comment right above it, and its default as JSON. A key with documented keys under it is a heading (no default);
 * every key must be documented, itself or through a key above it. The README's text above the marker is written by
 * hand. When the values change, regenerate with
 * {@code ./mvnw -q test -Dtest=ChartReadmeTest -Dnetzer.chart.regenerate=true}.
 */
class ChartReadmeTest {
    private static final String REGENERATE = "./mvnw -q test -Dtest=ChartReadmeTest -Dnetzer.chart.regenerate=true";
    private static final String MARKER = "<!-- The table below is generated from values.yaml by ChartReadmeTest: "
            + REGENERATE + " -->\n";
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_./-]+):(.*)$");
    private static final Pattern COMMENT = Pattern.compile("^ *# ?(.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One key of values.yaml: its dotted path, its indentation and the comment above it. */
    record Key(String path, int indent, String comment) {
    }

    @Test
    void shouldMatchTheValuesAndTheirComments() throws IOException {
        Path readme = HelmChart.directory().resolve("README.md");
        String current = Files.readString(readme);
        int marker = current.indexOf(MARKER);
        assertTrue(marker >= 0, "helm/netzer/README.md lacks the line " + MARKER);
        String expected = current.substring(0, marker) + MARKER + table();
        if (Boolean.getBoolean("netzer.chart.regenerate")) {
            Files.writeString(readme, expected);
        }
        assertEquals(expected, Files.readString(readme), "helm/netzer/README.md: regenerate with " + REGENERATE);
    }

    @Test
    void shouldDocumentEveryKey() throws IOException {
        List<Key> keys = keys(Files.readAllLines(HelmChart.directory().resolve("values.yaml")));
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            boolean leaf = i + 1 == keys.size() || !keys.get(i + 1).path().startsWith(key.path() + ".");
            boolean shownAbove = false;
            for (int j = 0; j < i; j++) {
                shownAbove |= key.path().startsWith(keys.get(j).path() + ".") && !keys.get(j).comment().isEmpty()
                        && !heading(keys, j);
            }
            assertTrue(!leaf || !key.comment().isEmpty() || shownAbove,
                    key.path() + " in values.yaml has no comment, nor has a key above it that shows its default");
        }
    }

    @Test
    void shouldReadKeysCommentsAndSkipListItems() {
        List<Key> keys = keys(List.of("# The file's header.", "", "# Ports.", "ports:", "  # The dashboard's.",
                "  dashboard: 7070", "  other: 1", "list:", "  - name: x", "    value: y", "# After.", "after: 2"));
        assertEquals(List.of(new Key("ports", 0, "Ports."), new Key("ports.dashboard", 2, "The dashboard's."),
                new Key("ports.other", 2, ""), new Key("list", 0, ""), new Key("after", 0, "After.")), keys);
    }

    /** The Markdown table of every documented key. */
    static String table() throws IOException {
        Path values = HelmChart.directory().resolve("values.yaml");
        JsonNode tree = new YAMLMapper().readTree(values.toFile());
        List<Key> keys = keys(Files.readAllLines(values));
        StringBuilder table = new StringBuilder("\n| key | default | description |\n|---|---|---|\n");
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            if (key.comment().isEmpty()) {
                continue;
            }
            String value = heading(keys, i) ? "" : "`" + JSON.writeValueAsString(tree.at("/" + key.path().replace('.', '/')))
                    .replace("|", "\\|") + "`";
            table.append("| `").append(key.path()).append("` | ").append(value).append(" | ")
                    .append(key.comment().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /** Whether the key at {@code i} has a documented key under it, and so shows no default of its own. */
    private static boolean heading(List<Key> keys, int i) {
        String prefix = keys.get(i).path() + ".";
        for (int j = i + 1; j < keys.size() && keys.get(j).path().startsWith(prefix); j++) {
            if (!keys.get(j).comment().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keys of a values file in order, each with the comment lines right above it (joined; a blank line ends a
     * comment). Lines inside a list belong to its value and are skipped.
     */
    static List<Key> keys(List<String> lines) {
        List<Key> keys = new ArrayList<>();
        Deque<Key> parents = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        int listIndent = Integer.MAX_VALUE;
        for (String line : lines) {
            int indent = line.length() - line.stripLeading().length();
            if (line.isBlank()) {
                comment.clear();
                continue;
            }
            if (indent >= listIndent) {
                continue;
            }
            listIndent = Integer.MAX_VALUE;
            Matcher commentLine = COMMENT.matcher(line);
            if (commentLine.matches()) {
                comment.add(commentLine.group(1).strip());
                continue;
            }
            if (line.stripLeading().startsWith("- ")) {
                listIndent = indent;
                comment.clear();
                continue;
            }
            Matcher keyLine = KEY.matcher(line);
            if (!keyLine.matches()) {
                throw new AssertionError("values.yaml: a line neither key, comment nor list item: " + line);
            }
            while (!parents.isEmpty() && parents.peek().indent() >= indent) {
                parents.pop();
            }
            Key parent = parents.peek();
            String path = (parent == null ? "" : parent.path() + ".") + keyLine.group(2);
            Key key = new Key(path, indent, String.join(" ", comment));
            keys.add(key);
            parents.push(key);
            comment.clear();
        }
        return keys;
    }
}
