package io.netzer.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Service mode's settings ({@code netzer.serve.*}, e.g. {@code -Dnetzer.serve.client-queue=20000}). */
@ConfigMapping(prefix = "netzer.serve")
public interface ServeConfig {

    /** Events queued per HTTP stream client before its events are dropped (and counted). */
    @WithDefault("10000")
    int clientQueue();

    /** Events queued per WebSocket between two pushes (it shows the newest); more are dropped and counted. */
    @WithDefault("200")
    int liveQueue();

    /** A client whose queue stays full this long is disconnected, with the reason, as far behind. */
    @WithDefault("30s")
    Duration clientStallTimeout();

    /** Liveness goes DOWN when a worker returns no ring block this long while the kernel receives for it. */
    @WithDefault("10s")
    Duration livenessStall();

    /**
     * Names besides localhost, 127.0.0.1, [::1] and the --bind address under which browsers may reach the
     * dashboard ({@code name} with the dashboard's port, or {@code name:port}); see {@link OriginGuard}.
     */
    Optional<List<String>> allowedHosts();

    /**
     * A connection to the management port that sends no complete request head this long after it opened is closed
     * (see {@link ManagementServer}).
     */
    @WithDefault("5s")
    Duration requestHeadTimeout();
}
