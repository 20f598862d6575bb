package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.billing;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.opencredit.ledger.it.LedgerTestEvents.payloads;
import static io.opencredit.ledger.it.LedgerTestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.EventEnvelope;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** F1 on real Kafka and PostgreSQL: the forecast endpoint, its settings and CreditDepletionForecast published once. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class ForecastIT {

    @Inject
    SuiteClock clock;

    @Test
    void F1_the_forecast_answers_burn_and_run_out_and_the_depletion_warning_is_published_once() {
        UUID id = UUID.randomUUID();
        String owner = "forecast-" + id.toString().substring(0, 8) + "@example.com";
        String token = TestTokens.bearer(TestTokens.customer(owner));
        Instant now = clock.now();
        activation(created(id, owner, now), credit(id, UUID.randomUUID(), "1000", now.minusSeconds(60)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().header("Authorization", token).get("/api/v1/subscriptions/{id}/forecast", id).then().statusCode(200)
                        .body("warningDays", equalTo(14)).body("burnWindowDays", equalTo(7)).body("tokens", hasSize(1)));

        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("warningDays", 0))
                .put("/api/v1/subscriptions/{id}/forecast-alert", id).then().statusCode(422).contentType("application/problem+json");
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("warningDays", 365, "burnWindowDays", 7))
                .put("/api/v1/subscriptions/{id}/forecast-alert", id).then().statusCode(200).body("warningDays", equalTo(365));

        billing(usage(id, "fc-1", "70", now));
        billing(usage(id, "fc-2", "70", now));
        List<EventEnvelope> events = ledgerEventsUntil(id, e -> count(e, CreditDepletionForecast.class) >= 1
                && e.stream().filter(x -> x.type().equals("BalanceChanged")).count() >= 3);
        CreditDepletionForecast forecast = payloads(events, CreditDepletionForecast.class).get(0);
        assertThat(forecast.burnPerDay().amount()).isPositive();
        assertThat(forecast.daysLeft()).isLessThanOrEqualTo(365);

        String burn = given().header("Authorization", token).get("/api/v1/subscriptions/{id}/forecast", id).then().statusCode(200)
                .body("runsOutOn", notNullValue()).body("tokens[0].forecastUnusedAtExpiry", notNullValue())
                .extract().path("burnPerDay");
        assertThat(new BigDecimal(burn)).isEqualByComparingTo("20"); // 140 over 7 days
        given().header("Authorization", TestTokens.bearer(TestTokens.customer("stranger@example.com")))
                .get("/api/v1/subscriptions/{id}/forecast", id).then().statusCode(404);

        List<EventEnvelope> all = LedgerTestEvents.of(KafkaTestSupport.readAllEvents(Topics.LEDGER_EVENTS, Duration.ofSeconds(3)), id);
        assertThat(payloads(all, CreditDepletionForecast.class)).as("once per crossing").hasSize(1);
    }
}
