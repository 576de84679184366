package io.netzer.web;

import io.netzer.service.ServiceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the sockets are open, privileges dropped and the workers running. */
@Readiness
@ApplicationScoped
public class CaptureReadiness implements HealthCheck {
    @Inject
    ServiceState state;

    @Override
    public HealthCheckResponse call() {
        ServiceSession session = state.session();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("capture-ready");
        if (session == null || !session.isReady()) {
            return response.down().withData("reason", session == null ? "capture not open yet"
                    : "privileges not dropped or workers not running yet").build();
        }
        ServiceSession.Credentials who = session.credentials();
        return response.up().withData("interface", session.info().interfaceName())
                .withData("workers", session.info().workers()).withData("user", who.user())
                .withData("uid", who.uid()).build();
    }
}
