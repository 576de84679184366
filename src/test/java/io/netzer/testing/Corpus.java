package io.netzer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared capture corpus ({@code ../shared/corpus}, real traffic from public projects): tests read it in
 * place, never copy it, and skip with a message when it is absent.
 */
public final class Corpus {
    /** The two files the corpus holds as deliberately invalid. */
    public static final List<String> INVALID = List.of("libpcap-pcap-invalid-version-1.pcap",
            "libpcap-shb-option-too-long.pcapng");

    private Corpus() {
    }

    /** The corpus's pcaps folder; skips the calling test when it is absent. */
    public static Path pcaps() {
        Path folder = Path.of(System.getProperty("netzer.corpus", "../shared/corpus")).resolve("pcaps");
        assumeTrue(Files.isDirectory(folder), "capture corpus not found at " + folder.toAbsolutePath()
                + ": set -Dnetzer.corpus or place ../shared/corpus beside the project");
        return folder;
    }

    /** Every capture file of the corpus, sorted by name. */
    public static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(pcaps())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every capture file that is meant to be readable. */
    public static List<Path> readableFiles() throws IOException {
        return files().stream().filter(f -> !INVALID.contains(f.getFileName().toString())).toList();
    }
}
