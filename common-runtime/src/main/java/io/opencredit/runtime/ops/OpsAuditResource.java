package io.opencredit.runtime.ops;

import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/ops/audit}: the operator actions on this service, newest first (operators only, SPEC O7). */
@Path("/api/v1/ops/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class OpsAuditResource {

    private static final int MAX_LIMIT = DeadLettersResource.MAX_LIMIT;
    private static final int DEFAULT_LIMIT = 50;

    /** A page of entries, newest first; {@code next} is the cursor of the following page, null on the last. */
    public record AuditPage(List<OpsAudit.Entry> items, String next) {
    }

    private final OpsAudit audit;

    public OpsAuditResource(OpsAudit audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Operator actions on this service, newest first (operators), a page at a time: limit (1..200, default 50)"
            + " after the cursor 'after'; 'next' is the following page's cursor")
    @APIResponse(responseCode = "200", description = "a page of audit entries")
    @APIResponse(responseCode = "400", description = "invalid-limit: limit outside 1..200; invalid-cursor: a cursor this service did not"
            + " write")
    public AuditPage list(@Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after,
                          @Parameter(description = "entries per page, 1..200 (default 50)", schema = @Schema(
                                  type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                          @QueryParam("limit") String limit) {
        int size = Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Long before = after == null || after.isEmpty() ? null : Paging.sequence(after);
        // one more than asked tells whether there is a next page
        List<OpsAudit.Entry> entries = audit.list(before, size + 1);
        boolean more = entries.size() > size;
        List<OpsAudit.Entry> page = more ? entries.subList(0, size) : entries;
        return new AuditPage(page, more ? Paging.sequenceCursor(page.get(page.size() - 1).id()) : null);
    }
}
