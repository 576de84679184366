package io.netzer.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management port (health and metrics) with a connection cap that keeps the health routes answering while a
 * neighbour on the network holds every connection it can open. Quarkus's own management server has no connection
 * limit (its {@code quarkus.management.limits.max-connections} is read for the main port only) and no hook on new
 * connections, so Quarkus's listener is off ({@code quarkus.management.host-enabled=false}) and this one serves
 * Quarkus's management router on {@code quarkus.management.host:port} instead, with:
 * <ul>
 * <li>{@code quarkus.management.limits.max-connections}: at most that many connections; a new one past the cap
 * closes the least recently used connection of the address that holds the most ({@link ConnectionBudget});
 * <li>{@code netzer.serve.request-head-timeout}: a connection that sends no complete request head that soon is
 * closed (half-open and silent connections);
 * <li>{@code quarkus.management.idle-timeout}: a keep-alive connection idle that long is closed.
 * </ul>
 * What each closes is counted in {@code netzer_connections_closed_total{port="management",reason}}.
 */
@ApplicationScoped
public class ManagementServer {
    @Inject
    Vertx vertx;

    @Inject
    ServeConfig serve;

    @Inject
    MeterRegistry registry;

    private HttpServer server;
    private ConnectionBudget<HttpConnection> budget;

    void start(@Observes ManagementInterface management) throws Exception {
        Config config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("quarkus.management.host", String.class).orElse("0.0.0.0");
        int port = LaunchMode.current() == LaunchMode.TEST
                ? config.getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001)
                : config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000);
        int max = config.getOptionalValue("quarkus.management.limits.max-connections", Integer.class).orElse(64);
        Duration idle = config.getOptionalValue("quarkus.management.idle-timeout", Duration.class)
                .orElse(Duration.ofSeconds(10));
        long headMillis = serve.requestHeadTimeout().toMillis();
        Counter evicted = closed("evicted");
        Counter headTimeouts = closed("request_head_timeout");
        budget = new ConnectionBudget<>(max, HttpConnection::close);
        for (String reason : List.of("file_descriptors", "memory", "io")) {
            FunctionCounter.builder("netzer.connection.errors", reason, ResourceErrors::count).tag("reason", reason)
                    .description("errors of the web layer's connections, by reason").register(registry);
        }
        Gauge.builder("netzer.connections.open", budget, ConnectionBudget::open).tag("port", "management")
                .description("connections held on the port").register(registry);
        Router router = management.router();
        // without h2c, Vert.x makes the connection (and calls the connection handler) when it accepts the socket;
        // with it, only once a request head has told HTTP/1 from HTTP/2, so silent connections would go uncounted
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(1, idle.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        server = vertx.createHttpServer(options).connectionHandler(connection -> {
            long before = budget.evicted();
            budget.admit(connection, connection.remoteAddress() == null ? ""
                    : connection.remoteAddress().hostAddress());
            evicted.increment(budget.evicted() - before);
            long timer = vertx.setTimer(headMillis, id -> {
                if (budget.waitingForFirstRequest(connection)) {
                    headTimeouts.increment();
                    budget.closed(connection);
                    connection.close();
                }
            });
            connection.closeHandler(v -> {
                vertx.cancelTimer(timer);
                budget.closed(connection);
            });
        }).requestHandler(request -> {
            budget.requestBegin(request.connection());
            router.handle(request);
        }).exceptionHandler(ResourceErrors::report);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Counter closed(String reason) {
        return Counter.builder("netzer.connections.closed").tag("port", "management").tag("reason", reason)
                .description("connections closed by the port's limits").register(registry);
    }

    /** The port actually listened on (with port 0, the one the kernel chose). */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
