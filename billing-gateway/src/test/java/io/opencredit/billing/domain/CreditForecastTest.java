package io.opencredit.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditForecastTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static CreditForecast.Token token(String amount, int expiresInDays) {
        return new CreditForecast.Token(new BigDecimal(amount), NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(expiresInDays)));
    }

    @Test
    void credit_runs_out_after_remaining_over_daily_cost() {
        var result = CreditForecast.forecast(Money.of("50", "USD"), List.of(token("100", 300)), Money.of("5", "USD"), NOW);
        assertThat(result.runsOutAt()).isEqualTo(NOW.plus(Duration.ofDays(10)));
        assertThat(result.expiringUnused()).isEqualTo(Money.zero("USD"));
    }

    @Test
    void what_a_token_holds_at_its_expiry_is_lost_and_the_next_token_is_used_after() {
        // remaining 150: the later token (100) is full, the earlier one holds 50 and expires in 5 days at 5 a day
        var result = CreditForecast.forecast(Money.of("150", "USD"), List.of(token("100", 5), token("100", 300)), Money.of("5", "USD"), NOW);
        assertThat(result.expiringUnused()).isEqualTo(Money.of("25", "USD"));
        assertThat(result.runsOutAt()).isEqualTo(NOW.plus(Duration.ofDays(25)));
    }

    @Test
    void at_no_cost_everything_expires_unused() {
        var result = CreditForecast.forecast(Money.of("80", "USD"), List.of(token("100", 30)), Money.zero("USD"), NOW);
        assertThat(result.expiringUnused()).isEqualTo(Money.of("80", "USD"));
    }

    @Test
    void without_token_information_the_credit_is_assumed_not_to_expire() {
        var result = CreditForecast.forecast(Money.of("10", "USD"), List.of(), Money.of("4", "USD"), NOW);
        assertThat(result.runsOutAt()).isEqualTo(NOW.plus(Duration.ofHours(60)));
        assertThat(CreditForecast.forecast(Money.of("10", "USD"), List.of(), Money.zero("USD"), NOW).runsOutAt()).isNull();
    }
}
