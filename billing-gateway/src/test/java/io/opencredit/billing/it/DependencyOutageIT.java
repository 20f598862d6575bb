package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.batch;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.PaymentSignature;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O5 on the gateway, on real infrastructure: with the broker stopped, usage and a card top-up are answered as
 * usual, kept in the outbox and published when it returns, and readiness stays up with Kafka degraded; with PostgreSQL
 * stopped, usage answers 503 with Retry-After within a bound and is accepted again once it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class DependencyOutageIT {

    private static final byte[] SECRET = "local-dev-secret".getBytes(StandardCharsets.UTF_8);
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(8);
    private static final String DEPENDENCIES = "checks.find { it.name == 'opencredit-dependencies' }.data.";

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void O5_with_the_broker_stopped_usage_and_a_card_top_up_are_accepted_into_the_outbox_and_published_when_it_returns()
            throws SQLException {
        var s = Fixtures.subscription(store, "EUR", "NO", clock.now().minus(Duration.ofDays(1)));
        String usageId = "o5-" + UUID.randomUUID();
        String payment = "pay-" + UUID.randomUUID();
        RealInfrastructure.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                            .body(DEPENDENCIES + "kafka", equalTo("degraded")));
            long started = System.nanoTime();
            usage(batch(record(usageId, s.id(), "vm-d2s-v5-linux", "2.5", clock.now().minusSeconds(30))))
                    .statusCode(202).body("accepted", equalTo(1));
            topUp(payment, s.id(), "40.00", "EUR").statusCode(201);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("both answers").isLessThan(ANSWER_BOUND);
            assertThat(outboxRecords()).as("the events wait in the outbox").isGreaterThanOrEqualTo(2);
        } finally {
            RealInfrastructure.startKafka();
        }

        List<EventEnvelope> mine = new java.util.ArrayList<>();
        KafkaTestSupport.readEventsUntil(Topics.BILLING_EVENTS, events -> {
            mine.clear();
            events.stream().filter(e -> s.id().equals(e.subscriptionId())).forEach(mine::add);
            return payloads(mine, UsageRecorded.class).stream().anyMatch(u -> usageId.equals(u.usageId()))
                    && payloads(mine, CreditAdded.class).stream().anyMatch(c -> payment.equals(c.paymentReference()));
        }, Duration.ofSeconds(120));
        assertThat(payloads(mine, UsageRecorded.class).stream().filter(u -> usageId.equals(u.usageId()))).hasSize(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> outboxRecords() == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body(DEPENDENCIES + "kafka", equalTo("up")));
    }

    @Test
    void O5_with_PostgreSQL_stopped_usage_answers_503_with_retry_after_and_is_accepted_when_it_is_back() {
        var s = Fixtures.subscription(store, "EUR", "NO", clock.now().minus(Duration.ofDays(1)));
        String usageId = "o5-pg-" + UUID.randomUUID();
        RealInfrastructure.stopPostgres();
        try {
            long started = System.nanoTime();
            usage(batch(record(usageId, s.id(), "vm-d2s-v5-linux", "1", clock.now().minusSeconds(30))))
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            topUp("pay-" + UUID.randomUUID(), s.id(), "10.00", "EUR")
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("both answers").isLessThan(ANSWER_BOUND.multipliedBy(2));
        } finally {
            RealInfrastructure.startPostgres();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                usage(batch(record(usageId, s.id(), "vm-d2s-v5-linux", "1", clock.now().minusSeconds(30))))
                        .statusCode(202).body("accepted", equalTo(1)));
    }

    private static ValidatableResponse usage(Object body) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.meter())).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/usage").then();
    }

    private static ValidatableResponse topUp(String reference, UUID subscription, String amount, String currency) {
        String body = "{\"paymentReference\":\"" + reference + "\",\"subscriptionId\":\"" + subscription + "\",\"amount\":\""
                + amount + "\",\"currency\":\"" + currency + "\",\"paidAt\":\"" + Instant.now() + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").body(bytes)
                .header(PaymentSignature.HEADER, PaymentSignature.header(SECRET, Instant.now().getEpochSecond(), bytes))
                .when().post("/api/v1/payments/confirmations").then();
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
