package io.opencredit.ledger.api;

import io.opencredit.events.Money;
import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.AlertRuleSet;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.LedgerRejection;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.FactCodec;
import io.opencredit.ledger.persistence.LedgerCommands;
import io.opencredit.ledger.persistence.LedgerReads;
import io.opencredit.ledger.persistence.StoredFact;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.api.RequestDecimals;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ledger's customer API (SPEC §4): balance (now or as of a past instant), statement and the
 * subscription credit alerts (A3). Only the subscription's administrators see it; everyone else
 * gets 404, like for an unknown id (SPEC §5).
 */
@Path("/api/v1/subscriptions/{subscriptionId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
@Tag(name = "ledger")
public class SubscriptionResource {

    /** Statement entries per page unless {@code limit} says otherwise, and the largest page (read and answered in memory). */
    static final int STATEMENT_DEFAULT_LIMIT = 500;
    static final int STATEMENT_MAX_LIMIT = 1000;

    private final LedgerReads reads;
    private final LedgerCommands commands;
    private final SuiteClock clock;
    private final AdministeredSubscriptions administered;

    public SubscriptionResource(LedgerReads reads, LedgerCommands commands, SuiteClock clock,
                                AdministeredSubscriptions administered) {
        this.administered = administered;
        this.reads = reads;
        this.commands = commands;
        this.clock = clock;
    }

    private UUID authorised(String subscriptionId) {
        return administered.authorised(subscriptionId);
    }

    /**
     * The balance; with {@code asOf} and/or {@code knownAt} (F2, ISO instants, each defaulting to now) the one folded from
     * the entries the ledger had recorded by {@code knownAt} that took effect by {@code asOf}, each with the effect it was
     * given when recorded. 400 for a malformed instant (naming the parameter), 422 for one in the future.
     */
    @GET
    @Path("/balance")
    @Operation(summary = "Remaining credit, overage, status and tokens (FIFO order); asOf and knownAt (F2) answer the balance at asOf"
            + " as the ledger knew it at knownAt, each defaulting to now")
    @APIResponse(responseCode = "200", description = "the balance")
    @APIResponse(responseCode = "400", description = "asOf or knownAt is not a UTC ISO-8601 instant, or a malformed OpenCredit-Consistency token")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    @APIResponse(responseCode = "422", description = "as-of-in-the-future or known-at-in-the-future: asOf or knownAt is after the suite's now")
    public Views.BalanceView balance(@PathParam("subscriptionId") String subscriptionId, @QueryParam("asOf") String asOf,
                                     @QueryParam("knownAt") String knownAt) {
        UUID id = authorised(subscriptionId);
        if (asOf != null || knownAt != null) {
            Instant now = clock.now();
            Instant asOfAt = asOf == null ? now : notInTheFuture("asOf", asOf, now);
            Instant knownAtAt = knownAt == null ? now : notInTheFuture("knownAt", knownAt, now);
            SubscriptionLedger state = reads.stateAsOf(id, asOfAt, knownAtAt)
                    .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
            return Views.balanceOf(state, asOfAt, knownAtAt);
        }
        LedgerReads.Current current = reads.current(id)
                .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
        LedgerReads.Balance balance = current.balance();
        List<Views.TokenView> tokens = current.tokens().stream()
                .map(t -> new Views.TokenView(t.tokenId(), t.source(), t.keyCode(), t.paymentReference(), t.original(),
                        t.remaining(), t.activatedAt(), t.expiresAt(), t.status()))
                .toList();
        Instant now = clock.now();
        return new Views.BalanceView(id, balance.currency(), balance.status(), balance.remaining(), balance.overage(),
                balance.suspendedAt(), balance.deprovisionAt(), now, now, balance.version(), tokens);
    }

    /** F2: the ledger knows nothing after now, and a balance as of a later time would be a forecast (F1's job). */
    private static Instant notInTheFuture(String name, String value, Instant now) {
        Instant at = instant(name, value);
        if (at.isAfter(now)) {
            String slug = name.equals("asOf") ? "as-of-in-the-future" : "known-at-in-the-future";
            throw ProblemException.unprocessable(slug, name + " " + at + " is in the future");
        }
        return at;
    }

    /**
     * One page of the statement, oldest first, each entry with its {@code effectiveAt} and {@code recordedAt} (F2):
     * at most {@code limit} entries (default 500, 1..1000, else 400) after the cursor {@code after} (400 when it is not
     * one the ledger wrote); {@code next} is the following page's cursor, null on the last page.
     */
    @GET
    @Path("/statement")
    @Operation(summary = "The ledger's entries of the subscription, oldest first, optionally between from and to (inclusive),"
            + " one page at a time: limit (1..1000, default 500) entries after the cursor 'after'; 'next' is the following page's cursor")
    @APIResponse(responseCode = "200", description = "one page of the statement")
    @APIResponse(responseCode = "400", description = "from or to is not a UTC ISO-8601 instant, from is after to, limit outside 1..1000,"
            + " a cursor the ledger did not write, or a malformed OpenCredit-Consistency token")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    public Views.StatementView statement(@PathParam("subscriptionId") String subscriptionId,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @Parameter(description = "entries per page, 1..1000 (default 500)", schema = @Schema(
                                                 type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "500"))
                                         @QueryParam("limit") String limit,
                                         @Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after) {
        UUID id = authorised(subscriptionId);
        Instant fromAt = from == null ? null : instant("from", from);
        Instant toAt = to == null ? null : instant("to", to);
        if (fromAt != null && toAt != null && fromAt.isAfter(toAt)) {
            throw ProblemException.badRequest("invalid-range", "from must not be after to");
        }
        int pageSize = Paging.limit(limit, STATEMENT_DEFAULT_LIMIT, STATEMENT_MAX_LIMIT);
        long afterVersion = after == null ? 0 : Paging.version(after);
        List<StoredFact> page = reads.page(id, fromAt, toAt, afterVersion, pageSize + 1);
        boolean more = page.size() > pageSize;
        List<Views.StatementEntry> entries = page.stream().limit(pageSize)
                .map(f -> new Views.StatementEntry(f.version(), f.eventId(), f.fact().type(), f.fact().at(), f.effectiveAt(),
                        f.recordedAt(), f.causationId(), FactCodec.mapper().valueToTree(f.fact().payload())))
                .toList();
        String next = more ? Paging.versionCursor(entries.get(entries.size() - 1).sequence()) : null;
        String currency = reads.balance(id).map(LedgerReads.Balance::currency).orElse(null);
        return new Views.StatementView(id, currency, fromAt, toAt, entries, next);
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "The subscription's credit alerts (A3)")
    @APIResponse(responseCode = "200", description = "the alerts set, by number")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    public List<Views.AlertView> alerts(@PathParam("subscriptionId") String subscriptionId) {
        UUID id = authorised(subscriptionId);
        String currency = reads.balance(id).map(LedgerReads.Balance::currency).orElse(null);
        return reads.alerts(id).stream().map(rule -> view(rule, currency)).toList();
    }

    @GET
    @Path("/alerts/{n}")
    @Operation(summary = "One credit alert (A3)")
    @APIResponse(responseCode = "200", description = "the alert")
    @APIResponse(responseCode = "404", description = "unknown subscription or alert, or not administered by the caller")
    public Views.AlertView alert(@PathParam("subscriptionId") String subscriptionId, @PathParam("n") int n) {
        UUID id = authorised(subscriptionId);
        String currency = reads.balance(id).map(LedgerReads.Balance::currency).orElse(null);
        return reads.alerts(id).stream().filter(rule -> rule.number() == n).findFirst()
                .map(rule -> view(rule, currency))
                .orElseThrow(() -> ProblemException.notFound("no alert " + n));
    }

    @PUT
    @Path("/alerts/{n}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Sets credit alert n (1..5): a threshold in the subscription currency and 1 or 2 recipients (A3);"
            + " dryRun=true answers what it would emit and changes nothing (F3)")
    @APIResponse(responseCode = "200", description = "the alert as set; with dryRun=true what it would emit and the balance it would leave",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {Views.AlertView.class, Views.DryRunView.class})))
    @APIResponse(responseCode = "400", description = "no body, a threshold that is no decimal, or a malformed OpenCredit-Consistency token")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    @APIResponse(responseCode = "409", description = "the ledger refused the change as conflicting with the subscription's state")
    @APIResponse(responseCode = "422", description = "n outside 1..5, a negative threshold, more than 6 fraction digits (M1),"
            + " not 1 or 2 recipients, or an address not allowed")
    public Response putAlert(@PathParam("subscriptionId") String subscriptionId, @PathParam("n") int n,
                             @QueryParam("dryRun") boolean dryRun, Views.AlertRequest request) {
        UUID id = authorised(subscriptionId);
        if (request == null) {
            throw ProblemException.badRequest("missing-body", "the body {threshold, recipients} is required");
        }
        if (n < 1 || n > SubscriptionLedger.MAX_ALERTS) {
            throw ProblemException.unprocessable("A3-at-most-five-alerts",
                    "a subscription has at most 5 credit alerts, numbered 1 to 5; got " + n);
        }
        BigDecimal threshold = RequestDecimals.parse(request.threshold(), "threshold"); // O6: the one decimal reader
        if (threshold.signum() < 0) {
            throw ProblemException.unprocessable("A3-invalid-threshold", "the threshold must be an amount of at least 0");
        }
        if (request.recipients() == null || request.recipients().isEmpty() || request.recipients().size() > SubscriptionLedger.MAX_RECIPIENTS) {
            throw ProblemException.unprocessable("A3-one-or-two-recipients", "an alert has 1 or 2 recipient addresses");
        }
        String currency = reads.balance(id).map(LedgerReads.Balance::currency)
                .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
        AlertRuleSet command = new AlertRuleSet(n, Money.of(threshold, currency), request.recipients());
        if (dryRun) {
            LedgerCommands.Outcome outcome = preview(id, command);
            return Response.ok(Views.dryRun(outcome.facts(), outcome.state(), outcome.at())).build();
        }
        SubscriptionLedger ledger = execute(id, command);
        return Response.ok(view(ledger.alerts().get(n), currency)).build();
    }

    @DELETE
    @Path("/alerts/{n}")
    @Transactional
    @Operation(summary = "Deletes credit alert n (A3); dryRun=true answers what it would emit and changes nothing (F3)")
    @APIResponse(responseCode = "200", description = "with dryRun=true: what it would emit and the balance it would leave;"
            + " nothing is stored or published",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.DryRunView.class)))
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "unknown subscription, no alert n (n outside 1..5 or not set), or not"
            + " administered by the caller")
    @APIResponse(responseCode = "409", description = "the ledger refused the change as conflicting with the subscription's state")
    public Response deleteAlert(@PathParam("subscriptionId") String subscriptionId, @PathParam("n") int n,
                                @QueryParam("dryRun") boolean dryRun) {
        UUID id = authorised(subscriptionId);
        if (n < 1 || n > SubscriptionLedger.MAX_ALERTS) {
            throw ProblemException.notFound("no alert " + n);
        }
        AlertRuleRemoved command = new AlertRuleRemoved(n);
        if (dryRun) {
            LedgerCommands.Outcome outcome = preview(id, command);
            return Response.ok(Views.dryRun(outcome.facts(), outcome.state(), outcome.at())).build();
        }
        execute(id, command);
        return Response.noContent().build();
    }

    /** F3: what the command would decide, nothing stored (the transaction writes no row). */
    private LedgerCommands.Outcome preview(UUID id, LedgerPayload.Internal command) {
        try {
            return commands.execute(id, command, true).orElseThrow(() -> ProblemException.notFound("no subscription " + id));
        } catch (LedgerRejection rejection) {
            throw CorrectionsResource.problem(rejection);
        }
    }

    private SubscriptionLedger execute(UUID id, LedgerPayload.Internal command) {
        try {
            return commands.execute(id, command).orElseThrow(() -> ProblemException.notFound("no subscription " + id));
        } catch (LedgerRejection rejection) {
            throw switch (rejection.kind()) {
                case NOT_FOUND -> ProblemException.notFound(rejection.getMessage());
                case CONFLICT -> ProblemException.conflict(rejection.slug(), rejection.getMessage());
                case INVALID -> ProblemException.unprocessable(rejection.slug(), rejection.getMessage());
            };
        }
    }

    private static Views.AlertView view(AlertRule rule, String currency) {
        return new Views.AlertView(rule.number(), rule.threshold(), currency, rule.recipients(), rule.armed());
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-instant", name + " must be a UTC ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
