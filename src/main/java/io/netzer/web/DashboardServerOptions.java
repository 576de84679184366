package io.netzer.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's server without HTTP/2 over clear text (h2c), which no browser uses: with it, Vert.x makes a
 * connection (and Quarkus counts it against {@code quarkus.http.limits.max-connections}) only once a request head
 * has told HTTP/1 from HTTP/2, so connections that never send one would hold file descriptors uncounted until the
 * idle timeout. Without it, every accepted connection counts at once.
 */
@ApplicationScoped
public class DashboardServerOptions implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
