package io.opencredit.billing.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionStatus;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** POST /estimates: daily cost, and for one's own subscription when its credit runs out. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class EstimatesIT {

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Test
    void daily_cost_splits_credit_from_card_billed_meters() {
        given().header("Authorization", TestTokens.bearer(TestTokens.customer("someone@example.com"))).contentType(ContentType.JSON)
                .body(Map.of("currency", "USD", "lines", List.of(
                        Map.of("meterId", "vm-d2s-v5-linux", "quantityPerDay", "24"),
                        Map.of("meterId", "marketplace-firewall", "quantityPerDay", "24"))))
                .when().post("/api/v1/estimates").then().statusCode(200)
                .body("dailyCostFromCredit", equalTo("2.304")).body("dailyCostBilledToCard", equalTo("12.00"))
                .body("dailyCost", equalTo("14.304"));
    }

    @Test
    void the_credit_of_a_subscription_runs_out_after_remaining_divided_by_daily_cost() {
        Instant now = clock.now();
        var s = Fixtures.subscription(store, "USD", "NO", now.minus(Duration.ofDays(1)));
        UUID token = UUID.randomUUID();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(s.id(), new CreditAdded(token, CreditSource.OSA_KEY,
                Money.of("100", "USD"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(364)), "KEY", "reseller", null),
                Producers.ACTIVATION, null, now));
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(s.id(),
                new BalanceChanged(Money.of("50", "USD"), Money.zero("USD"), SubscriptionStatus.ACTIVE, now), Producers.LEDGER, null, now));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> new BigDecimal("50").compareTo(store.find(s.id()).orElseThrow().remaining() == null ? BigDecimal.ZERO
                        : store.find(s.id()).orElseThrow().remaining()) == 0 && !store.openTokens(s.id()).isEmpty());
        // one backup instance a day costs 5.00 USD: 50.00 lasts 10 days, well before the token expires
        given().header("Authorization", TestTokens.bearer(TestTokens.customer(s.owner()))).contentType(ContentType.JSON)
                .body(Map.of("subscriptionId", s.id().toString(), "currency", "USD",
                        "lines", List.of(Map.of("meterId", "backup-instance", "quantityPerDay", "1"))))
                .when().post("/api/v1/estimates").then().statusCode(200)
                .body("subscription.remaining", equalTo("50.00"))
                .body("subscription.runsOutOn", equalTo(LocalDate.ofInstant(clock.now().plus(Duration.ofDays(10)), ZoneOffset.UTC).toString()))
                .body("subscription.expiringUnused", equalTo("0.00"));
        // another customer cannot probe it
        given().header("Authorization", TestTokens.bearer(TestTokens.customer("stranger@example.com"))).contentType(ContentType.JSON)
                .body(Map.of("subscriptionId", s.id().toString(), "currency", "USD",
                        "lines", List.of(Map.of("meterId", "backup-instance", "quantityPerDay", "1"))))
                .when().post("/api/v1/estimates").then().statusCode(404);
        // M3
        given().header("Authorization", TestTokens.bearer(TestTokens.customer(s.owner()))).contentType(ContentType.JSON)
                .body(Map.of("subscriptionId", s.id().toString(), "currency", "EUR",
                        "lines", List.of(Map.of("meterId", "backup-instance", "quantityPerDay", "1"))))
                .when().post("/api/v1/estimates").then().statusCode(422);
    }

    @Test
    void bad_estimates_are_refused() {
        String token = TestTokens.bearer(TestTokens.customer("someone@example.com"));
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("currency", "USD", "lines", List.of(Map.of("meterId", "nope", "quantityPerDay", "1"))))
                .when().post("/api/v1/estimates").then().statusCode(422);
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("currency", "USD", "lines", List.of(Map.of("meterId", "vm-b1s-linux", "quantityPerDay", "-1"))))
                .when().post("/api/v1/estimates").then().statusCode(400);
        given().header("Authorization", TestTokens.bearer(TestTokens.meter())).contentType(ContentType.JSON)
                .body(Map.of("currency", "USD", "lines", List.of(Map.of("meterId", "vm-b1s-linux", "quantityPerDay", "1"))))
                .when().post("/api/v1/estimates").then().statusCode(403);
    }
}
