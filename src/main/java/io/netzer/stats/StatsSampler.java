package io.netzer.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the workers' cumulative counters into what the dashboard shows: called once a second by one thread, it
 * sums the workers, appends the last second's rates to the series, merges the workers' top talkers, takes the
 * top names, and publishes an immutable {@link StatsSnapshot} that any thread may read.
 */
public final class StatsSampler {
    /** Seconds of history kept: the dashboard's chart spans five minutes. */
    public static final int SERIES_SECONDS = 300;
    /** Rows of the top lists. */
    public static final int TOP_ROWS = 10;
    private static final int NAME_SLOTS = 256;

    private final List<WorkerStats> workers;
    private final List<String> decodeReasons;
    private final NameFeed names;
    private final RateSeries packetSeries = new RateSeries(SERIES_SECONDS);
    private final RateSeries bitSeries = new RateSeries(SERIES_SECONDS);
    private final TopNames serverNames = new TopNames(NAME_SLOTS);
    private final TopNames dnsNames = new TopNames(NAME_SLOTS);
    private long lastMillis = -1;
    private long lastPackets;
    private long lastBytes;
    private volatile StatsSnapshot latest = StatsSnapshot.EMPTY;

    /** Where the names of the top lists come from (the tls and dns events); drained by the sampler's thread. */
    @FunctionalInterface
    public interface NameFeed {
        /** Adds the names seen since the last call. */
        void drainInto(TopNames serverNames, TopNames dnsNames);
    }

    /**
     * A sampler.
     *
     * @param workers       the workers' counters
     * @param decodeReasons the decode-error reasons' names, by ordinal
     * @param names         the feed of server and DNS names
     */
    public StatsSampler(List<WorkerStats> workers, List<String> decodeReasons, NameFeed names) {
        this.workers = List.copyOf(workers);
        this.decodeReasons = List.copyOf(decodeReasons);
        this.names = names;
    }

    /** Takes a sample at {@code epochMillis} and publishes it. */
    public synchronized StatsSnapshot sample(long epochMillis) {
        long packets = 0;
        long bytes = 0;
        long[] protocolPackets = new long[ProtocolMix.COUNT];
        long[] protocolBytes = new long[ProtocolMix.COUNT];
        long[] errors = new long[decodeReasons.size()];
        Map<List<Long>, long[]> talkers = new HashMap<>();
        for (WorkerStats worker : workers) {
            packets += worker.packets();
            bytes += worker.bytes();
            for (int p = 0; p < ProtocolMix.COUNT; p++) {
                protocolPackets[p] += worker.protocolPackets(p);
                protocolBytes[p] += worker.protocolBytes(p);
            }
            for (int r = 0; r < errors.length && r < worker.decodeReasons(); r++) {
                errors[r] += worker.decodeErrors(r);
            }
            for (TopTalkers.Talker t : worker.talkerSnapshot().talkers()) {
                long[] sum = talkers.computeIfAbsent(List.of(t.high(), t.low()), k -> new long[3]);
                sum[0] += t.bytes();
                sum[1] += t.packets();
                sum[2] += t.error();
            }
        }
        if (lastMillis >= 0 && epochMillis > lastMillis) {
            double seconds = (epochMillis - lastMillis) / 1000.0;
            packetSeries.add((packets - lastPackets) / seconds);
            bitSeries.add((bytes - lastBytes) * 8 / seconds);
        }
        lastMillis = epochMillis;
        lastPackets = packets;
        lastBytes = bytes;
        names.drainInto(serverNames, dnsNames);
        StatsSnapshot snapshot = new StatsSnapshot(epochMillis, packets, bytes, packetSeries.last(), bitSeries.last(),
                Math.floorDiv(epochMillis, 1000), packetSeries.copy(), bitSeries.copy(),
                protocols(protocolPackets, protocolBytes), topTalkers(talkers), serverNames.top(TOP_ROWS),
                dnsNames.top(TOP_ROWS), decodeErrors(errors));
        latest = snapshot;
        return snapshot;
    }

    /** The last published snapshot (any thread). */
    public StatsSnapshot latest() {
        return latest;
    }

    private static List<StatsSnapshot.ProtocolShare> protocols(long[] packets, long[] bytes) {
        List<StatsSnapshot.ProtocolShare> out = new ArrayList<>();
        for (int p = 0; p < ProtocolMix.COUNT; p++) {
            out.add(new StatsSnapshot.ProtocolShare(ProtocolMix.NAMES.get(p), packets[p], bytes[p]));
        }
        return List.copyOf(out);
    }

    private static List<StatsSnapshot.TalkerRow> topTalkers(Map<List<Long>, long[]> talkers) {
        List<StatsSnapshot.TalkerRow> rows = new ArrayList<>();
        talkers.forEach((key, sum) -> rows.add(new StatsSnapshot.TalkerRow(
                new TopTalkers.Talker(key.get(0), key.get(1), 0, 0, 0).address(), sum[0], sum[1], sum[2])));
        rows.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return List.copyOf(rows.subList(0, Math.min(TOP_ROWS, rows.size())));
    }

    private Map<String, Long> decodeErrors(long[] errors) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int r = 0; r < errors.length; r++) {
            if (errors[r] > 0) {
                out.put(decodeReasons.get(r), errors[r]);
            }
        }
        return out;
    }
}
