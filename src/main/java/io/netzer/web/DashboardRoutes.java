package io.netzer.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files ({@code /}, {@code /assets/*}, and uPlot from its WebJar under {@code /webjars/*}), served
 * from the jar's {@code META-INF/resources} and kept in memory. Not through Vert.x's static handler: it unpacks jar
 * entries into a cache directory made while NetZer was still root, which the unprivileged process then cannot
 * write.
 */
@ApplicationScoped
public class DashboardRoutes {
    private static final String ROOT = "META-INF/resources";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "map", "application/json");

    private final Map<String, Optional<Buffer>> files = new ConcurrentHashMap<>();

    void routes(@Observes Router router) {
        router.get("/").order(-10).handler(ctx -> serve(ctx, "/index.html"));
        router.get("/index.html").order(-10).handler(ctx -> serve(ctx, "/index.html"));
        router.get("/assets/*").order(-10).handler(ctx -> serve(ctx, ctx.normalizedPath()));
        router.get("/webjars/*").order(-10).handler(ctx -> serve(ctx, ctx.normalizedPath()));
    }

    private void serve(RoutingContext ctx, String path) {
        int dot = path.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
        Optional<Buffer> file = path.contains("..") || type == null ? Optional.empty()
                : files.computeIfAbsent(path, DashboardRoutes::load);
        if (file.isEmpty()) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, path.startsWith("/webjars/") ? "max-age=86400" : "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(file.get());
    }

    private static Optional<Buffer> load(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + path)) {
            return in == null ? Optional.empty() : Optional.of(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
