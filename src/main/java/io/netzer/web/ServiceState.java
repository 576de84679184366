package io.netzer.web;

import io.netzer.service.ServiceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The capture service mode serves: attached by the command line once the capture is open (before the privilege
 * drop), read by the routes, the WebSocket, the health checks and the meters. Before that, the API answers 503.
 */
@ApplicationScoped
public class ServiceState {
    private volatile ServiceSession session;

    @Inject
    CaptureMetrics metrics;

    @Inject
    ServeConfig config;

    /** Serves {@code session} from now on and registers its meters. */
    public void attach(ServiceSession session) {
        this.session = session;
        metrics.bind(this, session);
    }

    /** Stops serving the session (tests; the process ends otherwise). */
    public void detach() {
        this.session = null;
    }

    /** The session served, or null before the capture opens. */
    public ServiceSession session() {
        return session;
    }

    /** The service's settings. */
    public ServeConfig config() {
        return config;
    }
}
