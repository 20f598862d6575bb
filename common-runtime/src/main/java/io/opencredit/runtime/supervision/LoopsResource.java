package io.opencredit.runtime.supervision;

import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.config.RuntimeConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/ops/loops} on every service (operator): the supervised loops, and, in a development setup only,
 * a way to make one fail, which the fault run uses to prove that every loop comes back (SPEC O4).
 */
@Path("/api/v1/ops/loops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class LoopsResource {

    /**
     * A loop as an operator sees it. A {@code periodic} one is a scheduled job: after a failed run it reports not
     * running until its next period runs it again.
     */
    public record LoopView(String name, boolean running, long restarts, boolean periodic) {
    }

    private final Supervisor supervisor;
    private final RuntimeConfig config;

    public LoopsResource(Supervisor supervisor, RuntimeConfig config) {
        this.supervisor = supervisor;
        this.config = config;
    }

    @GET
    @Operation(summary = "The background loops of this instance, whether each runs and how often it was restarted")
    public List<LoopView> list() {
        return supervisor.loops().stream().map(loop -> new LoopView(loop.name(), loop.isRunning(), loop.restarts(), loop.isPeriodic())).toList();
    }

    @POST
    @Path("/{name}/inject-error")
    @Operation(summary = "Makes the loop's next iteration throw an Error (development setups only)")
    @APIResponse(responseCode = "202", description = "the loop's next iteration will fail")
    @APIResponse(responseCode = "404", description = "not a development setup, or no such loop")
    public Response injectError(@PathParam("name") String name) {
        if (!config.unsafeDevMode()) {
            throw ProblemException.notFound("injecting errors is only possible with opencredit.unsafe-dev-mode=true");
        }
        if (supervisor.find(name).isEmpty()) {
            throw ProblemException.notFound("no loop named '" + name + "' on this instance");
        }
        supervisor.injectError(name);
        return Response.accepted().build();
    }
}
