package io.netzer.web;

import io.netzer.service.ServiceSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when a worker stopped returning ring blocks while the kernel received packets for its socket (checked
 * once a second by the session): the pod is then better restarted than left dropping packets.
 */
@Liveness
@ApplicationScoped
public class CaptureLiveness implements HealthCheck {
    @Inject
    ServiceState state;

    @Override
    public HealthCheckResponse call() {
        ServiceSession session = state.session();
        if (session == null) {
            return HealthCheckResponse.named("capture-progress").up().withData("state", "starting").build();
        }
        ServiceSession.Health health = session.health();
        return HealthCheckResponse.named("capture-progress").status(health.live()).withData("state", health.reason())
                .build();
    }
}
