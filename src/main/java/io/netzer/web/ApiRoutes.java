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
 * The API on {@code --bind:--port}: {@code GET /api/v1/stats} (a JSON snapshot) and {@code GET /api/v1/events}
 * (NDJSON, chunked, for as long as the client stays), behind the {@link TokenGuard} when a token is set.
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
        String filter = ctx.queryParam("filter").isEmpty() ? null : ctx.queryParam("filter").get(0);
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
        new EventStream(ctx, session.fanout(), subscriber, metrics, state.config().clientStallTimeout()).start();
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
