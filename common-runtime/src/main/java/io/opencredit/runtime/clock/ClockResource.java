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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/ops/clock} on every service (SPEC C2); 404 when the clock is not adjustable. */
@Path("/api/v1/ops/clock")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "ops")
public class ClockResource {

    /** The suite's time as this instance sees it. */
    @Schema(description = "The suite's time as this instance sees it: now, and how far it runs ahead of the real clock")
    public record ClockView(@Schema(example = "2026-03-01T10:00:00Z") Instant now,
                            @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                                    description = "ISO-8601 duration", example = "PT720H") Duration offset) {
    }

    private final SuiteClock clock;
    private final RuntimeConfig config;

    public ClockResource(SuiteClock clock, RuntimeConfig config) {
        this.clock = clock;
        this.config = config;
    }

    @GET
    @Operation(summary = "The suite clock as this instance sees it (outside production only)")
    @APIResponse(responseCode = "200", description = "the suite clock")
    @APIResponse(responseCode = "404", description = "the suite clock is not adjustable here (production)")
    public ClockView get() {
        if (!config.clock().adjustable()) {
            throw ProblemException.notFound("the suite clock is not adjustable here");
        }
        return new ClockView(clock.now(), clock.offset());
    }
}
