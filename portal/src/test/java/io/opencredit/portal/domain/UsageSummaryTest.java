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
}
