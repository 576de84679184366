package io.netzer.web;

import io.netzer.filter.FilterSyntaxException;
import io.netzer.service.EventSubscriber;
import io.netzer.service.ServiceSession;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The API on {@code --bind:--port}: {@code GET /api/v1/stats} (a JSON snapshot), {@code GET /api/v1/events}
 * (NDJSON, chunked, for as long as the client stays) and {@code GET /api/v1/pcap} (the live packets a filter
 * accepts, as a pcap stream, with an optional count and duration), behind the {@link TokenGuard} when a token is
 * set.
 */
@ApplicationScoped
public class ApiRoutes {
    @Inject
    ServiceState state;

    @Inject
    CaptureMetrics metrics;

    @Inject
    TokenGuard guard;

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(guard::authorize);
        router.get("/api/v1/stats").handler(this::stats);
        router.get("/api/v1/events").handler(this::events);
        router.get("/api/v1/pcap").handler(this::pcap);
    }

    private void stats(RoutingContext ctx) {
        ServiceSession session = state.session();
        if (session == null) {
            unavailable(ctx);
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(SnapshotJson.of(session).encode());
    }

    private void events(RoutingContext ctx) {
        ServiceSession session = state.session();
        if (session == null) {
            unavailable(ctx);
            return;
        }
        List<String> types = new ArrayList<>();
        for (String value : ctx.queryParam("types")) {
            for (String type : value.split(",")) {
                if (!type.isBlank()) {
                    types.add(type.strip());
                }
            }
        }
        String filter = first(ctx, "filter");
        EventSubscriber subscriber;
        try {
            subscriber = session.fanout().subscribe("http", types, filter, state.config().clientQueue());
        } catch (FilterSyntaxException e) {
            badRequest(ctx, "filter: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        new EventStream(ctx, session.fanout(), subscriber, metrics, state.config().clientStallTimeout(),
                EventStream.Format.NDJSON, EventStream.Limits.NONE).start();
    }

    /**
     * The captured packets the filter accepts, as a pcap with nanosecond timestamps, so that
     * {@code curl -N .../api/v1/pcap?filter=port+53 | tcpdump -r -} (or {@code wireshark -k -i -}) shows them live;
     * {@code count} and {@code seconds} end it.
     */
    private void pcap(RoutingContext ctx) {
        ServiceSession session = state.session();
        if (session == null) {
            unavailable(ctx);
            return;
        }
        EventStream.Limits limits;
        try {
            long count = positive(ctx, "count", Long.MAX_VALUE);
            long seconds = positive(ctx, "seconds", 0);
            limits = new EventStream.Limits(count, seconds);
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        EventSubscriber subscriber;
        try {
            subscriber = session.fanout().subscribePcap(first(ctx, "filter"), state.config().clientQueue());
        } catch (IllegalArgumentException e) {
            badRequest(ctx, "filter: " + e.getMessage());
            return;
        }
        byte[] header = PcapStreams.fileHeader(session.fanout().linkType(), session.info().snapshotLength());
        ctx.response().putHeader("Content-Disposition", "attachment; filename=\"netzer.pcap\"");
        new EventStream(ctx, session.fanout(), subscriber, metrics, state.config().clientStallTimeout(),
                EventStream.Format.pcap(header), limits).start();
    }

    /** A query parameter's first value, or null. */
    private static String first(RoutingContext ctx, String name) {
        return ctx.queryParam(name).isEmpty() ? null : ctx.queryParam(name).get(0);
    }

    /** A positive whole number from the query, or {@code absent} when the parameter is not there. */
    private static long positive(RoutingContext ctx, String name, long absent) {
        String value = first(ctx, name);
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": expected a positive whole number, found '" + value + "'");
    }

    private static void unavailable(RoutingContext ctx) {
        ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", "the capture is not open yet").encode());
    }

    private static void badRequest(RoutingContext ctx, String message) {
        ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
