package io.opencredit.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC C2: with the adjustable clock on, an instance follows ops.clock and answers GET /ops/clock. */
@QuarkusTest
@TestProfile(SuiteClockIT.AdjustableClock.class)
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "runtime_clock"))
class SuiteClockIT {

    public static class AdjustableClock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.clock.adjustable", "true");
        }
    }

    @Inject
    SuiteClock clock;

    @Inject
    MeterRegistry registry;

    @Test
    void C2_every_instance_follows_ops_clock_and_the_offset_only_grows() {
        Duration before = clock.offset();
        Duration target = before.plus(Duration.ofDays(30));
        KafkaTestSupport.produce(Topics.OPS_CLOCK, EventEnvelope.of(null,
                new ClockAdvanced(target, Duration.ofDays(30), Instant.now()), "ledger-service", null, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> clock.offset().equals(target));
        String offset = given().when().get("/api/v1/ops/clock").then().statusCode(200).extract().path("offset");
        String now = given().when().get("/api/v1/ops/clock").then().statusCode(200).extract().path("now");
        assertThat(Duration.parse(offset)).isEqualTo(target);
        assertThat(Instant.parse(now)).isAfter(Instant.now().plus(target).minusSeconds(60));

        // an older, smaller offset never moves the clock back
        KafkaTestSupport.produce(Topics.OPS_CLOCK, EventEnvelope.of(null,
                new ClockAdvanced(Duration.ofDays(1), Duration.ofDays(1), Instant.now()), "ledger-service", null, Instant.now()));
        Duration marker = target.plus(Duration.ofHours(1));
        KafkaTestSupport.produce(Topics.OPS_CLOCK, EventEnvelope.of(null,
                new ClockAdvanced(marker, Duration.ofHours(1), Instant.now()), "ledger-service", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> clock.offset().equals(marker));
    }

    @Test
    void F6_an_unknown_event_type_on_ops_clock_is_skipped_and_counted_and_the_clock_follows_on() {
        Duration target = clock.offset().plus(Duration.ofHours(2));
        String unknown = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"ClockPaused\",\"version\":1,"
                + "\"subscriptionId\":null,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"producer\":\"a-newer-service\","
                + "\"causationId\":null,\"payload\":{}}";
        KafkaTestSupport.produceRaw(Topics.OPS_CLOCK, null, unknown.getBytes(StandardCharsets.UTF_8));
        KafkaTestSupport.produce(Topics.OPS_CLOCK, EventEnvelope.of(null,
                new ClockAdvanced(target, Duration.ofHours(2), Instant.now()), "ledger-service", null, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> clock.offset().equals(target));
        assertThat(registry.find("opencredit.events.unknown-type").tag("consumer", "clock-follower").tag("type", "ClockPaused")
                .counters().stream().mapToDouble(Counter::count).sum()).isEqualTo(1.0);
    }
}
