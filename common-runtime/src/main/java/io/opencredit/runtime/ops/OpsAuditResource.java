package io.opencredit.runtime.ops;

import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/ops/audit}: the operator actions on this service, newest first (operators only, SPEC O7). */
@Path("/api/v1/ops/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class OpsAuditResource {

    private static final int MAX_LIMIT = DeadLettersResource.MAX_LIMIT;

    /** A page of entries; {@code next} is the {@code before} cursor of the following page, absent at the end. */
    public record AuditPage(List<OpsAudit.Entry> items, Long next, int limit) {
    }

    private final OpsAudit audit;

    public OpsAuditResource(OpsAudit audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Operator actions on this service, newest first (operators)")
    @APIResponse(responseCode = "200", description = "a page of audit entries")
    @APIResponse(responseCode = "400", description = "limit out of range")
    public AuditPage list(@QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.badRequest("invalid-value", "limit must be between 1 and " + MAX_LIMIT);
        }
        List<OpsAudit.Entry> entries = audit.list(before, size);
        Long next = entries.size() == size ? entries.get(entries.size() - 1).id() : null;
        return new AuditPage(entries, next, size);
    }
}
