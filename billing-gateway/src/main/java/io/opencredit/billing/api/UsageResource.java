package io.opencredit.billing.api;

import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.UsageIntake;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /usage} (SPEC §4): 1..1000 usage records a batch, answered 202 with the count of
 * records accepted now, the count of repeats (published once, T5), and each refused record with
 * its problem. Only meters publish usage (§6).
 */
@Path("/api/v1/usage")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.METER)
public class UsageResource {

    private final UsageIntake intake;
    private final IdempotencyKeys idempotency;
    private final Caller caller;
    private final BillingConfig config;

    public UsageResource(UsageIntake intake, IdempotencyKeys idempotency, Caller caller, BillingConfig config) {
        this.intake = intake;
        this.idempotency = idempotency;
        this.caller = caller;
        this.config = config;
    }

    @POST
    @Transactional
    public Response post(@HeaderParam(IdempotencyKeys.HEADER) String key, Dtos.UsageBatch batch) {
        if (batch == null || batch.records() == null) {
            throw ProblemException.badRequest("invalid-value", "records is required: an array of 1 to " + config.usage().maxBatch() + " usage records");
        }
        int size = batch.records().size();
        if (size == 0) {
            throw ProblemException.badRequest("empty-batch", "records must hold at least one usage record");
        }
        if (size > config.usage().maxBatch()) {
            throw new ProblemException(413, "batch-too-large", "Content too large",
                    "a batch holds at most " + config.usage().maxBatch() + " records, this one " + size, null);
        }
        if (key == null) {
            return answer(intake.ingest(batch.records())).toResponse();
        }
        return idempotency.execute(key, caller.email() + " POST /usage", batch, () -> answer(intake.ingest(batch.records()))).toResponse();
    }

    private static IdempotencyKeys.Answer answer(IntakeResult result) {
        return new IdempotencyKeys.Answer(202, new Dtos.UsageAnswer(result.accepted(), result.duplicates(),
                result.rejected().stream().map(r -> new Dtos.Rejected(r.index(), r.id(), r.problem())).toList()));
    }
}
