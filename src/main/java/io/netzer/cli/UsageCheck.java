package io.netzer.cli;

import io.netzer.capture.CaptureFiles;
import java.util.ArrayList;
import java.util.List;

/** Options that cannot go together, values out of range, and what this build does not do yet: exit status 2. */
final class UsageCheck {
    private UsageCheck() {
    }

    static void check(NetzerCommand options) {
        List<String> unavailable = new ArrayList<>();
        for (String event : options.events) {
            switch (event) {
                case "packet", "flow", "tls", "dns", "http" -> { }
                case "stats" -> notYet(unavailable, true, "--events " + event);
                default -> throw new UsageException("--events: unknown event type '" + event
                        + "' (expected packet, flow, tls, dns, http or stats)");
            }
        }
        if (!unavailable.isEmpty()) {
            throw new UsageException("not available yet: " + String.join(", ", unavailable));
        }
        checkServe(options);
        options.tcpdump.check(options);
        if (rotates(options) && (options.writeFile == null || options.writeFile.toString().equals("-"))) {
            throw new UsageException("--rotate-size and --rotate-seconds (-C, -G) rotate -w files: give -w FILE");
        }
        if (options.count < 0) {
            throw new UsageException("-c/--count: expected a positive number of packets, got " + options.count);
        }
        if (options.readFile != null) {
            List<String> liveOnly = new ArrayList<>();
            notYet(liveOnly, options.interfaceName != null, "-i");
            notYet(liveOnly, options.noSeccomp, "--no-seccomp");
            notYet(liveOnly, options.cpuList != null, "--cpu");
            notYet(liveOnly, options.ringBlockSize != null || options.ringBlocks != null
                    || options.ringBlockTimeout != null, "ring options");
            if (!liveOnly.isEmpty()) {
                throw new UsageException("-r reads a file: " + String.join(", ", liveOnly)
                        + " only apply to live capture");
            }
            checkFileWorkers(options);
        }
        if (options.workers != null && options.workers < 1) {
            throw new UsageException("--workers: expected at least 1, got " + options.workers);
        }
        if (options.snaplen != null && options.snaplen < 1) {
            throw new UsageException("-s/--snaplen: expected a positive number of bytes, got " + options.snaplen);
        }
    }

    /**
     * {@code -r F --workers N}: every worker reads the whole file, so standard input, which can be read once, takes
     * one; {@code -c}'s first N packets of a file are the order of one reader.
     */
    private static void checkFileWorkers(NetzerCommand options) {
        if (options.workers == null || options.workers < 2) {
            return;
        }
        if (options.readFile.toString().equals(CaptureFiles.STANDARD_INPUT)) {
            throw new UsageException("--workers: -r - reads standard input, which only one worker can read;"
                    + " give -r FILE");
        }
        if (options.count > 0) {
            throw new UsageException("--workers with -r: -c takes one worker (the first N packets of a file are"
                    + " one reader's)");
        }
        if (rotates(options)) {
            throw new UsageException("not available yet: rotating -w files (-C, -G) with more than one worker");
        }
    }

    private static boolean rotates(NetzerCommand options) {
        return options.rotateSize != null || options.rotateSeconds != null || options.tcpdump.fileSize != null
                || options.tcpdump.rotateSeconds != null;
    }

    private static void checkServe(NetzerCommand options) {
        if (!options.serve && (options.port != null || options.bind != null || options.authTokenFile != null)) {
            throw new UsageException("--port, --bind and --auth-token-file apply to --serve");
        }
        if (options.serve && options.readFile != null) {
            throw new UsageException("--serve serves a live capture: it does not apply to -r");
        }
        if (options.port != null && (options.port < 0 || options.port > 65535)) {
            throw new UsageException("--port: expected 0 to 65535, got " + options.port);
        }
    }

    private static void notYet(List<String> list, boolean used, String what) {
        if (used) {
            list.add(what);
        }
    }

    /** Parses a size such as {@code 4M}, {@code 512k} or {@code 1048576} (k, M, G are powers of 1024). */
    static long size(String option, String text) {
        String digits = text.strip();
        long unit = 1;
        char last = digits.isEmpty() ? ' ' : Character.toUpperCase(digits.charAt(digits.length() - 1));
        switch (last) {
            case 'K' -> unit = 1L << 10;
            case 'M' -> unit = 1L << 20;
            case 'G' -> unit = 1L << 30;
            default -> { }
        }
        if (unit > 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            long value = Long.parseLong(digits);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(option + ": expected a size such as 4M, 512k or 1048576, got '" + text + "'");
        }
    }
}
