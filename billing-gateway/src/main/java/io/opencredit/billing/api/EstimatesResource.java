package io.opencredit.billing.api;

import io.opencredit.billing.domain.CreditForecast;
import io.opencredit.billing.domain.Decimals;
import io.opencredit.billing.domain.InvalidInput;
import io.opencredit.billing.domain.Meter;
import io.opencredit.billing.domain.PriceCatalogue;
import io.opencredit.billing.domain.SubscriptionInfo;
import io.opencredit.billing.persistence.CatalogueStore;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.Currencies;
import io.opencredit.events.Money;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consistency.ViewCatchUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /estimates} (SPEC §4): the daily cost of the given lines in a currency, split into
 * what credit pays (eligible meters) and what is billed to card (T4); for a subscription the caller
 * administers, when its current credit runs out at that daily cost and how much would expire
 * unused ({@link CreditForecast}). Nothing is stored.
 */
@Path("/api/v1/estimates")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
@Tag(name = "estimates")
public class EstimatesResource {

    static final int MAX_LINES = 100;

    private final CatalogueStore catalogue;
    private final SubscriptionStore subscriptions;
    private final Caller caller;
    private final SuiteClock clock;
    private final ViewCatchUp catchUp;

    public EstimatesResource(CatalogueStore catalogue, SubscriptionStore subscriptions, Caller caller, SuiteClock clock,
                             ViewCatchUp catchUp) {
        this.catchUp = catchUp;
        this.catalogue = catalogue;
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Estimate the daily cost of some usage", description = "Split into what credit pays and what is"
            + " billed to card (T4); with subscriptionId, when its credit runs out at that cost and what would expire unused."
            + " Nothing is stored.")
    @APIResponse(responseCode = "200", description = "the estimate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dtos.EstimateAnswer.class)))
    @APIResponse(responseCode = "400", description = "no body, no currency, 0 or more than 100 lines, a line without meterId or"
            + " with a quantity that is not a decimal of at least 0")
    @APIResponse(responseCode = "404", description = "subscriptionId unknown, or not administered by the caller")
    @APIResponse(responseCode = "422", description = "unknown currency or meter, a meter without a price in the currency, the"
            + " subscription's currency differs (M3), more than 6 fraction digits (M1)")
    public Dtos.EstimateAnswer estimate(Dtos.EstimateRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("invalid-value", "a body {currency, lines, subscriptionId?} is required");
        }
        if (request.currency() == null) {
            throw ProblemException.badRequest("invalid-value", "currency is required");
        }
        if (!Currencies.isSupported(request.currency())) {
            throw ProblemException.unprocessable("unknown-currency", "currency '" + request.currency() + "' is not one of "
                    + Currencies.DEFAULT_CREDIT_PER_UNIT.keySet());
        }
        if (request.lines() == null || request.lines().isEmpty() || request.lines().size() > MAX_LINES) {
            throw ProblemException.badRequest("invalid-value", "lines must hold 1 to " + MAX_LINES + " lines {meterId, quantityPerDay}");
        }
        SubscriptionInfo subscription = null;
        if (request.subscriptionId() != null) {
            UUID id = request.subscriptionId();
            // SPEC R1: a subscription activated (or a co-administrator added) a moment ago is not refused as unknown
            catchUp.awaitVisible(id, () -> subscriptions.find(id).filter(s -> caller.administers(s.administrators(), id)).isPresent());
            subscription = subscriptions.find(id).orElse(null);
            caller.requireAdministers(subscription == null ? List.of() : subscription.administrators(), request.subscriptionId());
            if (!subscription.currency().equals(request.currency())) {
                throw ProblemException.unprocessable("M3-currency-mismatch",
                        "M3: the subscription's currency is " + subscription.currency() + ", the estimate asks for " + request.currency());
            }
        }
        String currency = request.currency();
        PriceCatalogue prices = catalogue.catalogue();
        Money fromCredit = Money.zero(currency);
        Money toCard = Money.zero(currency);
        List<Dtos.EstimateLineAnswer> lines = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            Dtos.EstimateLine line = request.lines().get(i);
            if (line == null || line.meterId() == null) {
                throw ProblemException.badRequest("invalid-value", "lines[" + i + "].meterId is required");
            }
            BigDecimal quantity;
            try {
                quantity = Decimals.nonNegativeValue(line.quantityPerDay(), "lines[" + i + "].quantityPerDay");
            } catch (InvalidInput e) {
                throw ProblemException.badRequest(e.slug(), e.getMessage());
            }
            Meter meter = prices.meter(line.meterId()).orElseThrow(() -> ProblemException.unprocessable("unknown-meter",
                    "meter '" + line.meterId() + "' is not in the price catalogue"));
            Money unitPrice = prices.unitPrice(meter, currency).orElseThrow(() -> ProblemException.unprocessable(
                    "M3-no-price-in-currency", "meter '" + meter.meterId() + "' has no price in " + currency));
            Money cost = PriceCatalogue.rate(unitPrice, quantity);
            if (meter.eligible()) {
                fromCredit = fromCredit.plus(cost);
            } else {
                toCard = toCard.plus(cost);
            }
            lines.add(new Dtos.EstimateLineAnswer(meter.meterId(), meter.service(), meter.unit(), meter.eligible(), quantity,
                    unitPrice.amount(), cost.amount()));
        }
        Dtos.SubscriptionForecast forecast = null;
        if (subscription != null) {
            Instant now = clock.now();
            Money remaining = Money.of(subscription.remaining() == null ? BigDecimal.ZERO : subscription.remaining(), currency);
            CreditForecast.Result result = CreditForecast.forecast(remaining, subscriptions.openTokens(subscription.subscriptionId()),
                    fromCredit, now);
            Instant runsOut = remaining.isZero() ? now : result.runsOutAt();
            LocalDate runsOutOn = runsOut == null ? null : LocalDate.ofInstant(runsOut, ZoneOffset.UTC);
            forecast = new Dtos.SubscriptionForecast(subscription.subscriptionId(), remaining.amount(), subscription.remainingAsOf(),
                    runsOut, runsOutOn, result.expiringUnused().amount());
        }
        return new Dtos.EstimateAnswer(currency, fromCredit.plus(toCard).amount(), fromCredit.amount(), toCard.amount(), lines, forecast);
    }
}
