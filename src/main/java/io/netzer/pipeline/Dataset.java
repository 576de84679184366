package io.netzer.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code event.dataset} of an NDJSON event line, as the event streams select them ({@code types=flow,tls}).
 * Read from the line's bytes: every event names its dataset near its start ({@code "event":{"dataset":"netzer.X"}}),
 * so any event type a sink writes reaches the streams with no change here beyond its name.
 */
public enum Dataset {
    /** {@code netzer.packet}. */
    PACKET,
    /** {@code netzer.flow}. */
    FLOW,
    /** {@code netzer.tls}. */
    TLS,
    /** {@code netzer.dns}. */
    DNS,
    /** {@code netzer.http}. */
    HTTP,
    /** {@code netzer.stats}. */
    STATS,
    /** Any other dataset. */
    OTHER;

    private static final Dataset[] VALUES = values();
    private static final byte[] MARKER = "\"dataset\":\"netzer.".getBytes(StandardCharsets.US_ASCII);
    private static final int SEARCH_LIMIT = 160;

    private final String type = name().toLowerCase(Locale.ROOT);
    private final byte[] suffix = (type + "\"").getBytes(StandardCharsets.US_ASCII);

    /** The name used in {@code types=} and in the dataset ({@code netzer.} + type). */
    public String type() {
        return type;
    }

    /** The bit of this dataset in a mask of datasets. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The dataset named by {@code type} ({@code packet}, {@code flow}, ...). */
    public static Dataset ofType(String type) {
        for (Dataset d : VALUES) {
            if (d != OTHER && d.type.equals(type)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + type
                + "' (expected packet, flow, tls, dns, http or stats)");
    }

    /** The dataset of the event line at {@code offset}, from its first bytes; {@link #OTHER} if none matches. */
    public static Dataset of(byte[] line, int offset, int length) {
        int end = offset + Math.min(length, SEARCH_LIMIT) - MARKER.length;
        for (int i = offset; i <= end; i++) {
            if (line[i] == '"' && matches(line, i, MARKER)) {
                int at = i + MARKER.length;
                for (Dataset d : VALUES) {
                    if (d != OTHER && matches(line, at, d.suffix)) {
                        return d;
                    }
                }
                return OTHER;
            }
        }
        return OTHER;
    }

    private static boolean matches(byte[] line, int at, byte[] expected) {
        if (at + expected.length > line.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (line[at + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
