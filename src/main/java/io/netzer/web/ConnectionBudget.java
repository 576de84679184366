package io.netzer.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connections one port may hold, and which one gives way when they are all taken: at the cap, a new connection
 * closes the connection whose last sign of use (its opening, or its latest request head) is the oldest. A neighbour
 * who opens thousands of connections and sends nothing only ever displaces its own, while the kubelet's probe,
 * which sends its request at once and is answered within milliseconds, still gets in. The file descriptors the
 * port holds stay at the cap, whatever is thrown at it. Used on one event loop (no locks); {@code C} is the
 * connection, kept in order of last use.
 */
final class ConnectionBudget<C> {
    private final int max;
    private final Consumer<C> close;
    private final Map<C, Boolean> served = new LinkedHashMap<>(16, 0.75f, true);
    private long evicted;

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

    /** A new connection; at the cap, the least recently used one is closed to make room. */
    void admit(C connection) {
        if (served.size() >= max) {
            C oldest = served.keySet().iterator().next();
            served.remove(oldest);
            evicted++;
            close.accept(oldest);
        }
        served.put(connection, Boolean.FALSE);
    }

    /** A request head arrived on {@code connection}: it becomes the most recently used. */
    void requestBegin(C connection) {
        if (served.containsKey(connection)) {
            served.put(connection, Boolean.TRUE);
        }
    }

    /** Whether {@code connection} is held and has not sent its first request head yet. */
    boolean waitingForFirstRequest(C connection) {
        return Boolean.FALSE.equals(served.get(connection));
    }

    /** {@code connection} closed (for any reason). */
    void closed(C connection) {
        served.remove(connection);
    }

    /** Connections held now. */
    int open() {
        return served.size();
    }

    /** Connections closed to make room for new ones. */
    long evicted() {
        return evicted;
    }
}
