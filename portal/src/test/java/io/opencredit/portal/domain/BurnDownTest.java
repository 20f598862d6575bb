package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurnDownTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void Portal_chart_steps_up_at_top_ups_and_down_with_usage_and_at_expiry() {
        Statement statement = Statement.of(new StatementFixtures("USD")
                .other(day(0), "SubscriptionCreated")
                .credit(day(0), "t1", "100")
                .usage(day(1), "u1", "Compute", "vm", "10", "30.5", "t1")
                .credit(day(2), "t2", "50")
                .expiry(day(3), "t1", "69.5")
                .body());

        BurnDown burn = BurnDown.of(statement, new BigDecimal("50"), day(4), Duration.ofDays(7), 100);

        assertThat(burn.history()).extracting(p -> p.balance().stripTrailingZeros().toPlainString())
                .containsExactly("100", "69.5", "119.5", "50", "50");
        assertThat(burn.history()).extracting(BurnDown.Point::at)
                .containsExactly(day(0).getEpochSecond(), day(1).getEpochSecond(), day(2).getEpochSecond(),
                        day(3).getEpochSecond(), day(4).getEpochSecond());
        assertThat(burn.markers()).extracting(BurnDown.Marker::kind).containsExactly("TOP_UP", "TOP_UP", "EXPIRY");
    }

    @Test
    void Portal_projection_runs_straight_from_the_balance_to_zero_at_the_recent_burn_rate() {
        // 70 consumed in the last 7 days: 10 a day; 50 left runs out in exactly 5 days
        StatementFixtures f = new StatementFixtures("USD").credit(day(0), "t1", "120");
        for (int d = 1; d <= 7; d++) {
            f.usage(day(d), "u" + d, "Compute", "vm", "1", "10", "t1");
        }
        BurnDown burn = BurnDown.of(Statement.of(f.body()), new BigDecimal("50"), day(7), Duration.ofDays(7), 100);

        assertThat(burn.dailyBurn()).isEqualByComparingTo("10");
        assertThat(burn.runOut()).isEqualTo(day(12));
        assertThat(burn.projection()).extracting(p -> p.balance().stripTrailingZeros().toPlainString()).containsExactly("50", "0");
        assertThat(burn.projection().get(1).at()).isEqualTo(day(12).getEpochSecond());
    }

    @Test
    void Portal_no_projection_without_burn_or_without_credit() {
        BurnDown idle = BurnDown.of(Statement.of(new StatementFixtures("USD").credit(day(0), "t1", "10").body()),
                new BigDecimal("10"), day(30), Duration.ofDays(7), 100);
        assertThat(idle.runOut()).isNull();
        assertThat(idle.projection()).isEmpty();

        BurnDown empty = BurnDown.of(Statement.of(new StatementFixtures("USD").credit(day(0), "t1", "10")
                .usage(day(1), "u1", "Compute", "vm", "1", "10", "t1").body()), BigDecimal.ZERO, day(2), Duration.ofDays(7), 100);
        assertThat(empty.runOut()).isNull();
    }

    @Test
    void Portal_ten_thousand_entries_become_at_most_the_points_asked_for_keeping_first_and_last() {
        StatementFixtures f = new StatementFixtures("EUR").credit(day(0), "t1", "100000");
        for (int i = 0; i < 5000; i++) {
            f.usage(day(0).plusSeconds(60L * (i + 1)), "u" + i, "Compute", "vm", "1", "1", "t1");
        }
        Statement statement = Statement.of(f.body());
        BurnDown burn = BurnDown.of(statement, new BigDecimal("95000"), day(10), Duration.ofDays(7), 400);

        assertThat(statement.entries()).hasSize(10_001);
        assertThat(burn.history()).hasSizeLessThanOrEqualTo(400).hasSizeGreaterThan(100);
        assertThat(burn.history().get(0).balance()).isEqualByComparingTo("100000");
        assertThat(burn.history().get(burn.history().size() - 1).balance()).isEqualByComparingTo("95000");
        List<Long> xs = new ArrayList<>(burn.history().stream().map(BurnDown.Point::at).toList());
        assertThat(xs).isSorted();
    }

    @Test
    void Portal_projection_drops_what_a_token_still_holds_when_it_expires() {
        // 10 a day; token A (30 left) expires in 2 days holding 10, then token B (100) lasts 10 more days
        StatementFixtures f = new StatementFixtures("USD").credit(day(0), "a", "100");
        for (int d = 1; d <= 7; d++) {
            f.usage(day(d), "u" + d, "Compute", "vm", "1", "10", "a");
        }
        List<BurnDown.TokenLeft> tokens = List.of(new BurnDown.TokenLeft(new BigDecimal("100"), day(30)),
                new BurnDown.TokenLeft(new BigDecimal("30"), day(9)));
        BurnDown burn = BurnDown.of(Statement.of(f.body()), new BigDecimal("130"), tokens, day(7), Duration.ofDays(7), 100);

        assertThat(burn.projection()).extracting(p -> p.balance().stripTrailingZeros().toPlainString())
                .containsExactly("130", "110", "100", "0");
        assertThat(burn.projection()).extracting(BurnDown.Point::at).containsExactly(day(7).getEpochSecond(),
                day(9).getEpochSecond(), day(9).getEpochSecond() + 1, day(19).getEpochSecond() + 1);
        assertThat(burn.runOut()).isEqualTo(day(19).plusSeconds(1));
    }

    @Test
    void Portal_without_burn_the_credit_still_runs_out_when_its_last_token_expires() {
        BurnDown burn = BurnDown.of(Statement.of(new StatementFixtures("USD").credit(day(0), "a", "40").body()),
                new BigDecimal("40"), List.of(new BurnDown.TokenLeft(new BigDecimal("40"), day(365))), day(1), Duration.ofDays(7), 100);
        assertThat(burn.projection()).extracting(p -> p.balance().stripTrailingZeros().toPlainString()).containsExactly("40", "40", "0");
        assertThat(burn.runOut()).isEqualTo(day(365).plusSeconds(1));
    }

    @Test
    void F4_the_chart_steps_with_adjustments_and_returned_voids_and_its_running_balance_ends_at_the_ledgers_remaining() {
        // 100 credited, 30 used, 20 added by an operator, 15 taken from t1, the 30 of usage u1 voided back to t1
        Statement statement = Statement.of(new StatementFixtures("USD")
                .credit(day(0), "t1", "100")
                .usage(day(1), "u1", "Compute", "vm", "3", "30", "t1")
                .adjustment(day(2), "ticket-1", "a1", "20", "20", "goodwill")
                .adjustment(day(3), "ticket-2", "t1", "-15", "55", "billing error")
                .voided(day(4), "u1", "t1", "30", "RETURNED", "meter fault")
                .body());
        BigDecimal ledgerRemaining = new BigDecimal("105"); // 100 - 30 + 20 - 15 + 30

        BurnDown burn = BurnDown.of(statement, ledgerRemaining, day(5), Duration.ofDays(7), 100);

        assertThat(burn.history()).extracting(p -> p.balance().stripTrailingZeros().toPlainString())
                .containsExactly("100", "70", "90", "75", "105", "105");
        // the last point folded from the statement is the ledger's remaining: no jump to it at "now"
        assertThat(burn.history().get(burn.history().size() - 2).balance()).isEqualByComparingTo(ledgerRemaining);
        assertThat(burn.markers()).extracting(BurnDown.Marker::kind).containsExactly("TOP_UP", "ADJUSTMENT", "ADJUSTMENT", "VOID");
        assertThat(burn.markers()).extracting(m -> m.amount().stripTrailingZeros().toPlainString())
                .containsExactly("100", "20", "-15", "30");
    }

    @Test
    void F4_a_void_forfeited_at_once_or_of_cancelled_overage_leaves_the_running_balance_where_it_was() {
        // t1 expires holding 30 after u1 took 20; u2 ran 5 into overage; voiding both gives no credit back
        Statement statement = Statement.of(new StatementFixtures("USD")
                .credit(day(0), "t1", "50")
                .usage(day(1), "u1", "Compute", "vm", "2", "20", "t1")
                .expiry(day(2), "t1", "30")
                .overage(day(3), "u2", "Compute", "vm", "1", "5")
                .voided(day(4), "u1", "t1", "20", "FORFEITED", "meter fault")
                .voided(day(4), "u2", null, "5", "OVERAGE_CANCELLED", "meter fault")
                .body());

        BurnDown burn = BurnDown.of(statement, BigDecimal.ZERO, day(5), Duration.ofDays(7), 100);

        assertThat(burn.history()).extracting(p -> p.balance().stripTrailingZeros().toPlainString())
                .containsExactly("50", "30", "0", "0", "0", "0");
        assertThat(burn.markers()).extracting(BurnDown.Marker::kind).containsExactly("TOP_UP", "EXPIRY");
    }

    @Test
    void F4_a_positive_adjustment_that_pays_owed_overage_first_ends_the_running_balance_at_the_ledgers_remaining() {
        // 10 credited and used, 5 more owed as overage; the operator adds 20, of which 5 pays the overage (T7)
        Statement statement = Statement.of(new StatementFixtures("USD")
                .credit(day(0), "t1", "10")
                .usage(day(1), "u1", "Compute", "vm", "1", "10", "t1")
                .overage(day(1), "u2", "Compute", "vm", "1", "5")
                .adjustment(day(2), "ticket-3", "a1", "20", "20", "goodwill")
                .overageSettled(day(2), "a1", "5", "0")
                .body());

        BurnDown burn = BurnDown.of(statement, new BigDecimal("15"), day(3), Duration.ofDays(7), 100);

        assertThat(burn.history()).extracting(p -> p.balance().stripTrailingZeros().toPlainString())
                .containsExactly("10", "0", "20", "15", "15");
    }
}
