package io.netzer.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's files ({@code /}, {@code /assets/*}, and uPlot from its WebJar under {@code /webjars/*}): the
 * fixed set that {@code netzer-dashboard.files} names at build time, read from the jar's {@code META-INF/resources}
 * once at start-up and kept in memory. Any other path is a 404 that stores nothing, so no request can make memory
 * grow (a map filled on demand grew by every unique missing path a web page could ask for). Not through Vert.x's
 * static handler: it unpacks jar entries into a cache directory made while NetZer was still root, which the
 * unprivileged process then cannot write.
 */
@ApplicationScoped
public class DashboardRoutes {
    private static final String ROOT = "META-INF/resources";
    private static final String LIST = "netzer-dashboard.files";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8");

    private Map<String, File> files = Map.of();

    /** One file: its bytes and the headers it is served with. */
    private record File(Buffer body, String type, String cacheControl) {
    }

    void routes(@Observes Router router) {
        files = load();
        router.get("/").order(-10).handler(ctx -> serve(ctx, "/index.html"));
        router.get("/index.html").order(-10).handler(ctx -> serve(ctx, "/index.html"));
        router.get("/assets/*").order(-10).handler(ctx -> serve(ctx, ctx.normalizedPath()));
        router.get("/webjars/*").order(-10).handler(ctx -> serve(ctx, ctx.normalizedPath()));
    }

    /** How many files are served (the set never changes after start-up). */
    int fileCount() {
        return files.size();
    }

    private void serve(RoutingContext ctx, String path) {
        File file = files.get(path);
        if (file == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, file.type())
                .putHeader(HttpHeaders.CACHE_CONTROL, file.cacheControl())
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(file.body());
    }

    private static Map<String, File> load() {
        Map<String, File> loaded = new HashMap<>();
        for (String line : new String(read(LIST), StandardCharsets.UTF_8).split("\n")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
            if (type == null) {
                throw new IllegalStateException(LIST + ": no content type for " + path);
            }
            String cache = path.startsWith("/webjars/") ? "max-age=86400" : "no-cache";
            loaded.put(path, new File(Buffer.buffer(read(ROOT + path)), type, cache));
        }
        return Map.copyOf(loaded);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's file " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard's file " + resource, e);
        }
    }
}
