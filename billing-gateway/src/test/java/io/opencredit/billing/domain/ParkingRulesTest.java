package io.opencredit.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.events.UsageRejected;
import io.opencredit.runtime.api.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC R3, the pure part: which refusals are held instead, the bound, the horizon, what a refusal says. */
class ParkingRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private static IntakeResult.Rejection unknown(int index) {
        return new IntakeResult.Rejection(index, "u" + index, new Problem(Problem.type("not-found"), "Not found", 404,
                "no subscription", null));
    }

    private static IntakeResult.Rejection tooLate(int index) {
        return new IntakeResult.Rejection(index, "u" + index, new Problem(Problem.type("T6-usage-too-late"),
                "Unprocessable content", 422, "too late", null));
    }

    @Test
    void R3_a_record_for_an_unknown_subscription_is_held_not_refused() {
        IntakeResult result = new IntakeResult(2, 1, List.of(unknown(1), tooLate(3), unknown(4)));

        ParkingRules.Split split = ParkingRules.split(result, 0, 1_000_000);

        assertThat(split.park()).containsExactly(1, 4);
        assertThat(split.full()).isEmpty();
        assertThat(split.result().rejected()).containsExactly(tooLate(3)); // other refusals stay refusals
        assertThat(split.result().accepted()).isEqualTo(2);
        assertThat(split.result().duplicates()).isEqualTo(1);
    }

    @Test
    void R3_beyond_the_maximum_held_a_record_is_refused_as_park_full() {
        IntakeResult result = new IntakeResult(0, 0, List.of(unknown(0), unknown(1), unknown(2)));

        ParkingRules.Split split = ParkingRules.split(result, 8, 10);

        assertThat(split.park()).containsExactly(0, 1);
        assertThat(split.full()).containsExactly(2);
        assertThat(split.result().rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(2);
            assertThat(rejection.problem().type()).isEqualTo(Problem.type(UsageRejected.PARK_FULL));
            assertThat(rejection.problem().detail()).contains("10");
        });
        assertThat(ParkingRules.split(result, 12, 10).park()).isEmpty(); // over the bound already (another instance)
    }

    @Test
    void R3_only_the_unknown_subscription_refusal_is_held() {
        assertThat(ParkingRules.unknownSubscription(unknown(0))).isTrue();
        assertThat(ParkingRules.unknownSubscription(tooLate(0))).isFalse();
        assertThat(ParkingRules.unknownSubscription(new IntakeResult.Rejection(0, "x",
                new Problem(Problem.type("unknown-meter"), "Unprocessable content", 422, "no meter", null)))).isFalse();
    }

    @Test
    void R3_the_horizon_is_measured_on_the_suite_clock() {
        Duration horizon = Duration.ofHours(24);
        Instant parkedAt = NOW.minus(horizon).minusSeconds(1);

        assertThat(parkedAt).isBefore(ParkingRules.cutoff(NOW, horizon));
        assertThat(NOW.minus(horizon)).isEqualTo(ParkingRules.cutoff(NOW, horizon)); // exactly the horizon: not yet
        assertThat(NOW.minusSeconds(60)).isAfter(ParkingRules.cutoff(NOW, horizon));
    }

    @Test
    void R3_the_rejection_tells_the_record_as_written() throws Exception {
        JsonNode record = new ObjectMapper().readTree(
                "{\"id\":\"u1\",\"subscriptionId\":\"0b0c1d2e-3f40-4152-8364-75869708a9ba\",\"meterId\":\"vm-b1s-linux\","
                        + "\"quantity\":\"12.500\",\"usageTime\":\"2026-03-01T10:00:00Z\"}");

        UsageRejected rejected = ParkingRules.rejected("u1", record, UsageRejected.UNKNOWN_SUBSCRIPTION, "why",
                NOW.minus(Duration.ofDays(1)), NOW);

        assertThat(rejected.meterId()).isEqualTo("vm-b1s-linux");
        assertThat(rejected.quantity()).isEqualTo("12.500");
        assertThat(rejected.reason()).isEqualTo("unknown-subscription");
        assertThat(rejected.parkedAt()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(rejected.rejectedAt()).isEqualTo(NOW);
    }
}
