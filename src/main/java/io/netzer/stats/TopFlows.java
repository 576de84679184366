package io.netzer.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The flows with the most bytes among those reported within the last {@code maxAgeMillis}, in a fixed number of slots:
 * a report of a flow already held replaces its row (live counts, an update, then its end; never the end by an earlier
 * report, {@link FlowRow#supersedes}); a new flow takes a free slot, or the slot of the smallest flow if it is larger;
 * a row not reported again within the age goes, a live row within {@link #LIVE_AGE_MILLIS} (its flow ended, and its
 * final row did not come, or it is no longer among its worker's largest). However many distinct flows arrive (a scan, a
 * flood of spoofed sources), memory stays at the slots. Written by one thread (the sampler's), which tells the workers
 * {@link #threshold()} so they skip flows too small to enter.
 */
public final class TopFlows {
    /**
     * How long a live row stays without a new report: its worker publishes it every half second while it runs and is
     * among the worker's largest, so a few samples without it mean neither holds any more.
     */
    public static final long LIVE_AGE_MILLIS = 5_000;

    private final FlowRow[] rows;
    private final long[] reportedMillis;
    private final long maxAgeMillis;
    private int used;

    /**
     * A table of {@code slots} flows.
     *
     * @param maxAgeMillis how long a row stays without a new report of its flow
     */
    public TopFlows(int slots, long maxAgeMillis) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected at least 1)");
        }
        rows = new FlowRow[slots];
        reportedMillis = new long[slots];
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Takes the report of a flow at {@code nowMillis}. */
    public void add(FlowRow row, long nowMillis) {
        int at = find(row);
        if (at >= 0 && !row.supersedes(rows[at])) {
            return;
        }
        if (at < 0) {
            if (used < rows.length) {
                at = used++;
            } else {
                at = smallest();
                if (rows[at].bytes() >= row.bytes()) {
                    return;
                }
            }
        }
        rows[at] = row;
        reportedMillis[at] = nowMillis;
    }

    /** Forgets the rows not reported within their age as of {@code nowMillis}. */
    public void expire(long nowMillis) {
        for (int i = 0; i < used; ) {
            long age = rows[i].endReason() == null ? LIVE_AGE_MILLIS : maxAgeMillis;
            if (nowMillis - reportedMillis[i] > age) {
                used--;
                rows[i] = rows[used];
                reportedMillis[i] = reportedMillis[used];
                rows[used] = null;
            } else {
                i++;
            }
        }
    }

    /**
     * Bytes a new flow must exceed to enter: the smallest row's once every slot is used, else 0. A held flow has
     * at least this many, and its reports only grow, so a report below it changes nothing (until rows expire).
     */
    public long threshold() {
        return used < rows.length ? 0 : rows[smallest()].bytes();
    }

    /** How many rows are held. */
    public int size() {
        return used;
    }

    /** The {@code limit} largest flows, most bytes first. */
    public List<FlowRow> top(int limit) {
        List<FlowRow> all = new ArrayList<>(used);
        for (int i = 0; i < used; i++) {
            all.add(rows[i]);
        }
        all.sort(Comparator.comparingLong(FlowRow::bytes).reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    private int find(FlowRow row) {
        for (int i = 0; i < used; i++) {
            if (rows[i].sameFlow(row)) {
                return i;
            }
        }
        return -1;
    }

    private int smallest() {
        int min = 0;
        for (int i = 1; i < used; i++) {
            if (rows[i].bytes() < rows[min].bytes()) {
                min = i;
            }
        }
        return min;
    }
}
