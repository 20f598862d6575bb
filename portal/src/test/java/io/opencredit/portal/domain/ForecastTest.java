package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.portal.client.ServiceApi;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    private static Forecast read(String json) throws Exception {
        return Forecast.of(ServiceApi.JSON.readTree(json));
    }

    private static List<String> balances(List<BurnDown.Point> line) {
        return line.stream().map(p -> p.balance().stripTrailingZeros().toPlainString()).toList();
    }

    @Test
    void Portal_forecast_reads_the_ledgers_answer_with_exact_amounts() throws Exception {
        Forecast forecast = read("{\"currency\":\"NOK\",\"burnPerDay\":10.000001,\"runsOutOn\":\"2026-03-13\",\"daysLeft\":12,"
                + "\"tokens\":[{\"tokenId\":\"a\",\"expiresAt\":\"2026-03-03T00:00:00Z\",\"forecastUnusedAtExpiry\":\"10.50\"},"
                + "{\"tokenId\":\"b\",\"expiresAt\":\"2026-04-01T00:00:00Z\",\"forecastUnusedAtExpiry\":0}]}");

        assertThat(forecast.currency()).isEqualTo("NOK");
        assertThat(forecast.burnPerDay()).isEqualTo(new BigDecimal("10.000001"));
        assertThat(forecast.runsOutOn()).isEqualTo(LocalDate.parse("2026-03-13"));
        assertThat(forecast.unusedOf("a")).isEqualTo(new BigDecimal("10.50"));
        assertThat(forecast.unusedOf("b")).isEqualByComparingTo("0");
        assertThat(forecast.unusedOf("c")).isNull();
    }

    @Test
    void F1_the_forecast_carries_the_subscriptions_warning_days_and_burn_window() throws Exception {
        Forecast forecast = read("{\"currency\":\"NOK\",\"burnPerDay\":\"1\",\"warningDays\":30,\"burnWindowDays\":10,\"tokens\":[]}");
        assertThat(forecast.warningDays()).isEqualTo(30);
        assertThat(forecast.burnWindowDays()).isEqualTo(10);

        // an answer without them (or with something else in their place) leaves them unknown, not a made-up default
        Forecast without = read("{\"currency\":\"NOK\",\"burnPerDay\":\"1\",\"warningDays\":\"soon\",\"tokens\":[]}");
        assertThat(without.warningDays()).isNull();
        assertThat(without.burnWindowDays()).isNull();
    }

    @Test
    void Portal_forecast_line_burns_at_the_ledgers_rate_and_drops_each_tokens_forecast_unused_at_its_expiry() throws Exception {
        // 10 a day; token a (30 left) expires in 2 days leaving 10 unused, then token b (100) lasts 10 more days:
        // the ledger says the credit runs out on day 12
        Forecast forecast = read("{\"currency\":\"USD\",\"burnPerDay\":\"10\",\"runsOutOn\":\"2026-03-13\",\"tokens\":["
                + "{\"tokenId\":\"a\",\"expiresAt\":\"" + day(2) + "\",\"forecastUnusedAtExpiry\":\"10\"},"
                + "{\"tokenId\":\"b\",\"expiresAt\":\"" + day(60) + "\",\"forecastUnusedAtExpiry\":\"0\"}]}");

        List<BurnDown.Point> line = forecast.line(new BigDecimal("130"), day(0));

        assertThat(balances(line)).containsExactly("130", "110", "100", "0");
        assertThat(line).extracting(BurnDown.Point::at).containsExactly(day(0).getEpochSecond(), day(2).getEpochSecond(),
                day(2).getEpochSecond() + 1, day(12).getEpochSecond() + 1);
        // the line ends on the ledger's run-out day
        assertThat(LocalDate.ofInstant(Instant.ofEpochSecond(line.get(line.size() - 1).at()), java.time.ZoneOffset.UTC))
                .isEqualTo(forecast.runsOutOn());
    }

    @Test
    void Portal_forecast_line_ends_at_the_last_expiry_when_the_credit_expires_before_it_is_used() throws Exception {
        Forecast forecast = read("{\"currency\":\"USD\",\"burnPerDay\":\"1\",\"runsOutOn\":\"2026-03-11\",\"tokens\":["
                + "{\"tokenId\":\"a\",\"expiresAt\":\"" + day(10) + "\",\"forecastUnusedAtExpiry\":\"30\"}]}");

        List<BurnDown.Point> line = forecast.line(new BigDecimal("40"), day(0));

        assertThat(balances(line)).containsExactly("40", "30", "0");
        assertThat(line.get(line.size() - 1).at()).isEqualTo(day(10).getEpochSecond() + 1);
    }

    @Test
    void Portal_no_forecast_line_when_the_ledger_forecasts_no_run_out_or_nothing_is_left() throws Exception {
        Forecast idle = read("{\"currency\":\"USD\",\"burnPerDay\":\"0\",\"tokens\":["
                + "{\"tokenId\":\"a\",\"expiresAt\":\"" + day(10) + "\",\"forecastUnusedAtExpiry\":\"40\"}]}");
        assertThat(idle.runsOutOn()).isNull();
        assertThat(idle.line(new BigDecimal("40"), day(0))).isEmpty();

        Forecast spent = read("{\"currency\":\"USD\",\"burnPerDay\":\"5\",\"runsOutOn\":\"2026-03-01\",\"tokens\":[]}");
        assertThat(spent.line(BigDecimal.ZERO, day(0))).isEmpty();
    }
}
