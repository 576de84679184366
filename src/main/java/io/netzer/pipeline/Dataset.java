package io.netzer.pipeline;

import java.util.Locale;

/**
 * The {@code event.dataset} of an event, as the event streams select them ({@code types=flow,tls}). Whoever writes
 * an event line names its dataset with the line, so nothing reads it back from the line's bytes.
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
    STATS;

    private static final Dataset[] VALUES = values();
    private final String type = name().toLowerCase(Locale.ROOT);

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
            if (d.type.equals(type)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + type
                + "' (expected packet, flow, tls, dns, http or stats)");
    }
}
