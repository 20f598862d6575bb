package io.opencredit.runtime.ops;

import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.api.ProblemMappers;
import io.opencredit.runtime.ops.DeadLetterSource.Replayed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dead letters of this service (SPEC O7), on every service, for operators only: list (cursor
 * paging, at most {@value #MAX_LIMIT} a page), inspect, replay. A replay goes through the
 * consumer's own idempotent path and is audited ({@code GET /api/v1/ops/audit}).
 */
@Path("/api/v1/ops/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class DeadLettersResource {

    /** Largest page a listing returns. */
    public static final int MAX_LIMIT = 200;
    private static final int DEFAULT_LIMIT = 50;

    /** A page of dead letters; {@code next} is the cursor of the following page, absent at the end. */
    public record DeadLetterPage(List<DeadLetter.Summary> items, String next, int limit) {
    }

    /** What a replay did: {@code APPLIED} or {@code ALREADY_APPLIED}. */
    public record ReplayAnswer(String id, String outcome, String detail) {
    }

    private final DeadLetterOps ops;
    private final Caller caller;

    public DeadLettersResource(DeadLetterOps ops, Caller caller) {
        this.ops = ops;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "This service's dead letters, oldest first per topic partition (operators)")
    @APIResponse(responseCode = "200", description = "a page of dead letters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeadLetterPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-limit: limit outside 1..200; invalid-cursor: a cursor this service did not"
            + " write")
    @APIResponse(responseCode = "503", description = "unavailable: Kafka does not answer; retry after Retry-After")
    public Response list(@Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after,
                         @Parameter(description = "dead letters per page, 1..200 (default 50)", schema = @Schema(
                                 type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
                         @QueryParam("limit") String limit) {
        int size = Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        DeadLetterId cursor = after == null || after.isBlank() ? null : DeadLetterId.cursor(after);
        try {
            DeadLetterReader.Page page = ops.list(cursor, size);
            return Response.ok(new DeadLetterPage(page.letters().stream().map(DeadLetter::summary).toList(),
                    page.next() == null ? null : page.next().encoded(), size)).build();
        } catch (KafkaException e) {
            return kafkaUnavailable();
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dead letter: headers, reason, source topic, partition and offset, key and value (operators)")
    @APIResponse(responseCode = "200", description = "the dead letter",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeadLetter.Details.class)))
    @APIResponse(responseCode = "400", description = "a malformed dead-letter id")
    @APIResponse(responseCode = "404", description = "no such dead letter")
    @APIResponse(responseCode = "503", description = "unavailable: Kafka does not answer; retry after Retry-After")
    public Response inspect(@PathParam("id") String id) {
        DeadLetterId deadLetterId = DeadLetterId.parse(id);
        try {
            DeadLetter letter = ops.find(deadLetterId).orElseThrow(() -> ProblemException.notFound("no dead letter " + id));
            return Response.ok(letter.details()).build();
        } catch (KafkaException e) {
            return kafkaUnavailable();
        }
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Replays a dead letter through its consumer's idempotent path; audited (operators)")
    @APIResponse(responseCode = "200", description = "APPLIED, or ALREADY_APPLIED when its effect was there already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayAnswer.class)))
    @APIResponse(responseCode = "400", description = "a malformed dead-letter id")
    @APIResponse(responseCode = "404", description = "no such dead letter")
    @APIResponse(responseCode = "409", description = "the dead letter cannot be replayed")
    @APIResponse(responseCode = "503", description = "unavailable: Kafka does not answer; retry after Retry-After")
    public Response replay(@PathParam("id") String id) {
        DeadLetterId deadLetterId = DeadLetterId.parse(id);
        String operator = caller.email();
        try {
            Replayed replayed = ops.replay(deadLetterId, operator);
            return Response.ok(new ReplayAnswer(deadLetterId.encoded(), replayed.outcome().name(), replayed.detail())).build();
        } catch (KafkaException e) {
            return kafkaUnavailable();
        }
    }

    private static Response kafkaUnavailable() {
        return ProblemMappers.unavailable("the dead-letter topics cannot be read: Kafka does not answer; try again later");
    }
}
