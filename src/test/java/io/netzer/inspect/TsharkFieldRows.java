package io.netzer.inspect;

import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * tshark as an oracle: the fields of the packets of a capture that match a display filter, one tab-separated line
 * per packet (several values of a field joined by {@link #AGGREGATOR}), cached in a directory under target/ by
 * file name, size and command, since one pass over the corpus takes minutes.
 */
final class TsharkFieldRows {
    /** Joins several values of one field in a row. */
    static final String AGGREGATOR = "\u0001";

    private TsharkFieldRows() {
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

    /** The values of one field of a row. */
    static List<String> values(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split(AGGREGATOR, -1));
    }
}
