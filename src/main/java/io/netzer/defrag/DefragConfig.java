package io.netzer.defrag;

/**
 * Caps and timeout of one worker's IP defragmentation; {@link #defaults()} holds the defaults in one place.
 *
 * @param memoryBytes  fragment bytes held at once, in 1 KiB pages (a datagram's header takes one more); past it
 *                     the oldest datagrams in progress are given up ({@link DropReason#MEMORY})
 * @param maxDatagrams datagrams in progress at once; past it the oldest is given up
 *                     ({@link DropReason#DATAGRAM_CAP})
 * @param timeoutNanos packet time a datagram may take from its first fragment seen to its last
 */
public record DefragConfig(long memoryBytes, int maxDatagrams, long timeoutNanos) {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;

    /** Checks every value. */
    public DefragConfig {
        if (memoryBytes < 2L * 1024) {
            throw new IllegalArgumentException("defragmentation memory: " + memoryBytes
                    + " bytes (expected at least 2048: a header page and a data page)");
        }
        if (maxDatagrams < 1) {
            throw new IllegalArgumentException("datagrams in progress: " + maxDatagrams + " (expected at least 1)");
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("defragmentation timeout: " + timeoutNanos
                    + " ns (expected a positive value)");
        }
    }

    /**
     * The defaults: 32 MiB and 4096 datagrams in progress per worker, 60 s (Suricata's memcap and timeout; Linux
     * holds 4 MiB per namespace for 30 s, a monitor sees many hosts at once).
     */
    public static DefragConfig defaults() {
        return new DefragConfig(32 * MIB, 4096, 60 * SECOND);
    }

    /** This configuration with another memory cap. */
    public DefragConfig withMemory(long bytes) {
        return new DefragConfig(bytes, maxDatagrams, timeoutNanos);
    }

    /** This configuration with another cap on datagrams in progress. */
    public DefragConfig withMaxDatagrams(int datagrams) {
        return new DefragConfig(memoryBytes, datagrams, timeoutNanos);
    }

    /** This configuration with another timeout. */
    public DefragConfig withTimeout(long nanos) {
        return new DefragConfig(memoryBytes, maxDatagrams, nanos);
    }
}
