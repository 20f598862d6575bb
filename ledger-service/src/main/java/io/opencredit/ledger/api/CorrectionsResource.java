package io.opencredit.ledger.api;

import io.opencredit.ledger.domain.Correction;
import io.opencredit.ledger.domain.LedgerRejection;
import io.opencredit.ledger.persistence.LedgerCommands;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.api.RequestDecimals;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator corrections (SPEC F4): {@code POST /subscriptions/{id}/adjustments} and
 * {@code POST /subscriptions/{id}/usage/{usageId}/void}, each answered 201 with the resulting balance, or with
 * {@code ?dryRun=true} 200 with the events it would emit and the balance it would leave (F3). They are commands on the
 * ledger, not topic inputs: {@link LedgerCommands} locks the stream like the consumer and commits through the outbox.
 */
@Path("/api/v1/subscriptions/{subscriptionId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "corrections")
public class CorrectionsResource {

    /** Longest reference taken (it is an operator's ticket or case number). */
    static final int MAX_REFERENCE = 100;
    /** Longest reason taken. */
    static final int MAX_REASON = 500;

    private final LedgerCommands commands;

    public CorrectionsResource(LedgerCommands commands) {
        this.commands = commands;
    }

    @POST
    @Path("/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Adds credit (a 12-month token of source ADJUSTMENT) or takes it first in, first out; once per reference (F4)")
    @APIResponse(responseCode = "201", description = "the balance after the correction",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.BalanceView.class)))
    @APIResponse(responseCode = "200", description = "dryRun=true: what it would emit and the balance it would leave; nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.DryRunView.class)))
    @APIResponse(responseCode = "404", description = "unknown subscription")
    @APIResponse(responseCode = "409", description = "F4: the reference was used with other details")
    @APIResponse(responseCode = "422", description = "zero amount, a missing currency or one not the subscription's, a reason or reference missing or too long, more than 6 fraction digits (M1), more than the remaining credit taken")
    public Response adjust(@PathParam("subscriptionId") String subscriptionId, @QueryParam("dryRun") boolean dryRun,
                           Views.AdjustmentRequest request) {
        UUID id = subscription(subscriptionId);
        if (request == null) {
            throw ProblemException.badRequest("missing-body", "the body {amount, currency, reason, reference} is required");
        }
        BigDecimal amount = RequestDecimals.parse(request.amount(), "amount"); // O6: the one decimal reader
        if (amount.signum() == 0) {
            throw ProblemException.unprocessable("F4-zero-adjustment", "the amount must not be zero");
        }
        if (request.currency() == null || request.currency().isBlank()) {
            throw ProblemException.unprocessable("currency-mismatch", "the currency is required");
        }
        String reference = text(request.reference(), "reference", MAX_REFERENCE);
        String reason = text(request.reason(), "reason", MAX_REASON);
        return answer(id, new Correction.Adjust(reference, amount, request.currency(), reason), dryRun);
    }

    @POST
    @Path("/usage/{usageId}/void")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Gives a usage record's debits back to their tokens (forfeited at once where expired); once per usage id (F4)")
    @APIResponse(responseCode = "201", description = "the balance after the correction",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.BalanceView.class)))
    @APIResponse(responseCode = "200", description = "dryRun=true: what it would emit and the balance it would leave; nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.DryRunView.class)))
    @APIResponse(responseCode = "404", description = "unknown subscription or usage id")
    @APIResponse(responseCode = "409", description = "F4: the usage was voided already")
    @APIResponse(responseCode = "422", description = "a reason missing or too long")
    public Response voidUsage(@PathParam("subscriptionId") String subscriptionId, @PathParam("usageId") String usageId,
                              @QueryParam("dryRun") boolean dryRun, Views.VoidRequest request) {
        UUID id = subscription(subscriptionId);
        if (request == null) {
            throw ProblemException.badRequest("missing-body", "the body {reason} is required");
        }
        String reason = text(request.reason(), "reason", MAX_REASON);
        return answer(id, new Correction.VoidUsage(usageId, reason, java.util.List.of()), dryRun);
    }

    private Response answer(UUID id, Correction correction, boolean dryRun) {
        LedgerCommands.Outcome outcome;
        try {
            outcome = commands.correct(id, correction, dryRun).orElseThrow(() -> ProblemException.notFound("no subscription " + id));
        } catch (LedgerRejection rejection) {
            throw problem(rejection);
        }
        if (dryRun) {
            return Response.ok(Views.dryRun(outcome.facts(), outcome.state(), outcome.at())).build();
        }
        return Response.status(Response.Status.CREATED).entity(Views.balanceOf(outcome.state(), outcome.at())).build();
    }

    static ProblemException problem(LedgerRejection rejection) {
        return switch (rejection.kind()) {
            case NOT_FOUND -> ProblemException.notFound(rejection.getMessage());
            case CONFLICT -> ProblemException.conflict(rejection.slug(), rejection.getMessage());
            case INVALID -> ProblemException.unprocessable(rejection.slug(), rejection.getMessage());
        };
    }

    private static UUID subscription(String subscriptionId) {
        try {
            return UUID.fromString(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + subscriptionId);
        }
    }

    private static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.unprocessable("F4-reference-and-reason", field + " is required");
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.unprocessable("F4-reference-and-reason", field + " must be at most " + max
                    + " characters without control characters");
        }
        return value.strip();
    }
}
