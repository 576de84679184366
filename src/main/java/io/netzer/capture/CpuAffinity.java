package io.netzer.capture;

import io.netzer.sys.Libc;
import io.netzer.sys.SystemCallException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Pins threads to CPUs: parses CPU lists in the kernel's format ({@code 0,1}, {@code 0-3}, {@code 0-1,6}), pins the
 * calling thread with sched_setaffinity on its own thread id (pid 0 would mean the same, but naming the tid makes
 * the message of a failure clear), and reads back what the kernel applied.
 */
public final class CpuAffinity {
    /** CPU_SETSIZE of glibc: the CPUs a cpu_set_t can name. */
    public static final int CPU_SETSIZE = 1024;

    private CpuAffinity() {
    }

    /**
     * The CPUs of a list like {@code 0-2,5}, ascending and without duplicates.
     *
     * @throws IllegalArgumentException naming the list and what was expected
     */
    public static int[] parse(String list) {
        BitSet cpus = new BitSet();
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("CPU list is empty (expected e.g. 0,2-3)");
        }
        for (String part : list.split(",", -1)) {
            String item = part.strip();
            int dash = item.indexOf('-');
            int first = cpu(list, dash < 0 ? item : item.substring(0, dash));
            int last = dash < 0 ? first : cpu(list, item.substring(dash + 1));
            if (last < first) {
                throw new IllegalArgumentException("CPU list '" + list + "': range " + item + " runs backwards");
            }
            cpus.set(first, last + 1);
        }
        return cpus.stream().toArray();
    }

    private static int cpu(String list, String text) {
        try {
            int cpu = Integer.parseInt(text.strip());
            if (cpu >= 0 && cpu < CPU_SETSIZE) {
                return cpu;
            }
        } catch (NumberFormatException e) {
            // reported below with the list
        }
        throw new IllegalArgumentException("CPU list '" + list + "': '" + text + "' is not a CPU number"
                + " (expected 0 to " + (CPU_SETSIZE - 1) + ", e.g. 0,2-3)");
    }

    /** The list in the kernel's compact form ({@code 0-2,5}). */
    public static String format(int[] cpus) {
        StringBuilder text = new StringBuilder();
        int[] sorted = cpus.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            int first = sorted[i];
            while (i + 1 < sorted.length && sorted[i + 1] <= sorted[i] + 1) {
                i++;
            }
            text.append(text.isEmpty() ? "" : ",").append(first);
            if (sorted[i] != first) {
                text.append('-').append(sorted[i]);
            }
        }
        return text.toString();
    }

    /** Pins the calling thread to {@code cpus}. */
    public static void pinCurrentThread(int[] cpus) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SETSIZE / 8); // cpu_set_t: an array of unsigned longs
            for (int cpu : cpus) {
                long word = mask.getAtIndex(JAVA_LONG, cpu / 64);
                mask.setAtIndex(JAVA_LONG, cpu / 64, word | 1L << (cpu % 64));
            }
            Libc.sched_setaffinity(Libc.gettid(), mask, format(cpus));
        }
    }

    /** The CPUs the kernel lets thread {@code tid} of this process run on (Cpus_allowed_list). */
    public static int[] allowed(int tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parse(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new IOException("no Cpus_allowed_list in /proc/self/task/" + tid + "/status");
    }
}
