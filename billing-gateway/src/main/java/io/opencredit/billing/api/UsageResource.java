package io.opencredit.billing.api;

import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.KnownSubscriptions;
import io.opencredit.billing.domain.UsageIntake;
import io.opencredit.billing.domain.UsageRecord;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.consistency.WriteConsistency;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code POST /usage} (SPEC §4): 1..1000 usage records a batch, answered 202 with the count of
 * records accepted now, the count of repeats (published once, T5), and each refused record with
 * its problem. Only meters publish usage (§6).
 */
@Path("/api/v1/usage")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.METER)
@Tag(name = "usage")
public class UsageResource {

    private final UsageIntake intake;
    private final IdempotencyKeys idempotency;
    private final KnownSubscriptions known;
    private final Caller caller;
    private final BillingConfig config;
    private final UsageBatchReader reader;

    public UsageResource(UsageIntake intake, IdempotencyKeys idempotency, Caller caller, BillingConfig config, UsageBatchReader reader,
                         KnownSubscriptions known) {
        this.known = known;
        this.intake = intake;
        this.idempotency = idempotency;
        this.caller = caller;
        this.config = config;
        this.reader = reader;
    }

    /**
     * The body is taken as bytes and read by {@link UsageBatchReader} (a body that is not JSON or not a
     * batch throws the Jackson exception the problem mappers answer 400). With an {@code Idempotency-Key},
     * the records' JSON is what the key remembers.
     */
    @POST
    @Operation(summary = "Publish usage records (meters)", description = "1 to 1000 records a batch (T3). Each record is"
            + " judged alone: accepted now, a repeat of one accepted before (same id and content, published once, T5), or"
            + " refused with its problem (unknown subscription or meter, conflicting reuse of an id, usage time out of"
            + " bounds, more than 6 fraction digits, ...). A subscription activated a moment ago is waited for (R1).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApiBodies.UsageBatchBody.class),
            example = "{\"records\": [{\"id\": \"meter-7-000123\", \"subscriptionId\": \"6f1c0b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\","
                    + " \"meterId\": \"backup-storage-gb-month\", \"quantity\": \"2.5\", \"usageTime\": \"2026-03-01T10:00:00Z\"}]}"))
    @APIResponse(responseCode = "202", description = "the batch was judged record by record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dtos.UsageAnswer.class),
                    example = "{\"accepted\": 1, \"duplicates\": 0, \"rejected\": []}"))
    @APIResponse(responseCode = "400", description = "not JSON, no records, an empty batch, or a malformed "
            + "OpenCredit-Consistency token")
    @APIResponse(responseCode = "409", description = "the Idempotency-Key was used with another body")
    @APIResponse(responseCode = "413", description = "more records than the batch limit, or a body over 1 MiB")
    public Response post(@Parameter(description = "optional: a repeat with the same key and body answers the first answer")
                         @HeaderParam(IdempotencyKeys.HEADER) String key, byte[] body) throws IOException {
        List<UsageRecord> records = checked(read(body));
        Set<UUID> named = subscriptionsOf(records);
        // SPEC R1, outside the transaction: a subscription activated a moment ago is not refused as unknown
        known.awaitKnown(named);
        WriteConsistency write = WriteConsistency.current();
        if (write != null) {
            write.touched(named); // SPEC R2: a repeat publishes nothing, its token still names the records' subscriptions
        }
        if (key == null) {
            return answer(intake.ingestRecords(records)).toResponse();
        }
        Object request = reader.requestOf(body);
        return QuarkusTransaction.requiringNew().call(() -> idempotency.execute(key, caller.email() + " POST /usage", request,
                () -> answer(intake.ingestRecords(records)))).toResponse();
    }

    private static Set<UUID> subscriptionsOf(List<UsageRecord> records) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (UsageRecord record : records) {
            if (record.usage() != null && record.usage().subscriptionId() != null) {
                ids.add(record.usage().subscriptionId());
            }
        }
        return ids;
    }

    /** The records, read up to the batch limit: the record after it stops the read (413). */
    private List<UsageRecord> read(byte[] body) throws IOException {
        try {
            return reader.records(body, config.usage().maxBatch());
        } catch (UsageBatchReader.BatchTooLarge e) {
            throw new ProblemException(413, "batch-too-large", "Content too large", e.getMessage(), null);
        }
    }

    /** 1 to the maximum records, or the batch is refused whole. */
    private List<UsageRecord> checked(List<UsageRecord> records) {
        if (records == null) {
            throw ProblemException.badRequest("invalid-value", "records is required: an array of 1 to " + config.usage().maxBatch() + " usage records");
        }
        int size = records.size();
        if (size == 0) {
            throw ProblemException.badRequest("empty-batch", "records must hold at least one usage record");
        }
        if (size > config.usage().maxBatch()) {
            throw new ProblemException(413, "batch-too-large", "Content too large",
                    "a batch holds at most " + config.usage().maxBatch() + " records, this one " + size, null);
        }
        return records;
    }

    private static IdempotencyKeys.Answer answer(IntakeResult result) {
        List<Dtos.Rejected> rejected = new ArrayList<>(result.rejected().size());
        for (IntakeResult.Rejection r : result.rejected()) {
            rejected.add(new Dtos.Rejected(r.index(), r.id(), r.problem()));
        }
        return new IdempotencyKeys.Answer(202, new Dtos.UsageAnswer(result.accepted(), result.duplicates(), rejected));
    }
}
