package io.netzer.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent names (TLS server names, DNS question names) by Space-Saving, as {@link TopTalkers} counts
 * addresses: a bounded number of names however many distinct ones arrive, so a scan of random subdomains cannot
 * grow memory. Used by one thread (the sampler's); off the packet path, so a map is fine here.
 */
public final class TopNames {
    private final int slots;
    private final Map<String, long[]> counts = new HashMap<>();

    /** A summary of at most {@code slots} names. */
    public TopNames(int slots) {
        this.slots = slots;
    }

    /** Counts one occurrence of {@code name}. */
    public void add(String name) {
        long[] count = counts.get(name);
        if (count != null) {
            count[0]++;
            return;
        }
        if (counts.size() < slots) {
            counts.put(name, new long[] {1});
            return;
        }
        Map.Entry<String, long[]> smallest = null;
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            if (smallest == null || entry.getValue()[0] < smallest.getValue()[0]) {
                smallest = entry;
            }
        }
        long[] inherited = counts.remove(smallest.getKey());
        inherited[0]++;
        counts.put(name, inherited);
    }

    /** The {@code limit} most frequent names, most first (ties by name). */
    public List<NameCount> top(int limit) {
        List<NameCount> all = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> all.add(new NameCount(name, count[0])));
        all.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.name().compareTo(b.name()));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** A name and how often it was seen (possibly overestimated once the summary is full). */
    public record NameCount(String name, long count) {
    }
}
