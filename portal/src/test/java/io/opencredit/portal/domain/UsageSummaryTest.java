package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageSummaryTest {

    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void Portal_usage_is_summed_by_service_and_meter_within_the_period() {
        Statement statement = Statement.of(new StatementFixtures("USD")
                .credit(T0, "t1", "1000")
                .usage(T0.plus(Duration.ofDays(1)), "u1", "Storage", "disk", "1", "2.5", "t1")
                .usage(T0.plus(Duration.ofDays(2)), "u2", "Compute", "vm", "10", "0.96", "t1")
                .usage(T0.plus(Duration.ofDays(3)), "u3", "Storage", "disk", "2", "5", "t1")
                .usage(T0.plus(Duration.ofDays(9)), "u4", "Storage", "disk", "100", "250", "t1")
                .body());

        List<UsageSummary.Line> lines = UsageSummary.of(statement, T0, T0.plus(Duration.ofDays(9)));

        assertThat(lines).extracting(UsageSummary.Line::service).containsExactly("Compute", "Storage");
        assertThat(lines.get(1).quantity()).isEqualByComparingTo("3");
        assertThat(lines.get(1).amount()).isEqualByComparingTo("7.5");
        assertThat(lines.get(1).records()).isEqualTo(2);
        assertThat(lines.get(0).amount()).isEqualByComparingTo("0.96");
    }

    @Test
    void F4_voided_usage_is_left_out_of_the_usage_summary() {
        Statement statement = Statement.of(new StatementFixtures("USD")
                .credit(T0, "t1", "10")
                .usage(T0.plus(Duration.ofDays(1)), "u1", "Storage", "disk", "1", "2.5", "t1")
                .usage(T0.plus(Duration.ofDays(2)), "u2", "Storage", "disk", "4", "6", "t1")
                .usage(T0.plus(Duration.ofDays(2)), "u3", "Compute", "vm", "10", "1.5", "t1")
                .overage(T0.plus(Duration.ofDays(3)), "u4", "Compute", "vm", "3", "0.45")
                // u2 given back to its token; u4 took no credit, only its overage was cancelled: voided all the same
                .voided(T0.plus(Duration.ofDays(4)), "u2", "t1", "6", "RETURNED", "meter fault")
                .voided(T0.plus(Duration.ofDays(4)), "u4", null, "0.45", "OVERAGE_CANCELLED", "duplicate")
                .body());

        List<UsageSummary.Line> lines = UsageSummary.of(statement, T0, T0.plus(Duration.ofDays(9)));

        assertThat(lines).extracting(UsageSummary.Line::service).containsExactly("Compute", "Storage");
        assertThat(lines.get(0).records()).isEqualTo(1);
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("10");
        assertThat(lines.get(0).amount()).isEqualByComparingTo("1.5");
        assertThat(lines.get(1).records()).isEqualTo(1);
        assertThat(lines.get(1).quantity()).isEqualByComparingTo("1");
        assertThat(lines.get(1).amount()).isEqualByComparingTo("2.5");
    }
}
