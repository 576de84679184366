package io.netzer.service;

import io.netzer.stats.StatsSampler;
import io.netzer.stats.TopNames;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the dashboard's top names from the typed events, off the packet path: the workers hand over the server
 * name of each ClientHello (TLS and QUIC) and the question name of each DNS query as the events are produced; the
 * sampler's thread counts them once a second. A bounded queue between the two: a name that finds it full is
 * dropped and counted (as sink {@code names}).
 */
public final class EventNames implements StatsSampler.NameFeed {
    /** Names held between two samples at most; more are dropped. */
    public static final int CAPACITY = 65_536;

    private final ConcurrentLinkedQueue<Name> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped;

    /** One name, and which top list it goes to. */
    private record Name(String name, boolean server) {
    }

    /** A reader counting the names it drops into {@code dropped}. */
    EventNames(AtomicLong dropped) {
        this.dropped = dropped;
    }

    /** Worker: a TLS or QUIC server name. */
    void serverName(String name) {
        offer(name, true);
    }

    /** Worker: the question name of a DNS query. */
    void queryName(String name) {
        offer(name, false);
    }

    private void offer(String name, boolean server) {
        if (name == null || name.isEmpty()) {
            return;
        }
        if (size.get() >= CAPACITY) {
            dropped.incrementAndGet();
            return;
        }
        size.incrementAndGet();
        queue.offer(new Name(name, server));
    }

    @Override
    public void drainInto(TopNames serverNames, TopNames dnsNames) {
        for (Name name; (name = queue.poll()) != null; ) {
            size.decrementAndGet();
            (name.server() ? serverNames : dnsNames).add(name.name());
        }
    }
}
