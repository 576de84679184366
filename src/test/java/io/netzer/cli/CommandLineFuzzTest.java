package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated capture files through the command line's own code, in one JVM, in every output mode: text, {@code -q},
 * {@code --json}, {@code --events flow,tls,dns,http --json} and {@code -w}. An input fails the run when NetZer
 * throws (a stack trace, or an error line that is not a fault of the file naming the file), exits with another
 * status than 0 or 1, takes longer than {@link #INPUT_TIMEOUT_SECONDS}, or writes an NDJSON line that is not one
 * JSON object.
 *
 * <p>Mutations of the corpus's files (those up to 256 KiB): bit flips, length fields set to edge values (pcap
 * record captured and original lengths, pcapng block and packet lengths, in the file's byte order), truncation,
 * and splicing two files. The seed is fixed, so a run is repeatable; {@code -Dnetzer.fuzz.iterations=N} (default
 * 40, about a minute) and {@code -Dnetzer.fuzz.seed=S} run longer or elsewhere. A failing input is kept in
 * {@code target/fuzz-failures}; copied to {@code src/test/resources/fuzz-regressions}, it runs in every mode on
 * every build ({@link #shouldSurviveEveryInputThatEverFailed}).
 */
class CommandLineFuzzTest {
    private static final long SEED = Long.getLong("netzer.fuzz.seed", 20_261_206L);
    private static final int ITERATIONS = Integer.getInteger("netzer.fuzz.iterations", 120);
    private static final long INPUT_TIMEOUT_SECONDS = 30;
    private static final int MAX_CORPUS_FILE = 256 * 1024;
    private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions");
    private static final Path FAILURES = Path.of("target/fuzz-failures");
    private static final int[] EDGE_LENGTHS = {0, 1, 13, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff, 65_535,
            262_144, 262_145};
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fuzz-input");
        thread.setDaemon(true);
        return thread;
    });

    @TempDir
    Path dir;
    private long runsRead;
    private long runsFaulted;

    @AfterAll
    static void stopRunner() {
        RUNNER.shutdownNow();
    }

    @Test
    void shouldSurviveMutatedCorpusFilesInEveryOutputMode() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (Path file : Corpus.files()) {
            if (Files.size(file) <= MAX_CORPUS_FILE) {
                corpus.add(Files.readAllBytes(file));
            }
        }
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, corpus);
            Path file = Files.write(dir.resolve("fuzz-" + SEED + "-" + i + ".pcap"), input);
            String failure = check(file);
            if (failure != null) {
                Files.createDirectories(FAILURES);
                Path kept = Files.copy(file, FAILURES.resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                failures.add(kept + ": " + failure);
            }
            Files.delete(file);
        }
        // the summary the README quotes for a long run
        System.out.println("fuzz: " + ITERATIONS + " mutated inputs, seed " + SEED + ", 5 output modes: " + runsRead
                + " runs read to the end, " + runsFaulted + " stopped at a fault of the file, " + failures.size()
                + " inputs failed");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + ITERATIONS + " inputs failed (seed " + SEED + "):\n"
                    + String.join("\n", failures));
        }
    }

    @Test
    void shouldSurviveEveryInputThatEverFailed() throws Exception {
        List<Path> inputs;
        try (Stream<Path> listing = Files.list(REGRESSIONS)) {
            inputs = listing.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path input : inputs) {
            String failure = check(input);
            if (failure != null) {
                failures.add(input + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** Runs {@code input} in every output mode; the first failure, or null. */
    private String check(Path input) throws Exception {
        Path written = dir.resolve("written.pcap");
        List<List<String>> modes = List.of(List.of(), List.of("-q"), List.of("--json"),
                List.of("--events", "flow,tls,dns,http", "--json"), List.of("-w", written.toString()));
        for (List<String> mode : modes) {
            List<String> args = new ArrayList<>(List.of("-r", input.toString()));
            args.addAll(mode);
            Future<NetzerCli.Result> running = RUNNER.submit(() -> NetzerCli.run(args.toArray(String[]::new)));
            NetzerCli.Result run;
            try {
                run = running.get(INPUT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                running.cancel(true);
                return String.join(" ", mode) + ": still running after " + INPUT_TIMEOUT_SECONDS + " s";
            }
            if (run.exitCode() == 0) {
                runsRead++;
            } else {
                runsFaulted++;
            }
            String failure = judge(input, mode, run);
            if (failure != null) {
                return String.join(" ", mode) + ": " + failure;
            }
        }
        return null;
    }

    private static String judge(Path input, List<String> mode, NetzerCli.Result run) {
        if (run.exitCode() != 0 && run.exitCode() != 1) {
            return "exit status " + run.exitCode() + ": " + run.stderr();
        }
        if (run.stderr().contains("\tat ") || run.stderr().contains("Exception")) {
            return "an exception: " + run.stderr();
        }
        List<String> errors = run.stderr().lines().filter(l -> l.startsWith("netzer: ")).toList();
        if (run.exitCode() == 1 && (errors.size() != 1 || !errors.get(0).startsWith("netzer: " + input + ": "))) {
            return "not one line naming a fault of the file: " + run.stderr();
        }
        if (mode.contains("--json")) {
            for (String line : run.stdoutText().lines().toList()) {
                try {
                    JsonNode event = JSON.readTree(line);
                    if (!event.isObject()) {
                        return "an NDJSON line that is not an object: " + line;
                    }
                } catch (IOException e) {
                    return "an NDJSON line that is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                            + "): " + line;
                }
            }
        }
        return null;
    }

    /** One or two mutations of a corpus file (or of two, spliced). */
    static byte[] mutate(SplittableRandom random, List<byte[]> corpus) {
        byte[] input = corpus.get(random.nextInt(corpus.size()));
        int rounds = 1 + random.nextInt(2);
        for (int round = 0; round < rounds; round++) {
            input = switch (random.nextInt(4)) {
                case 0 -> flipBits(random, input);
                case 1 -> corruptLength(random, input);
                case 2 -> Arrays.copyOf(input, random.nextInt(input.length + 1));
                default -> splice(random, input, corpus.get(random.nextInt(corpus.size())));
            };
        }
        return input;
    }

    private static byte[] flipBits(SplittableRandom random, byte[] input) {
        byte[] out = input.clone();
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] splice(SplittableRandom random, byte[] first, byte[] second) {
        int head = random.nextInt(first.length + 1);
        int tail = random.nextInt(second.length + 1);
        byte[] out = Arrays.copyOf(first, head + second.length - tail);
        System.arraycopy(second, tail, out, head, second.length - tail);
        return out;
    }

    /** Sets one length field found by walking the file (pcap records or pcapng blocks) to an edge value. */
    private static byte[] corruptLength(SplittableRandom random, byte[] input) {
        List<Integer> fields = lengthFields(input);
        if (fields.isEmpty()) {
            return flipBits(random, input);
        }
        byte[] out = input.clone();
        ByteBuffer buffer = ByteBuffer.wrap(out).order(order(input));
        int at = fields.get(random.nextInt(fields.size()));
        int value = EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)];
        buffer.putInt(at, random.nextBoolean() ? value : buffer.getInt(at) + random.nextInt(-8, 9));
        return out;
    }

    private static ByteOrder order(byte[] input) {
        if (input.length < 4) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int little = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (little == 0x0a0d0d0a && input.length >= 12) {
            // pcapng: the section header's byte-order magic
            return ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).getInt(8) == 0x1a2b3c4d
                    ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        }
        return little == 0xa1b2c3d4 || little == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** Offsets of the length fields: pcap captured and original lengths; pcapng block and packet lengths. */
    private static List<Integer> lengthFields(byte[] input) {
        List<Integer> fields = new ArrayList<>();
        if (input.length < 24) {
            return fields;
        }
        ByteBuffer buffer = ByteBuffer.wrap(input).order(order(input));
        boolean pcapng = buffer.getInt(0) == 0x0a0d0d0a;
        long at = pcapng ? 0 : 24;
        while (at + 16 <= input.length && fields.size() < 10_000) {
            int position = (int) at;
            if (pcapng) {
                fields.add(position + 4);
                if (buffer.getInt(position) == 6 && at + 28 <= input.length) {
                    fields.add(position + 20);
                    fields.add(position + 24);
                }
                long length = Integer.toUnsignedLong(buffer.getInt(position + 4));
                if (length < 12) {
                    break;
                }
                at += length;
            } else {
                fields.add(position + 8);
                fields.add(position + 12);
                at += 16 + Integer.toUnsignedLong(buffer.getInt(position + 8));
            }
        }
        return fields;
    }
}
