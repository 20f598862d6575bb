package io.opencredit.ledger.domain;

import static io.opencredit.ledger.domain.Ev.T0;
import static io.opencredit.ledger.domain.Ev.credit;
import static io.opencredit.ledger.domain.Ev.ofType;
import static io.opencredit.ledger.domain.Ev.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.EventPayload;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** F1 forecasts on the pure fold: burn rate, run-out date, unused credit at expiry and the two warnings. */
class ForecastTest {

    private final UUID subscriptionId = UUID.randomUUID();
    private SubscriptionLedger ledger;
    private final List<LedgerFact> all = new ArrayList<>();

    @BeforeEach
    void open() {
        ledger = new SubscriptionLedger(subscriptionId);
        fold(Ev.created("customer@example.com"), T0);
    }

    private List<LedgerFact> fold(EventPayload input, Instant now) {
        return take(LedgerFold.fold(ledger, input, now));
    }

    private List<LedgerFact> take(LedgerFold.Result result) {
        ledger = result.state();
        all.addAll(result.facts());
        return result.facts();
    }

    private static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void F1_the_burn_rate_is_eligible_usage_per_day_over_the_last_7_days() {
        fold(credit("10000", T0), T0);
        fold(usage("old", "700", days(1)), days(1)); // leaves the window before day 10
        fold(usage("u1", "35", days(9)), days(9));
        fold(usage("u2", "35", days(10)), days(10));
        fold(Ev.ineligible("m1", "500", days(10)), days(10)); // billed to card: not burnt credit

        Forecast forecast = ledger.forecast(days(10));

        assertThat(forecast.burnPerDay()).isEqualByComparingTo("10"); // 70 over the 7 days up to day 10
        assertThat(ledger.forecast(days(17)).burnPerDay()).isEqualByComparingTo("0");
    }

    @Test
    void F1_the_credit_runs_out_when_the_tokens_are_used_up_first_in_first_out_and_a_token_may_expire_partly_unused() {
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        fold(credit(early, "100", days(-360)), days(-360)); // expires on day 5
        fold(credit(late, "1000", T0), T0);
        fold(usage("u1", "70", T0), T0); // burn 10 a day; 70 of the early token used, 30 left

        Forecast forecast = ledger.forecast(T0);

        assertThat(forecast.burnPerDay()).isEqualByComparingTo("10");
        assertThat(forecast.unusedAtExpiry().get(early)).isEqualByComparingTo("0"); // used up on day 3, before day 5
        assertThat(forecast.unusedAtExpiry().get(late)).isEqualByComparingTo("0");
        assertThat(forecast.runsOutOn()).isEqualTo(LocalDate.of(2026, 1, 1).plusDays(103)); // 1030 at 10 a day
        assertThat(forecast.daysLeft(T0)).isEqualTo(103);

        fold(credit(UUID.randomUUID(), "5000", days(1)), days(1)); // a year of credit at 10 a day: part of it expires
        Forecast withMore = ledger.forecast(days(1));
        assertThat(withMore.unusedAtExpiry().values()).anySatisfy(unused -> assertThat(unused).isPositive());
    }

    @Test
    void F1_the_depletion_forecast_fires_once_within_14_days_and_is_rearmed_when_it_moves_beyond() {
        fold(credit("1000", T0), T0);
        List<CreditDepletionForecast> fired = new ArrayList<>();
        for (int day = 0; day < 8; day++) { // 70 a day: after day k the burn is 10(k+1) and the rest 1000 - 70(k+1)
            fired.addAll(ofType(fold(usage("u" + day, "70", days(day)), days(day)), CreditDepletionForecast.class));
        }

        assertThat(fired).singleElement().satisfies(f -> {
            assertThat(f.daysLeft()).isEqualTo(13); // 650 left at 50 a day, after the fifth day
            assertThat(f.runsOutOn()).isEqualTo(LocalDate.of(2026, 1, 5).plusDays(13));
            assertThat(f.burnPerDay().amount()).isEqualByComparingTo("50");
        });

        List<LedgerFact> topUp = fold(credit("5000", days(8)), days(8));
        assertThat(topUp).filteredOn(f -> f.payload() instanceof DepletionForecastRearmed).hasSize(1);
        assertThat(LedgerFold.replay(subscriptionId, all).snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F1_the_warning_days_and_the_burn_window_are_set_per_subscription() {
        fold(credit("1000", T0), T0);
        take(LedgerFold.fold(ledger, new ForecastSettingsSet(3, 1), T0));
        List<CreditDepletionForecast> fired = new ArrayList<>();
        for (int day = 0; day < 4; day++) { // a window of one day: the burn is 200 a day from the first usage
            fired.addAll(ofType(fold(usage("u" + day, "200", days(day)), days(day)), CreditDepletionForecast.class));
        }
        assertThat(fired).singleElement().satisfies(f -> assertThat(f.daysLeft()).isEqualTo(3)); // 600 left after day 1 at 200 a day

        assertThat(LedgerFold.fold(ledger, new ForecastSettingsSet(0, 7), T0).rejection().slug()).isEqualTo("F1-invalid-warning-days");
        assertThat(LedgerFold.fold(ledger, new ForecastSettingsSet(14, 32), T0).rejection().slug()).isEqualTo("F1-invalid-burn-window");
    }

    @Test
    void F1_thirty_days_before_expiry_a_token_the_burn_rate_will_not_use_up_is_announced_once() {
        UUID token = UUID.randomUUID();
        fold(credit(token, "1000", T0), T0);
        List<LedgerFact> due = new ArrayList<>();
        for (int day = 300; day < 340; day++) {
            due.addAll(fold(usage("u" + day, "1", days(day)), days(day))); // 1 a day; the token expires on day 365
        }

        assertThat(ofType(due, TokenExpiring.class)).hasSize(1);
        assertThat(ofType(due, TokenWillExpireUnused.class)).singleElement().satisfies(u -> {
            assertThat(u.tokenId()).isEqualTo(token);
            assertThat(u.forecastUnused().amount()).isBetween(new java.math.BigDecimal("930"), new java.math.BigDecimal("940"));
        });
        assertThat(ofType(take(LedgerFold.advanceTo(ledger, days(364))), TokenWillExpireUnused.class)).isEmpty();
        assertThat(LedgerFold.replay(subscriptionId, all).snapshot()).isEqualTo(ledger.snapshot());
    }
}
