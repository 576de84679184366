package io.netzer.service;

import io.netzer.pipeline.Dataset;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer of the event streams (an HTTP client, a WebSocket): the datasets it asked for, its filter, and a
 * bounded queue between the workers that offer events and the thread that sends them.
 * A full queue drops the event and counts it: a slow or stalled client never slows a worker.
 */
public final class EventSubscriber {
    private final String kind;
    private final int datasets;
    private final String filter;
    private final int capacity;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedByKind;

    /** One event line, shared by every subscriber it goes to (never modified). */
    public record Event(byte[] line, Dataset dataset, long packetNanos) {
    }

    EventSubscriber(String kind, int datasets, String filter, int capacity, AtomicLong droppedByKind) {
        this.kind = kind;
        this.datasets = datasets;
        this.filter = filter;
        this.capacity = capacity;
        this.droppedByKind = droppedByKind;
    }

    /** What kind of consumer it is ({@code http}, {@code websocket}, ...): the metrics label. */
    public String kind() {
        return kind;
    }

    /** The filter expression, or null. */
    public String filter() {
        return filter;
    }

    boolean wants(Dataset dataset) {
        return (datasets & dataset.bit()) != 0;
    }

    /** Worker: queues an event, or drops and counts it when the queue is full. */
    void offer(Event event) {
        if (size.get() >= capacity) {
            drop();
            return;
        }
        offered.incrementAndGet();
        size.incrementAndGet();
        queue.offer(event);
    }

    /** Worker: counts an event dropped because the queue is full. */
    void drop() {
        offered.incrementAndGet();
        dropped.incrementAndGet();
        droppedByKind.incrementAndGet();
    }

    /** Sender: the oldest queued event, or null. */
    public Event poll() {
        Event event = queue.poll();
        if (event != null) {
            size.decrementAndGet();
        }
        return event;
    }

    /** Events waiting. */
    public int queued() {
        return size.get();
    }

    /** Whether the queue is full (events are being dropped). */
    public boolean full() {
        return size.get() >= capacity;
    }

    /** Events the workers offered (matching the datasets and the filter). */
    public long offered() {
        return offered.get();
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}
