package io.netzer.service;

import io.netzer.dissect.Packet;
import io.netzer.filter.CompileOptions;
import io.netzer.pipeline.PacketFilter;

/**
 * One worker's compiled filters for a list of subscribers (a BPF interpreter is not shared between threads),
 * rebuilt when the list changes (a cold path): a subscriber already known keeps its compiled filter.
 */
final class SubscriberFilters {
    private static final EventSubscriber[] NONE = new EventSubscriber[0];

    private final int linkType;
    private final CompileOptions compileOptions;
    private EventSubscriber[] known = NONE;
    private PacketFilter[] filters = new PacketFilter[0];

    SubscriberFilters(int linkType, CompileOptions compileOptions) {
        this.linkType = linkType;
        this.compileOptions = compileOptions;
    }

    /** Makes the filters those of {@code current}, the list the caller is about to walk. */
    void update(EventSubscriber[] current) {
        if (current == known) {
            return;
        }
        PacketFilter[] next = new PacketFilter[current.length];
        for (int i = 0; i < current.length; i++) {
            int previous = indexOf(known, current[i]);
            next[i] = previous >= 0 ? filters[previous] : current[i].filter() == null ? null
                    : PacketFilter.compile(current[i].filter(), linkType, compileOptions);
        }
        known = current;
        filters = next;
    }

    /**
     * Whether subscriber {@code i} of the list takes the event of {@code packet} (the packet that produced it, or a
     * {@link HeaderOnlyPacket} of its flow): always without a filter; never for an event without either when it has
     * one.
     */
    boolean passes(int i, EventSubscriber subscriber, Packet packet) {
        if (subscriber.filter() == null) {
            return true;
        }
        return packet != null && filters[i].accepts(packet);
    }

    private static int indexOf(EventSubscriber[] array, EventSubscriber subscriber) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == subscriber) {
                return i;
            }
        }
        return -1;
    }
}
