package io.netzer.service;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded hand-over from the workers to the sampler's thread: the workers offer what their events carry (lock
 * free), the sampler drains it once a second. Past {@code capacity} items waiting, an offer is dropped and counted,
 * so a burst of events between two samples cannot grow memory (by a few items per worker at most when offers race).
 */
final class Handoff<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final AtomicLong dropped;

    /** A hand-over of at most {@code capacity} items, counting the items it drops into {@code dropped}. */
    Handoff(int capacity, AtomicLong dropped) {
        this.capacity = capacity;
        this.dropped = dropped;
    }

    /** Worker: whether an offer would be taken now (to skip building an item that would be dropped). */
    boolean hasRoom() {
        return size.get() < capacity;
    }

    /** Worker: counts an item dropped without building it (after {@link #hasRoom()} said no). */
    void drop() {
        dropped.incrementAndGet();
    }

    /** Worker: hands {@code item} over, or drops and counts it when {@code capacity} items wait. */
    void offer(T item) {
        if (size.get() >= capacity) {
            dropped.incrementAndGet();
            return;
        }
        size.incrementAndGet();
        queue.offer(item);
    }

    /** Sampler: hands every waiting item to {@code to}, oldest first. */
    void drain(Consumer<T> to) {
        for (T item; (item = queue.poll()) != null; ) {
            size.decrementAndGet();
            to.accept(item);
        }
    }

    /** Items waiting now. */
    int size() {
        return size.get();
    }
}
