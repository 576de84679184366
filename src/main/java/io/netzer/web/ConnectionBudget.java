package io.netzer.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connections one port may hold, and which one gives way when they are all taken: at the cap, a new connection
 * closes the least recently used connection (opened, or sent a request head, the longest ago) of the source address
 * that holds the most. A neighbour who opens thousands of connections only ever displaces its own, while the
 * kubelet's probe, from an address holding one connection or none, still gets in. The file descriptors the port
 * holds stay at the cap, whatever is thrown at it. Used on one event loop (no locks); {@code C} is the connection.
 */
final class ConnectionBudget<C> {
    private final int max;
    private final Consumer<C> close;
    /** Connections in order of last use, each with its source address. */
    private final Map<C, Slot> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Integer> perSource = new HashMap<>();
    private long evicted;

    private static final class Slot {
        final String source;
        boolean served;

        Slot(String source) {
            this.source = source;
        }
    }

    /**
     * @param max connections held at most (at least 1)
     * @param close closes a connection (the budget forgets it at once, before its close completes)
     */
    ConnectionBudget(int max, Consumer<C> close) {
        if (max < 1) {
            throw new IllegalArgumentException("a connection cap of " + max + " (expected: 1 or more)");
        }
        this.max = max;
        this.close = close;
    }

    /** A new connection from {@code source}; at the cap, another is closed to make room (see the class). */
    void admit(C connection, String source) {
        if (open.size() >= max) {
            evictFromTheBusiestSource();
        }
        open.put(connection, new Slot(source));
        perSource.merge(source, 1, Integer::sum);
    }

    /** A request head arrived on {@code connection}: it becomes the most recently used. */
    void requestBegin(C connection) {
        Slot slot = open.get(connection);
        if (slot != null) {
            slot.served = true;
        }
    }

    /** Whether {@code connection} is held and has not sent its first request head yet. */
    boolean waitingForFirstRequest(C connection) {
        Slot slot = open.get(connection);
        return slot != null && !slot.served;
    }

    /** {@code connection} closed (for any reason). */
    void closed(C connection) {
        Slot slot = open.remove(connection);
        if (slot != null) {
            perSource.computeIfPresent(slot.source, (source, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Connections held now. */
    int open() {
        return open.size();
    }

    /** Connections closed to make room for new ones. */
    long evicted() {
        return evicted;
    }

    private void evictFromTheBusiestSource() {
        String busiest = null;
        int most = 0;
        for (Map.Entry<String, Integer> entry : perSource.entrySet()) {
            if (entry.getValue() > most) {
                busiest = entry.getKey();
                most = entry.getValue();
            }
        }
        for (Map.Entry<C, Slot> entry : open.entrySet()) {
            if (entry.getValue().source.equals(busiest)) {
                C victim = entry.getKey();
                closed(victim);
                evicted++;
                close.accept(victim);
                return;
            }
        }
    }
}
