package io.netzer.web;

import io.netzer.filter.FilterSyntaxException;
import io.netzer.service.EventSubscriber;
import io.netzer.service.ServiceSession;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes the WebSocket clients their snapshot once a second, encoded once for all, with each client's newest
 * events. A client still busy with the previous push is skipped (its events queue, then drop, counted as
 * {@code websocket}); one that stays busy past the stall timeout is closed with code 1008 and the reason.
 */
@ApplicationScoped
public class LivePusher {
    static final long PUSH_MILLIS = 1000;
    private static final int POLICY_VIOLATION = 1008;

    @Inject
    ServiceState state;

    @Inject
    CaptureMetrics metrics;

    @Inject
    Vertx vertx;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private long timer = -1;

    private static final class Client {
        final WebSocketConnection connection;
        final AtomicInteger pending = new AtomicInteger();
        volatile EventSubscriber subscriber;
        long busySince = -1;

        Client(WebSocketConnection connection) {
            this.connection = connection;
        }
    }

    /** (Re)subscribes a connection; the reply says what it now receives, or why not. */
    JsonObject subscribe(WebSocketConnection connection, List<String> types, String filter) {
        ServiceSession session = state.session();
        if (session == null) {
            return new JsonObject().put("type", "error").put("message", "the capture is not open yet");
        }
        EventSubscriber subscriber;
        try {
            subscriber = session.fanout().subscribe("websocket", types, filter, state.config().liveQueue());
        } catch (FilterSyntaxException e) {
            return new JsonObject().put("type", "error").put("message", "filter: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new JsonObject().put("type", "error").put("message", e.getMessage());
        }
        Client client = clients.computeIfAbsent(connection.id(), id -> new Client(connection));
        EventSubscriber previous = client.subscriber;
        client.subscriber = subscriber;
        if (previous != null) {
            session.fanout().unsubscribe(previous);
        }
        startTimer();
        return new JsonObject().put("type", "subscribed").put("types", new JsonArray(types))
                .put("filter", subscriber.filter());
    }

    void remove(WebSocketConnection connection) {
        Client client = clients.remove(connection.id());
        ServiceSession session = state.session();
        if (client != null && client.subscriber != null && session != null) {
            session.fanout().unsubscribe(client.subscriber);
        }
    }

    private synchronized void startTimer() {
        if (timer < 0) {
            timer = vertx.setPeriodic(PUSH_MILLIS, id -> push());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void push() {
        ServiceSession session = state.session();
        if (session == null || clients.isEmpty()) {
            return;
        }
        String stats = SnapshotJson.of(session).encode();
        long stallNanos = state.config().clientStallTimeout().toNanos();
        for (Client client : clients.values()) {
            if (client.connection.isClosed()) {
                remove(client.connection);
                continue;
            }
            if (client.pending.get() > 0) {
                long now = System.nanoTime();
                if (client.busySince < 0) {
                    client.busySince = now;
                } else if (now - client.busySince >= stallNanos) {
                    metrics.disconnected("websocket", "too_slow");
                    remove(client.connection);
                    client.connection.close(new CloseReason(POLICY_VIOLATION, "too slow: the client fell behind"))
                            .subscribe().with(v -> { }, e -> { });
                }
                continue;
            }
            client.busySince = -1;
            StringBuilder message = new StringBuilder(stats.length() + 4096)
                    .append("{\"type\":\"snapshot\",\"stats\":").append(stats).append(",\"events\":[");
            EventSubscriber subscriber = client.subscriber;
            boolean first = true;
            for (EventSubscriber.Event e; subscriber != null && (e = subscriber.poll()) != null; ) {
                if (!first) {
                    message.append(',');
                }
                first = false;
                message.append(new String(e.line(), 0, e.line().length - 1, StandardCharsets.UTF_8));
            }
            message.append("]}");
            client.pending.incrementAndGet();
            client.connection.sendText(message.toString()).subscribe().with(
                    v -> client.pending.decrementAndGet(), e -> client.pending.decrementAndGet());
        }
    }
}
