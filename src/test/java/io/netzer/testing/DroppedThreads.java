package io.netzer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The privilege drop of a running NetZer as seen from outside, in {@code /proc/PID/task/*}{@code /status}: every
 * thread, the JVM's own (GC, JIT, signal dispatcher) and Vert.x's included, not only those NetZer started.
 */
public final class DroppedThreads {
    private DroppedThreads() {
    }

    /**
     * Asserts that every thread of {@code pid} runs with uid and gid {@code id} (real, effective, saved, file
     * system), no supplementary group, no capability in the inheritable, permitted, effective or ambient set,
     * no_new_privs, and, when {@code filters} is positive, seccomp filters ({@code Seccomp: 2}), at least
     * {@code filters} of them where the kernel counts them ({@code Seccomp_filters}, Linux 5.9 and later: a
     * container runtime installs its own filter, so NetZer's makes one more there).
     *
     * @return the names of the threads checked (at least {@code minimumThreads}, as a JVM has many)
     */
    public static List<String> assertEveryThreadDropped(long pid, int id, int filters, int minimumThreads)
            throws IOException {
        List<Path> tasks;
        try (Stream<Path> listing = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = listing.toList();
        }
        assertTrue(tasks.size() >= minimumThreads, "a JVM has threads: " + tasks);
        String ids = String.join("\t", Collections.nCopies(4, Integer.toString(id)));
        List<String> checked = new ArrayList<>();
        for (Path task : tasks) {
            String status;
            try {
                status = Files.readString(task.resolve("status"));
            } catch (NoSuchFileException e) {
                continue; // the thread ended meanwhile
            }
            String thread = task.getFileName() + " (" + field(status, "Name") + ") ";
            assertEquals(ids, field(status, "Uid"), thread + "Uid");
            assertEquals(ids, field(status, "Gid"), thread + "Gid");
            assertEquals("", field(status, "Groups"), thread + "Groups");
            for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapAmb")) {
                assertEquals("0000000000000000", field(status, set), thread + set);
            }
            assertEquals("1", field(status, "NoNewPrivs"), thread + "NoNewPrivs");
            if (filters > 0) {
                assertEquals("2", field(status, "Seccomp"), thread + "Seccomp");
                if (status.contains("\nSeccomp_filters:")) {
                    int count = Integer.parseInt(field(status, "Seccomp_filters"));
                    assertTrue(count >= filters, thread + "Seccomp_filters " + count + ", expected " + filters);
                }
            }
            checked.add(field(status, "Name"));
        }
        return checked;
    }

    /** The value of field {@code name} in a {@code /proc/.../status} text, trimmed. */
    public static String field(String status, String name) {
        return status.lines().filter(line -> line.startsWith(name + ":")).findFirst()
                .map(line -> line.substring(name.length() + 1).strip())
                .orElseThrow(() -> new AssertionError("no " + name + " in /proc status"));
    }
}
