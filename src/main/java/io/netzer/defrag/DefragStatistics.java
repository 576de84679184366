package io.netzer.defrag;

import java.util.Arrays;

/**
 * What one or more workers' defragmentation did, for the closing lines and metrics: every datagram begun is
 * handed on whole, given up for one reason, or still in progress.
 *
 * @param fragments         IPv4 and IPv6 fragments seen (atomic fragments not included)
 * @param datagrams         datagrams reassembled and handed on whole
 * @param dropped           datagrams given up, by {@link DropReason} ordinal
 * @param overlapsDiffering overlaps by different bytes (the first bytes were kept)
 * @param atomic            IPv6 atomic fragments (offset 0, no more to follow; RFC 6946), passed on as they are
 * @param tiny              first fragments too short to hold their transport header
 * @param held              datagrams in progress when taken
 * @param peakHeldBytes     most fragment memory held at once (whole pages), per worker summed
 */
public record DefragStatistics(long fragments, long datagrams, long[] dropped, long overlapsDiffering, long atomic,
        long tiny, long held, long peakHeldBytes) {
    /** Nothing seen. */
    public static final DefragStatistics ZERO = new DefragStatistics(0, 0, new long[DropReason.values().length], 0,
            0, 0, 0, 0);

    /** Datagrams given up for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()];
    }

    /** The sum of this and {@code other} (two workers). */
    public DefragStatistics plus(DefragStatistics other) {
        long[] sum = Arrays.copyOf(dropped, dropped.length);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.dropped[i];
        }
        return new DefragStatistics(fragments + other.fragments, datagrams + other.datagrams, sum,
                overlapsDiffering + other.overlapsDiffering, atomic + other.atomic, tiny + other.tiny,
                held + other.held, peakHeldBytes + other.peakHeldBytes);
    }
}
