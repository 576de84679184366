package io.netzer.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shared capture corpus ({@code ../shared/corpus}, see its MANIFEST.tsv) and the external oracles (tshark,
 * tcpdump) that tests compare against. Tests read the files where they lie and skip with a message when the corpus
 * or a tool is absent.
 */
public final class Corpus {
    /** The two files the corpus marks as deliberately invalid: readers must reject them. */
    public static final Set<String> INVALID_FILES = Set.of("libpcap-pcap-invalid-version-1.pcap",
            "libpcap-shb-option-too-long.pcapng");

    private Corpus() {
    }

    /** The folder of capture files; aborts the calling test when the corpus is absent. */
    public static Path pcapsOrSkip() {
        String corpus = System.getProperty("netzer.corpus");
        assumeTrue(corpus != null, "system property netzer.corpus not set: corpus tests skipped");
        Path pcaps = Path.of(corpus, "pcaps");
        assumeTrue(Files.isDirectory(pcaps), "no capture corpus at " + pcaps + ": corpus tests skipped");
        return pcaps;
    }

    /** Every capture file of the corpus, sorted by name. */
    public static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(pcapsOrSkip())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Aborts the calling test when {@code tool} is not on the PATH. */
    public static void requireTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir,
                tool)));
        assumeTrue(found, tool + " is not installed: test skipped");
    }

    /** What a tool printed and how it ended. */
    public record ToolOutput(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to its end with no input. */
    public static ToolOutput run(String... command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("netzer-tool", ".stderr");
        try {
            Process process = new ProcessBuilder(command).redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exitCode = process.waitFor();
            return new ToolOutput(exitCode, stdout, Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
