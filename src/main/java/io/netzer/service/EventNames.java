package io.netzer.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netzer.pipeline.Dataset;
import io.netzer.stats.StatsSampler;
import io.netzer.stats.TopNames;
import java.io.IOException;
import java.util.List;

/**
 * Feeds the dashboard's top names from the event streams, off the packet path: a subscriber to the {@code tls}
 * and {@code dns} events whose lines the sampler's thread parses once a second, counting
 * {@code tls.client.server_name} (TLS and QUIC) and the {@code dns.question.name} of queries.
 */
public final class EventNames implements StatsSampler.NameFeed {
    /** Events held between two samples at most; more are dropped (and counted as kind {@code names}). */
    public static final int CAPACITY = 65_536;
    private static final JsonFactory JSON = new JsonFactory();

    private final EventSubscriber subscriber;

    /** Subscribes to {@code fanout}'s tls and dns events. */
    public EventNames(EventFanout fanout) {
        subscriber = fanout.subscribe("names", List.of("tls", "dns"), null, CAPACITY);
    }

    @Override
    public void drainInto(TopNames serverNames, TopNames dnsNames) {
        for (EventSubscriber.Event event; (event = subscriber.poll()) != null; ) {
            String name = nameOf(event);
            if (name != null && !name.isEmpty()) {
                (event.dataset() == Dataset.TLS ? serverNames : dnsNames).add(name);
            }
        }
    }

    /** The server name of a tls event, the question name of a dns query; null otherwise. */
    static String nameOf(EventSubscriber.Event event) {
        String wanted = event.dataset() == Dataset.TLS ? "tls.client.server_name" : "dns.question.name";
        String name = null;
        String dnsType = null;
        try (JsonParser parser = JSON.createParser(event.line())) {
            StringBuilder path = new StringBuilder();
            java.util.ArrayDeque<Integer> lengths = new java.util.ArrayDeque<>();
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                switch (token) {
                    case FIELD_NAME -> {
                        path.setLength(lengths.isEmpty() ? 0 : lengths.peek());
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        path.append(parser.currentName());
                    }
                    case START_OBJECT -> lengths.push(path.length());
                    case END_OBJECT -> {
                        lengths.pop();
                        path.setLength(lengths.isEmpty() ? 0 : lengths.peek());
                    }
                    case START_ARRAY -> parser.skipChildren();
                    case VALUE_STRING -> {
                        String at = path.toString();
                        if (at.equals(wanted)) {
                            name = parser.getText();
                        } else if (at.equals("dns.type")) {
                            dnsType = parser.getText();
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return "answer".equals(dnsType) ? null : name;
    }
}
