package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O5 on the ledger: with the broker stopped, an alert change and a clock advance are answered as usual (nothing
 * on their path waits for Kafka), readiness stays up with Kafka degraded, and the clock advance is published on
 * {@code ops.clock} once the broker is back.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class DependencyOutageIT {

    private static final Duration ANSWER_BOUND = Duration.ofSeconds(8);
    private static final String DEPENDENCIES = "checks.find { it.name == 'opencredit-dependencies' }.data.";

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void O5_with_the_broker_stopped_an_alert_change_and_a_clock_advance_are_answered_and_published_when_it_returns()
            throws SQLException {
        UUID id = UUID.randomUUID();
        String owner = "o5-" + id.toString().substring(0, 8) + "@example.com";
        activation(created(id, owner, clock.now()), credit(id, UUID.randomUUID(), "100", clock.now()));
        ledgerEventsUntil(id, e -> count(e, BalanceChanged.class) >= 1);
        Duration expectedOffset;
        RealInfrastructure.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                            .body(DEPENDENCIES + "kafka", equalTo("degraded")));
            long started = System.nanoTime();
            given().header("Authorization", TestTokens.bearer(TestTokens.customer(owner))).contentType(ContentType.JSON)
                    .body(Map.of("threshold", "40.00", "recipients", List.of(owner)))
                    .put("/api/v1/subscriptions/{id}/alerts/1", id).then().statusCode(200);
            expectedOffset = clock.offset().plusSeconds(1);
            given().header("Authorization", TestTokens.bearer(TestTokens.operator())).contentType(ContentType.JSON)
                    .body("{\"duration\":\"PT1S\"}").post("/api/v1/ops/clock/advance")
                    .then().statusCode(200).body("offset", equalTo(expectedOffset.toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("O5 figures: alert change and clock advance answered in %d ms with the broker stopped%n", took.toMillis());
            assertThat(took).isLessThan(ANSWER_BOUND);
            assertThat(outboxRecords()).as("the clock advance waits in the outbox").isPositive();
        } finally {
            RealInfrastructure.startKafka();
        }
        Duration offset = expectedOffset;
        KafkaTestSupport.readEventsUntil(Topics.OPS_CLOCK, events -> events.stream()
                .anyMatch(e -> e.payload() instanceof ClockAdvanced advanced && advanced.offset().equals(offset)), Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(60)).until(() -> outboxRecords() == 0);
    }

    private long outboxRecords() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT coalesce(sum(records), 0) FROM oc_outbox");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
