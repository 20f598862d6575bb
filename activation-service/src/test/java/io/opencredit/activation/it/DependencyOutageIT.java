package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.getSubscription;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.keyRequest;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.postKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O5 on real infrastructure: the broker stopped, activations are still answered as usual, stored in the outbox and
 * published once it is back, and readiness stays up with Kafka degraded; PostgreSQL stopped, writes and reads answer
 * 503 problem+json with Retry-After within a bound, and succeed again once it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class DependencyOutageIT {

    /** The longest an answer may take while a dependency is away (the connection acquisition timeout is 3 s). */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(8);
    private static final String DEPENDENCIES = "checks.find { it.name == 'opencredit-dependencies' }.data.";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void O5_with_the_broker_stopped_activations_are_accepted_into_the_outbox_and_published_when_it_returns() throws SQLException {
        String customer = newEmail("o5-kafka");
        String code = issueKey(2, "EUR", LocalDate.now().minusDays(3));
        String subscriptionId;
        RealInfrastructure.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                            .body(DEPENDENCIES + "kafka", equalTo("degraded")).body(DEPENDENCIES + "database", equalTo("up")));

            long started = System.nanoTime();
            ExtractableResponse<Response> answer = activate(TestTokens.customer(customer), activateNewRequest(code, customer))
                    .statusCode(201).extract();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("O5 figures: activation answered %d ms with the broker stopped%n", took.toMillis());
            assertThat(took).isLessThan(ANSWER_BOUND);
            subscriptionId = answer.path("subscriptionId");
            // another write that needs no broker either: an operator's key
            postKey(keyRequest(1, "EUR", LocalDate.now().minusDays(1))).statusCode(201);
            assertThat(outboxRecords()).as("the events wait in the outbox").isPositive();
            given().when().get("/q/health/ready").then().statusCode(200).body(DEPENDENCIES + "kafka", equalTo("degraded"));
        } finally {
            RealInfrastructure.startKafka();
        }
        long back = System.nanoTime();

        UUID subscription = UUID.fromString(subscriptionId);
        List<EventEnvelope> published = KafkaTestSupport.readEventsUntil(Topics.ACTIVATION_EVENTS,
                events -> events.stream().filter(e -> subscription.equals(e.subscriptionId())).count() >= 3, Duration.ofSeconds(120));
        assertThat(published.stream().filter(e -> subscription.equals(e.subscriptionId())).map(EventEnvelope::type))
                .contains("SubscriptionCreated", "KeyActivated", "CreditAdded");
        System.out.printf("O5 figures: activation events published %d ms after the broker returned%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        await().atMost(Duration.ofSeconds(60)).until(() -> outboxRecords() == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body(DEPENDENCIES + "kafka", equalTo("up")));
    }

    @Test
    void O5_with_PostgreSQL_stopped_writes_and_reads_answer_503_with_retry_after_and_succeed_when_it_is_back() {
        String customer = newEmail("o5-postgres");
        String subscriptionId = Api.newSubscriptionFor(customer, "EUR", LocalDate.now().minusDays(3));
        String unused = issueKey(1, "EUR", LocalDate.now().minusDays(3));
        RealInfrastructure.stopPostgres();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                long started = System.nanoTime();
                postKey(keyRequest(1, "EUR", LocalDate.now().minusDays(1))).statusCode(503).contentType(PROBLEM)
                        .header("Retry-After", "5").body("status", equalTo(503));
                getSubscription(TestTokens.customer(customer), subscriptionId).statusCode(503).contentType(PROBLEM)
                        .header("Retry-After", "5");
                activate(TestTokens.customer(customer), activateNewRequest(unused, customer))
                        .statusCode(503).contentType(PROBLEM).header("Retry-After", "5");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                System.out.printf("O5 figures: three 503 answers with PostgreSQL stopped took %d ms%n", took.toMillis());
                assertThat(took).as("three answers").isLessThan(ANSWER_BOUND.multipliedBy(3));
            }
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body(DEPENDENCIES + "database", equalTo("unreachable"));
        } finally {
            RealInfrastructure.startPostgres();
        }
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                postKey(keyRequest(1, "EUR", LocalDate.now().minusDays(1))).statusCode(201));
        System.out.printf("O5 figures: writes accepted again %d ms after PostgreSQL returned%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        getSubscription(TestTokens.customer(customer), subscriptionId).statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
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
