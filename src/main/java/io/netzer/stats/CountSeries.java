package io.netzer.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-second rates of a fixed set of named cumulative counters (DNS responses by code, kernel drops, ...), each the
 * last {@link StatsSampler#SERIES_SECONDS} seconds long. Fed once a second by the sampler's thread with the
 * counters' totals; a counter that went backwards (its source restarted) counts as 0 for that second.
 */
public final class CountSeries {
    private final List<String> names;
    private final RateSeries[] series;
    private final long[] last;

    /** Series for the counters {@code names}, in that order. */
    public CountSeries(List<String> names) {
        this.names = List.copyOf(names);
        this.series = new RateSeries[names.size()];
        for (int i = 0; i < series.length; i++) {
            series[i] = new RateSeries(StatsSampler.SERIES_SECONDS);
        }
        this.last = new long[names.size()];
    }

    /**
     * Appends the rates since the last call.
     *
     * @param totals  the counters now, in the order of the names
     * @param seconds time since the last call; 0 (the first call) only takes the totals
     */
    public void sample(long[] totals, double seconds) {
        for (int i = 0; i < series.length; i++) {
            if (seconds > 0) {
                series[i].add(Math.max(0, totals[i] - last[i]) / seconds);
            }
            last[i] = totals[i];
        }
    }

    /** Each counter's total and its series, oldest first. */
    public List<Series> snapshot() {
        List<Series> out = new ArrayList<>(series.length);
        for (int i = 0; i < series.length; i++) {
            out.add(new Series(names.get(i), last[i], series[i].copy()));
        }
        return List.copyOf(out);
    }

    /**
     * One counter.
     *
     * @param name      what it counts
     * @param total     its total at the last sample
     * @param perSecond its rate each second, oldest first, aligned with the traffic series
     */
    public record Series(String name, long total, double[] perSecond) {
    }
}
