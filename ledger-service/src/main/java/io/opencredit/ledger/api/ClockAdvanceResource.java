package io.opencredit.ledger.api;

import io.opencredit.events.ClockAdvanced;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.ClockStore;
import io.opencredit.ledger.persistence.LedgerReads;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.ClockResource;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/ops/clock/advance}: moves the whole suite's clock forward (operator, outside production; SPEC C2). */
@Path("/api/v1/ops/clock/advance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "ops")
public class ClockAdvanceResource {

    /** The longest duration text taken: {@code P36525DT23H59M59.999999999S} has 27 characters. */
    static final int MAX_DURATION_TEXT = 40;

    private final ClockStore clockStore;
    private final SuiteClock clock;
    private final RuntimeConfig config;
    private final IdempotencyKeys idempotency;
    private final Caller caller;
    private final LedgerReads reads;

    public ClockAdvanceResource(ClockStore clockStore, SuiteClock clock, RuntimeConfig config, IdempotencyKeys idempotency,
                       Caller caller, LedgerReads reads) {
        this.reads = reads;
        this.clockStore = clockStore;
        this.clock = clock;
        this.config = config;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Moves the whole suite's clock forward (outside production only; SPEC C2)")
    @APIResponse(responseCode = "200", description = "the suite clock after the advance; with dryRun=true what it would emit (and fire on subscriptionId)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {ClockResource.ClockView.class, Views.DryRunView.class})))
    @APIResponse(responseCode = "400", description = "no duration, or not an ISO-8601 duration of at most 40 characters")
    @APIResponse(responseCode = "404", description = "the suite clock is not adjustable here (production), or dryRun's subscriptionId is unknown")
    @APIResponse(responseCode = "409", description = "the Idempotency-Key was used with another body")
    @APIResponse(responseCode = "422", description = "C2: not forward, or beyond the clock's bound")
    public Response advance(@HeaderParam(IdempotencyKeys.HEADER) String key, @QueryParam("dryRun") boolean dryRun,
                            @QueryParam("subscriptionId") UUID subscriptionId, Views.ClockAdvanceRequest request) {
        if (!config.clock().adjustable()) {
            throw ProblemException.notFound("the suite clock is not adjustable here");
        }
        if (request == null || request.duration() == null) {
            throw ProblemException.badRequest("invalid-value", "duration is required, e.g. {\"duration\": \"P30D\"}");
        }
        Duration by = parse(request.duration());
        if (by.isNegative() || by.isZero()) {
            throw ProblemException.unprocessable("C2-clock-only-moves-forward", "the suite clock only moves forward");
        }
        if (by.compareTo(SuiteClock.MAX_OFFSET) > 0) {
            throw ClockStore.beyondBound(by);
        }
        if (dryRun) {
            return Response.ok(preview(by, subscriptionId)).build();
        }
        String scope = caller.email() + " POST /ops/clock/advance";
        IdempotencyKeys.Answer answer = QuarkusTransaction.requiringNew().call(() -> idempotency.execute(key, scope, request,
                () -> {
                    Duration offset = clockStore.advance(by);
                    return new IdempotencyKeys.Answer(200, new ClockResource.ClockView(clock.now().minus(clock.offset()).plus(offset), offset));
                }));
        if (answer.body() instanceof ClockResource.ClockView view) {
            clock.advanceTo(view.offset());
            return Response.ok(new ClockResource.ClockView(clock.now(), clock.offset())).build();
        }
        clock.advanceTo(clockStore.storedOffset());
        return Response.ok(new ClockResource.ClockView(clock.now(), clock.offset())).build();
    }

    /**
     * F3: what the advance would emit (ClockAdvanced and, for {@code subscriptionId}, the due facts it would fire there,
     * from the stream refolded read-only) and that subscription's balance after it; nothing is stored or published.
     */
    private Views.DryRunView preview(Duration by, UUID subscriptionId) {
        Duration offset = clock.offset().plus(by);
        if (offset.compareTo(SuiteClock.MAX_OFFSET) > 0) {
            throw ClockStore.beyondBound(by);
        }
        Instant then = clock.now().plus(by);
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Views.event("ClockAdvanced", new ClockAdvanced(offset, by, clock.now())));
        if (subscriptionId == null) {
            return new Views.DryRunView(true, events, null);
        }
        SubscriptionLedger state = new SubscriptionLedger(subscriptionId);
        boolean exists = reads.visit(subscriptionId, stored -> {
            if (stored.fact().stored()) {
                state.apply(stored.fact());
            }
            return true;
        });
        if (!exists) {
            throw ProblemException.notFound("no subscription " + subscriptionId);
        }
        LedgerFold.Result result = LedgerFold.advanceTo(state, then);
        Views.DryRunView fired = Views.dryRun(result.facts(), result.state(), then);
        events.addAll(fired.events());
        return new Views.DryRunView(true, events, fired.balanceAfter());
    }

    /**
     * An ISO-8601 duration, refused (400) when longer than {@value #MAX_DURATION_TEXT} characters before anything parses
     * it, or when its numbers do not fit (the JDK's parser reports an overflow as a parse error).
     */
    static Duration parse(String text) {
        if (text.length() > MAX_DURATION_TEXT) {
            throw ProblemException.badRequest("invalid-duration", "duration must be an ISO-8601 duration such as P30D or PT12H"
                    + " of at most " + MAX_DURATION_TEXT + " characters");
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ProblemException.badRequest("invalid-duration", "duration must be an ISO-8601 duration such as P30D or PT12H");
        }
    }
}
