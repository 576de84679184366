package io.netzer.inspect;

import io.netzer.app.HttpExchange;
import io.netzer.app.HttpResponse;
import io.netzer.dissect.Packet;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Requests waiting for their responses, per flow, in the order they were sent: HTTP/1.1 answers pipelined
 * requests in that order (RFC 9112 section 9.3.2), so each final response pairs with the oldest waiting request.
 * Nothing is lost: a request still waiting when its flow ends is written alone, and so is the oldest when a flow
 * has {@link #MAX_PER_FLOW} waiting or all flows {@link #MAX_TOTAL} (the memory an unanswering server can pin).
 * A queue is made the first time its flow sends a request; exchanges are only made when an event is due anyway.
 */
final class HttpExchanges {
    /** Most requests waiting in one flow: deeper pipelines are rare (browsers stopped pipelining). */
    static final int MAX_PER_FLOW = 16;
    /** Most requests waiting in all flows of the inspector. */
    static final int MAX_TOTAL = 4096;

    private final AppEvents events;
    private ArrayDeque<HttpExchange>[] waiting;
    /** Per flow: the direction the requests came from. */
    private byte[] requestDirection;
    private int total;

    @SuppressWarnings("unchecked")
    HttpExchanges(AppEvents events, int slots) {
        this.events = events;
        waiting = new ArrayDeque[slots];
        requestDirection = new byte[slots];
    }

    /** Makes room for {@code n} flow slots. */
    void ensure(int n) {
        if (n <= waiting.length) {
            return;
        }
        waiting = Arrays.copyOf(waiting, n);
        requestDirection = Arrays.copyOf(requestDirection, n);
    }

    /** A request of {@code flow}, sent in {@code direction}, waits for its response. */
    void request(int flow, int direction, HttpExchange exchange, Packet packet) {
        ArrayDeque<HttpExchange> queue = waiting[flow];
        if (queue == null) {
            queue = new ArrayDeque<>(4);
            waiting[flow] = queue;
        }
        if (queue.size() >= MAX_PER_FLOW || total >= MAX_TOTAL && !queue.isEmpty()) {
            unanswered(flow, queue.poll(), packet);
        } else if (total >= MAX_TOTAL) {
            events.increment(InspectorCounter.HTTP_UNANSWERED);
            events.http(flow, direction, exchange, packet);
            return;
        }
        requestDirection[flow] = (byte) direction;
        queue.add(exchange);
        total++;
    }

    /** The oldest request of {@code flow} still waiting, or null. */
    HttpExchange oldest(int flow) {
        ArrayDeque<HttpExchange> queue = waiting[flow];
        return queue == null ? null : queue.peek();
    }

    /**
     * A final response sent in {@code direction}: written with the oldest waiting request, or alone.
     *
     * @return the exchange written
     */
    HttpExchange answer(int flow, int direction, HttpResponse response, Packet packet) {
        ArrayDeque<HttpExchange> queue = waiting[flow];
        HttpExchange exchange = queue == null ? null : queue.poll();
        if (exchange == null) {
            events.increment(InspectorCounter.HTTP_RESPONSE_WITHOUT_REQUEST);
            exchange = HttpExchange.responseOnly(response);
        } else {
            total--;
            exchange.answer(response);
        }
        events.http(flow, direction ^ 1, exchange, packet);
        return exchange;
    }

    /** The flow in {@code flow} ends: every request still waiting is written alone, in order. */
    void flowEnded(int flow) {
        ArrayDeque<HttpExchange> queue = waiting[flow];
        if (queue == null) {
            return;
        }
        for (HttpExchange exchange = queue.poll(); exchange != null; exchange = queue.poll()) {
            unanswered(flow, exchange, null);
        }
        waiting[flow] = null;
    }

    private void unanswered(int flow, HttpExchange exchange, Packet packet) {
        total--;
        events.increment(InspectorCounter.HTTP_UNANSWERED);
        events.http(flow, requestDirection[flow], exchange, packet);
    }
}
