package io.netzer.web;

import io.quarkus.logging.LoggingFilter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Netty's and Vert.x's errors about resources (file descriptors, memory) as one line each, counted, instead of a
 * stack trace per failed accept: a flood of connections once filled stderr with "Too many open files" traces. The
 * first error of a kind is printed as one line on stderr; all are counted in
 * {@code netzer_connection_errors_total{reason}} (reasons {@code file_descriptors}, {@code memory}, {@code io}).
 * Installed as the console's log filter ({@code quarkus.log.console.filter=netzer-resource-errors}) and as the
 * management server's exception handler.
 */
@LoggingFilter(name = "netzer-resource-errors")
public final class ResourceErrors implements Filter {
    private static final ConcurrentMap<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    /** Counts {@code error}; prints one line the first time its kind is seen (ordinary I/O errors: never). */
    public static void report(Throwable error) {
        String reason = reason(error);
        if (reason != null && increment(reason) == 1 && !reason.equals("io")) {
            System.err.println("netzer: web: " + describe(error) + " (counted in netzer_connection_errors_total"
                    + "{reason=\"" + reason + "\"}; not printed again)");
        }
    }

    /** How many errors of {@code reason} were seen. */
    static long count(String reason) {
        AtomicLong count = COUNTS.get(reason);
        return count == null ? 0 : count.get();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (!(logger.startsWith("io.netty") || logger.startsWith("io.vertx"))) {
            return true;
        }
        String reason = thrown == null ? reasonOf(record.getMessage()) : reason(thrown);
        if (reason == null || reason.equals("io")) {
            return true;
        }
        report(thrown == null ? new IllegalStateException(record.getMessage()) : thrown);
        return false;
    }

    private static long increment(String reason) {
        return COUNTS.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    private static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return "memory";
            }
            String reason = reasonOf(t.getMessage());
            if (reason != null) {
                return reason;
            }
        }
        return error instanceof java.io.IOException ? "io" : null;
    }

    private static String reasonOf(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.contains("too many open files")) {
            return "file_descriptors";
        }
        if (text.contains("cannot allocate memory") || text.contains("out of direct memory")) {
            return "memory";
        }
        return null;
    }

    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (reasonOf(t.getMessage()) != null || t instanceof OutOfMemoryError) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return error.toString();
    }
}
