package io.netzer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the trusted tools the tests compare against (tshark, tcpdump), skipping when one is not installed. */
public final class Tools {
    private static final long TIMEOUT_SECONDS = 300;

    private Tools() {
    }

    /** The result of a finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Skips the calling test unless {@code tool} is on the PATH. */
    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        assumeTrue(found, tool + " is not installed (.ci/run installs it)");
    }

    /** Runs a command to completion, capturing stdout and stderr. */
    public static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    /** Runs a command to completion with no input, capturing stdout and stderr. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("netzer-tool", ".out");
        Path err = Files.createTempFile("netzer-tool", ".err");
        try {
            List<String> withPath = new ArrayList<>(command);
            ProcessBuilder builder = new ProcessBuilder(withPath).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("PATH", builder.environment().getOrDefault("PATH", "") + ":/usr/sbin:/sbin");
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
