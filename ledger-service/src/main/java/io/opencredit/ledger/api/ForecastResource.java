package io.opencredit.ledger.api;

import io.opencredit.ledger.domain.Forecast;
import io.opencredit.ledger.domain.ForecastSettingsSet;
import io.opencredit.ledger.domain.LedgerRejection;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.domain.TokenState;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.ledger.persistence.LedgerCommands;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
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
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * F1: the forecast of a subscription ({@code GET /subscriptions/{id}/forecast}: burn rate, run-out date, what each
 * token is forecast to leave unused) and its settings next to the A3 alerts ({@code PUT .../forecast-alert}: the
 * warning days and the burn window). Seen and set by the subscription's administrators, like the balance.
 */
@Path("/api/v1/subscriptions/{subscriptionId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
@Tag(name = "ledger")
public class ForecastResource {

    public record TokenForecast(UUID tokenId, Instant expiresAt, BigDecimal forecastUnusedAtExpiry) {
    }

    public record ForecastView(UUID subscriptionId, String currency, BigDecimal burnPerDay, LocalDate runsOutOn, Integer daysLeft,
                               int warningDays, int burnWindowDays, Instant asOf, List<TokenForecast> tokens) {
    }

    public record SettingsRequest(@Schema(required = true, description = "1..365", example = "14") Integer warningDays,
                                  @Schema(description = "1..31, default 7", example = "7") Integer burnWindowDays) {
    }

    private final EventStore store;
    private final LedgerCommands commands;
    private final SuiteClock clock;
    private final AdministeredSubscriptions administered;

    public ForecastResource(EventStore store, LedgerCommands commands, SuiteClock clock,
                            AdministeredSubscriptions administered) {
        this.administered = administered;
        this.store = store;
        this.commands = commands;
        this.clock = clock;
    }

    @GET
    @Path("/forecast")
    @Transactional
    @Operation(summary = "Burn rate, forecast run-out date and each token's forecast unused credit at its expiry (F1)")
    @APIResponse(responseCode = "200", description = "the forecast")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    public ForecastView forecast(@PathParam("subscriptionId") String subscriptionId) {
        UUID id = authorised(subscriptionId);
        SubscriptionLedger ledger = store.load(List.of(id)).get(id);
        if (ledger == null) {
            throw ProblemException.notFound("no subscription " + subscriptionId);
        }
        return view(ledger, clock.now());
    }

    @PUT
    @Path("/forecast-alert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Sets the forecast's warning days (1..365, default 14) and burn window (1..31 days, default 7) (F1);"
            + " dryRun=true answers what it would emit and changes nothing (F3)")
    @APIResponse(responseCode = "200", description = "the forecast with the new settings; with dryRun=true what it would emit and the balance it would leave",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {ForecastView.class, Views.DryRunView.class})))
    @APIResponse(responseCode = "400", description = "no body or no warningDays, or a malformed OpenCredit-Consistency token")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    @APIResponse(responseCode = "409", description = "the ledger refused the change as conflicting with the subscription's state")
    @APIResponse(responseCode = "422", description = "warningDays outside 1..365 or burnWindowDays outside 1..31")
    public Response settings(@PathParam("subscriptionId") String subscriptionId, @QueryParam("dryRun") boolean dryRun,
                             SettingsRequest request) {
        UUID id = authorised(subscriptionId);
        if (request == null || request.warningDays() == null) {
            throw ProblemException.badRequest("missing-body", "the body {warningDays, burnWindowDays?} is required");
        }
        int window = request.burnWindowDays() == null ? SubscriptionLedger.DEFAULT_BURN_WINDOW_DAYS : request.burnWindowDays();
        try {
            LedgerCommands.Outcome outcome = commands.execute(id, new ForecastSettingsSet(request.warningDays(), window), dryRun)
                    .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
            if (dryRun) {
                return Response.ok(Views.dryRun(outcome.facts(), outcome.state(), outcome.at())).build();
            }
            return Response.ok(view(outcome.state(), outcome.at())).build();
        } catch (LedgerRejection rejection) {
            throw CorrectionsResource.problem(rejection);
        }
    }

    private static ForecastView view(SubscriptionLedger ledger, Instant now) {
        Forecast forecast = ledger.forecast(now);
        List<TokenForecast> tokens = ledger.tokens().stream().filter(TokenState::holdsCredit).sorted(TokenState.FIFO)
                .map(t -> new TokenForecast(t.tokenId(), t.expiresAt(), forecast.unusedAtExpiry().get(t.tokenId())))
                .toList();
        return new ForecastView(ledger.subscriptionId(), ledger.currency(), forecast.burnPerDay(), forecast.runsOutOn(),
                forecast.daysLeft(now), ledger.warningDays(), ledger.burnWindowDays(), now, tokens);
    }

    private UUID authorised(String subscriptionId) {
        return administered.authorised(subscriptionId);
    }
}
