package io.netzer.stats;

import java.util.List;

/**
 * Samples the dashboard's on-call panels once a second, on the same thread and at the same moments as the
 * {@link StatsSampler}, so their series line up: the rates of the {@link AppOutcomes} counters, of kernel drops
 * and of events dropped, and the {@link TopFlows} fed by the workers' running flows and the flow events since the
 * last sample.
 */
public final class PanelSampler {
    /** Flows the top-flows table holds; the dashboard shows the first {@link StatsSampler#TOP_ROWS}. */
    public static final int FLOW_SLOTS = 64;
    /** How long a flow stays in the table without a new report: the span of the series. */
    public static final long FLOW_AGE_MILLIS = StatsSampler.SERIES_SECONDS * 1000L;

    private final AppOutcomes outcomes;
    private final FlowFeed feed;
    private final TopFlows flows = new TopFlows(FLOW_SLOTS, FLOW_AGE_MILLIS);
    private final CountSeries dns = new CountSeries(AppOutcomes.DNS_CODES);
    private final CountSeries http = new CountSeries(AppOutcomes.HTTP_CLASSES);
    private final CountSeries tls = new CountSeries(AppOutcomes.TLS_VERSIONS);
    private final CountSeries drops = new CountSeries(List.of("kernel drops", "events dropped"));
    private long lastMillis = -1;
    private volatile PanelSnapshot latest;

    /** Where the top flows come from (the workers' running flows, the flow events); drained by the sampler's thread. */
    @FunctionalInterface
    public interface FlowFeed {
        /**
         * Adds the flows running now and those reported since the last call; then {@link TopFlows#threshold()} is what
         * a new report must reach to matter.
         *
         * @param nowMillis the sample's time, for the rows' age
         */
        void drainInto(TopFlows flows, long nowMillis);
    }

    /** A sampler of {@code outcomes} and of the flows {@code feed} hands over. */
    public PanelSampler(AppOutcomes outcomes, FlowFeed feed) {
        this.outcomes = outcomes;
        this.feed = feed;
        this.latest = publish();
    }

    /**
     * Takes a sample at {@code epochMillis} and publishes it.
     *
     * @param kernelDrops   packets the kernel dropped so far
     * @param eventsDropped events dropped for stream clients so far
     */
    public synchronized PanelSnapshot sample(long epochMillis, long kernelDrops, long eventsDropped) {
        double seconds = lastMillis >= 0 && epochMillis > lastMillis ? (epochMillis - lastMillis) / 1000.0 : 0;
        lastMillis = epochMillis;
        dns.sample(outcomes.dnsTotals(), seconds);
        http.sample(outcomes.httpTotals(), seconds);
        tls.sample(outcomes.tlsTotals(), seconds);
        drops.sample(new long[] {kernelDrops, eventsDropped}, seconds);
        flows.expire(epochMillis);
        feed.drainInto(flows, epochMillis);
        PanelSnapshot snapshot = publish();
        latest = snapshot;
        return snapshot;
    }

    private PanelSnapshot publish() {
        List<CountSeries.Series> dropSeries = drops.snapshot();
        return new PanelSnapshot(flows.top(StatsSampler.TOP_ROWS), dns.snapshot(), http.snapshot(), tls.snapshot(),
                dropSeries.get(0), dropSeries.get(1));
    }

    /** The last published snapshot (any thread). */
    public PanelSnapshot latest() {
        return latest;
    }
}
