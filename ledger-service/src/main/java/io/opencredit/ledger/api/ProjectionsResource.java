package io.opencredit.ledger.api;

import io.opencredit.ledger.persistence.ProjectionVerifier;
import io.opencredit.runtime.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/ops/projections/verify}: rebuilds from the event store and reports differences (operator). */
@Path("/api/v1/ops/projections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class ProjectionsResource {

    private final ProjectionVerifier verifier;

    public ProjectionsResource(ProjectionVerifier verifier) {
        this.verifier = verifier;
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Refolds every stream (or the given ones) from the event store and reports where the live projections differ")
    public ProjectionVerifier.Report verify(Views.VerifyRequest request) {
        return verifier.verify(request == null ? null : request.subscriptionIds());
    }
}
