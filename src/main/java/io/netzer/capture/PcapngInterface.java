package io.netzer.capture;

/**
 * One interface of a pcapng file as its Interface Description Block declares it (draft-ietf-opsawg-pcapng section
 * 4.2): link type, snapshot length, name, and how its packets' timestamps turn into nanoseconds since the epoch.
 *
 * <p>Timestamps are 64-bit counts of units of {@code if_tsresol} (section 4.2, option 9: a negative power of 10
 * when the top bit is clear, of 2 when it is set; microseconds when absent) plus {@code if_tsoffset} seconds
 * (option 14). The conversion splits seconds from the fraction first, as libpcap does, so that no resolution
 * overflows a long before the fraction is scaled.
 */
final class PcapngInterface {
    /** Resolution when the IDB has no {@code if_tsresol}: microseconds. */
    static final int DEFAULT_DECIMAL_EXPONENT = 6;
    /** Largest negative power of 10 whose unit count per second fits in 64 unsigned bits (libpcap's limit). */
    static final int MAX_DECIMAL_EXPONENT = 19;
    /** Largest negative power of 2 that fits in 64 bits. */
    static final int MAX_BINARY_EXPONENT = 63;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int NANOSECOND_EXPONENT = 9;
    /** 2^-20 s is the first binary resolution finer than a microsecond. */
    private static final int FIRST_SUB_MICROSECOND_BINARY_EXPONENT = 20;

    private final int linkType;
    private final int snapLength;
    private final String name;
    private final boolean binary;
    private final int exponent;
    private final long offsetSeconds;
    /** For decimal resolutions: units per second, an unsigned long (10^19 does not fit a signed one). */
    private final long unitsPerSecond;
    /** For decimal resolutions: 10^|exponent - 9|, by which the fraction is multiplied or divided. */
    private final long fractionScale;

    /**
     * An interface.
     *
     * @param linkType      the IDB's LinkType
     * @param snapLength    the IDB's SnapLen, 0 for no limit
     * @param name          {@code if_name}, or null
     * @param binary        whether the resolution is a power of 2
     * @param exponent      the resolution is 10^-exponent or 2^-exponent seconds
     * @param offsetSeconds {@code if_tsoffset}
     */
    PcapngInterface(int linkType, int snapLength, String name, boolean binary, int exponent, long offsetSeconds) {
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.name = name;
        this.binary = binary;
        this.exponent = exponent;
        this.offsetSeconds = offsetSeconds;
        this.unitsPerSecond = binary ? 0 : powerOfTen(exponent);
        this.fractionScale = binary ? 0 : powerOfTen(Math.abs(exponent - NANOSECOND_EXPONENT));
    }

    private static long powerOfTen(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** The link type of the interface's packets. */
    int linkType() {
        return linkType;
    }

    /** The snapshot length, 0 when the IDB sets no limit. */
    int snapLength() {
        return snapLength;
    }

    /** {@code if_name}, or null. */
    String name() {
        return name;
    }

    /** Whether the resolution is finer than a microsecond (a pcap writer then keeps nanoseconds). */
    boolean finerThanMicroseconds() {
        return binary ? exponent >= FIRST_SUB_MICROSECOND_BINARY_EXPONENT : exponent > DEFAULT_DECIMAL_EXPONENT;
    }

    /** Converts a timestamp in this interface's units (an unsigned 64-bit count) to nanoseconds since the epoch. */
    long timestampNanos(long units) {
        long seconds;
        long fractionNanos;
        if (binary) {
            seconds = units >>> exponent;
            long fraction = units & ((1L << exponent) - 1);
            fractionNanos = exponent == 0 ? 0 : scaleBinaryFraction(fraction);
        } else {
            seconds = Long.divideUnsigned(units, unitsPerSecond);
            long fraction = Long.remainderUnsigned(units, unitsPerSecond);
            fractionNanos = exponent <= NANOSECOND_EXPONENT ? fraction * fractionScale : fraction / fractionScale;
        }
        return (seconds + offsetSeconds) * NANOS_PER_SECOND + fractionNanos;
    }

    /** fraction * 10^9 / 2^exponent with a 128-bit product, since fraction * 10^9 overflows past 2^-33. */
    private long scaleBinaryFraction(long fraction) {
        long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
        long low = fraction * NANOS_PER_SECOND;
        return (high << (Long.SIZE - exponent)) | (low >>> exponent);
    }
}
