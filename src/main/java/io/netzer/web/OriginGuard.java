package io.netzer.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browser-origin rules on the dashboard's port, before the token is looked at and whether or not one is set: the
 * dashboard listens on 127.0.0.1, which every web page the user visits can address. A request whose {@code Host}
 * is not an {@link AllowedHosts allowed name} with the port it reached gets 421 (a DNS-rebinding page, whose name
 * now resolves to 127.0.0.1, cannot read the API). A WebSocket upgrade or an API request that carries an
 * {@code Origin} other than an allowed one gets 403 (a page of another origin cannot open {@code /api/v1/live}:
 * browsers let any page open a WebSocket anywhere, and send the cookie with it). Requests without an
 * {@code Origin} (curl, scripts, a browser's own navigation) pass.
 */
@ApplicationScoped
public class OriginGuard {
    @Inject
    ServeConfig config;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String bind;

    private AllowedHosts allowed;

    void routes(@Observes Router router) {
        allowed = new AllowedHosts(bind, config.allowedHosts().orElse(List.of()));
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        SocketAddress local = request.localAddress();
        String localHost = local == null ? null : local.hostAddress();
        int localPort = local == null ? -1 : local.port();
        HostAndPort authority = request.authority();
        if (authority == null || !allowed.allows(authority.host(), authority.port(), 80, localHost, localPort)) {
            refuse(ctx, 421, "421 Misdirected Request: this NetZer is not reached by that name. Use "
                    + "http://127.0.0.1:PORT/ or http://localhost:PORT/, or add the name to "
                    + "netzer.serve.allowed-hosts.\n");
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean guarded = request.path().startsWith("/api/") || request.headers().contains(HttpHeaders.UPGRADE);
        if (origin != null && guarded && !allowed.allowsOrigin(origin, localHost, localPort)) {
            refuse(ctx, 403, "403 Forbidden: requests from another origin are refused.\n");
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONNECTION, "close").end(message);
    }
}
