package io.opencredit.runtime.clock;

import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.config.RuntimeConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/v1/ops/clock} on every service (SPEC C2); 404 when the clock is not adjustable. */
@Path("/api/v1/ops/clock")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ClockResource {

    /** The suite's time as this instance sees it. */
    public record ClockView(Instant now, Duration offset) {
    }

    private final SuiteClock clock;
    private final RuntimeConfig config;

    public ClockResource(SuiteClock clock, RuntimeConfig config) {
        this.clock = clock;
        this.config = config;
    }

    @GET
    @Operation(summary = "The suite clock as this instance sees it (outside production only)")
    public ClockView get() {
        if (!config.clock().adjustable()) {
            throw ProblemException.notFound("the suite clock is not adjustable here");
        }
        return new ClockView(clock.now(), clock.offset());
    }
}
