package io.opencredit.runtime.supervision;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live} fails, naming the loop and why, when a supervised loop cannot run or has stopped making
 * progress (SPEC O4): the orchestrator then restarts the instance, which a restart inside it could not mend.
 */
@Liveness
@ApplicationScoped
public class SupervisionLiveness implements HealthCheck {

    private final Supervisor supervisor;

    public SupervisionLiveness(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> problems = supervisor.problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("opencredit-loops").status(problems.isEmpty());
        response.withData("loops", supervisor.loops().size());
        if (!problems.isEmpty()) {
            response.withData("failing", String.join(", ", problems.keySet()));
        }
        problems.forEach(response::withData);
        return response.build();
    }
}
