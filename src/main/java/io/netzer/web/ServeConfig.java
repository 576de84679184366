package io.netzer.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /** Liveness goes DOWN when a capture thread or worker does not advance this long while work waits. */
    @WithDefault("10s")
    Duration livenessStall();
}
