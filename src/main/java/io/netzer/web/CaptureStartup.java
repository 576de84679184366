package io.netzer.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the capture's sockets and rings are open (before that, the pod is still starting). */
@Startup
@ApplicationScoped
public class CaptureStartup implements HealthCheck {
    @Inject
    ServiceState state;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("capture-open").status(state.session() != null).build();
    }
}
