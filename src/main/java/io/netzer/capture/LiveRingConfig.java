package io.netzer.capture;

/**
 * What a live capture opens: the interface, the snapshot length, promiscuous mode and the TPACKET_V3 ring's
 * geometry. {@link #of(String)} gives the defaults; the {@code withXxx} methods change one value.
 *
 * @param interfaceName      the interface, or {@code any} for every interface (Linux cooked headers)
 * @param snapshotLength     the most bytes kept of each packet
 * @param promiscuous        whether to put the interface in promiscuous mode (never for {@code any})
 * @param blockSize          bytes per ring block, a multiple of the page size
 * @param blockCount         blocks in the ring
 * @param frameSize          TPACKET_V3 frames vary in size; the kernel only checks this value against the block
 *                           size, and it must be a multiple of 16 that divides the block size
 * @param blockTimeoutMillis how long the kernel waits before handing over a block that is not full
 */
public record LiveRingConfig(String interfaceName, int snapshotLength, boolean promiscuous, int blockSize,
        int blockCount, int frameSize, int blockTimeoutMillis) {

    /** The pseudo-interface that captures on every interface. */
    public static final String ANY = "any";
    /** tcpdump's default snapshot length. */
    public static final int DEFAULT_SNAPSHOT_LENGTH = 262_144;
    /** 4 MiB blocks. */
    public static final int DEFAULT_BLOCK_SIZE = 4 << 20;
    /** 64 blocks: a 256 MiB ring. */
    public static final int DEFAULT_BLOCK_COUNT = 64;
    /** Frame size given to the kernel. */
    public static final int DEFAULT_FRAME_SIZE = 2048;
    /**
     * 100 ms block timeout: the latency of a quiet link (tcpdump's is 1 s). Each block the timeout closes costs a
     * wake-up of the worker, and on a quiet link the ring holds blocks times timeout of
     * traffic: at 10 ms, 64 blocks covered 0.64 s of stalls and the wake-ups cost more CPU than the packets.
     */
    public static final int DEFAULT_BLOCK_TIMEOUT_MILLIS = 100;

    private static final int PAGE_SIZE = 4096;

    /** Checks every value, naming it with what was expected. */
    public LiveRingConfig {
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name '" + interfaceName + "' (expected 1 to 15 characters)");
        }
        if (snapshotLength < 1) {
            throw new IllegalArgumentException("snapshot length " + snapshotLength + " (expected 1 or more)");
        }
        if (blockSize < PAGE_SIZE || blockSize % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("ring block size " + blockSize + " (expected a multiple of "
                    + PAGE_SIZE + ")");
        }
        if (blockCount < 2) {
            throw new IllegalArgumentException("ring block count " + blockCount + " (expected 2 or more)");
        }
        if ((long) blockSize * blockCount > 1L << 40) {
            throw new IllegalArgumentException("ring of " + blockCount + " blocks of " + blockSize
                    + " bytes (expected at most 1 TiB)");
        }
        if (frameSize < 128 || frameSize % 16 != 0 || blockSize % frameSize != 0) {
            throw new IllegalArgumentException("ring frame size " + frameSize
                    + " (expected a multiple of 16, at least 128, that divides the block size " + blockSize + ")");
        }
        if (blockTimeoutMillis < 1) {
            throw new IllegalArgumentException("ring block timeout " + blockTimeoutMillis + " ms (expected 1 or more)");
        }
    }

    /** The defaults for {@code interfaceName}: tcpdump's snapshot length, promiscuous, 64 blocks of 4 MiB, 10 ms. */
    public static LiveRingConfig of(String interfaceName) {
        return new LiveRingConfig(interfaceName, DEFAULT_SNAPSHOT_LENGTH, true, DEFAULT_BLOCK_SIZE,
                DEFAULT_BLOCK_COUNT, DEFAULT_FRAME_SIZE, DEFAULT_BLOCK_TIMEOUT_MILLIS);
    }

    /** This configuration with another snapshot length. */
    public LiveRingConfig withSnapshotLength(int length) {
        return new LiveRingConfig(interfaceName, length, promiscuous, blockSize, blockCount, frameSize,
                blockTimeoutMillis);
    }

    /** This configuration with promiscuous mode on or off. */
    public LiveRingConfig withPromiscuous(boolean on) {
        return new LiveRingConfig(interfaceName, snapshotLength, on, blockSize, blockCount, frameSize,
                blockTimeoutMillis);
    }

    /** This configuration with another ring geometry. */
    public LiveRingConfig withRing(int size, int count, int timeoutMillis) {
        return new LiveRingConfig(interfaceName, snapshotLength, promiscuous, size, count,
                Math.min(frameSize, size), timeoutMillis);
    }

    /** Whether this captures on every interface. */
    public boolean isAny() {
        return ANY.equals(interfaceName);
    }
}
