package io.netzer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ECS's own field list ({@code ../shared/ecs/fields.csv}, {@code generated/csv/fields.csv} of elastic/ecs), read in
 * place and never copied; tests that use it skip with a message when it is absent.
 */
public final class EcsFields {
    /** One row: the dotted name, ECS's type, whether ECS normalizes the value to an array, whether it is indexed. */
    public record Field(String name, String type, boolean array, boolean indexed) {
    }

    private final String version;
    private final Map<String, Field> fields;
    private final Set<String> parents = new HashSet<>();

    private EcsFields(String version, Map<String, Field> fields) {
        this.version = version;
        this.fields = fields;
        for (String name : fields.keySet()) {
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                parents.add(name.substring(0, dot));
            }
        }
    }

    /** Reads the list; skips the calling test when it is absent. */
    public static EcsFields load() throws IOException {
        Path csv = Path.of(System.getProperty("netzer.ecs.fields", "../shared/ecs/fields.csv"));
        assumeTrue(Files.isRegularFile(csv), "ECS field list not found at " + csv.toAbsolutePath()
                + ": set -Dnetzer.ecs.fields or place ../shared/ecs beside the project");
        List<List<String>> rows = parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.getFirst();
        int versionColumn = column(header, "ECS_Version");
        int fieldColumn = column(header, "Field");
        int typeColumn = column(header, "Type");
        int normalizationColumn = column(header, "Normalization");
        int indexedColumn = column(header, "Indexed");
        Map<String, Field> fields = new LinkedHashMap<>();
        String version = null;
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() < header.size()) {
                continue;
            }
            version = row.get(versionColumn);
            String name = row.get(fieldColumn);
            fields.put(name, new Field(name, row.get(typeColumn), row.get(normalizationColumn).contains("array"),
                    !row.get(indexedColumn).equals("false")));
        }
        if (version == null) {
            throw new IOException(csv + ": no field rows");
        }
        return new EcsFields(version, fields);
    }

    /** The {@code ECS_Version} of the rows. */
    public String version() {
        return version;
    }

    /** The field of that dotted name, or null. */
    public Field field(String name) {
        return fields.get(name);
    }

    /** Whether {@code name} is a namespace above some field ({@code source}, {@code observer.ingress.interface}). */
    public boolean isParent(String name) {
        return parents.contains(name);
    }

    /** Every field, in the list's order. */
    public Map<String, Field> fields() {
        return Collections.unmodifiableMap(fields);
    }

    private static int column(List<String> header, String name) throws IOException {
        int at = header.indexOf(name);
        if (at < 0) {
            throw new IOException("fields.csv has no column " + name + ": " + header);
        }
        return at;
    }

    /** RFC 4180: quoted values may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(value.toString());
                value.setLength(0);
            } else if (c == '\n') {
                row.add(value.toString());
                value.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                value.append(c);
            }
        }
        if (!value.isEmpty() || !row.isEmpty()) {
            row.add(value.toString());
            rows.add(row);
        }
        return rows;
    }
}
