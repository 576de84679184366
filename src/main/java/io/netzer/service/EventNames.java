package io.netzer.service;

import io.netzer.stats.StatsSampler;
import io.netzer.stats.TopNames;
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

    private final Handoff<Name> queue;

    /** One name, and which top list it goes to. */
    private record Name(String name, boolean server) {
    }

    /** A reader counting the names it drops into {@code dropped}. */
    EventNames(AtomicLong dropped) {
        this.queue = new Handoff<>(CAPACITY, dropped);
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
        queue.offer(new Name(name, server));
    }

    @Override
    public void drainInto(TopNames serverNames, TopNames dnsNames) {
        queue.drain(name -> (name.server() ? serverNames : dnsNames).add(name.name()));
    }
}
