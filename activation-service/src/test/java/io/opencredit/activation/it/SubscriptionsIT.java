package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.addCoAdministrator;
import static io.opencredit.activation.it.Api.activateInto;
import static io.opencredit.activation.it.Api.getSubscription;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.link;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Subscriptions, co-administrators and the EA link (SPEC S4, S6, K8) on real PostgreSQL and Kafka. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class SubscriptionsIT {

    @Inject
    SuiteClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }

    private void ledgerPublishes(UUID subscription, Object payload) {
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription,
                (io.opencredit.events.EventPayload) payload, Producers.LEDGER, null, clock.now()));
    }

    @Test
    void S6_an_administrator_adds_a_co_administrator_who_then_sees_and_uses_the_subscription() {
        String owner = newEmail("coowner");
        String colleague = newEmail("colleague");
        String subscription = newSubscriptionFor(owner, "USD", today());
        getSubscription(TestTokens.reseller(colleague), subscription).statusCode(404);
        addCoAdministrator(TestTokens.customer(colleague), subscription, colleague).statusCode(404).contentType(PROBLEM);
        addCoAdministrator(TestTokens.customer(owner), subscription, colleague).statusCode(201)
                .body("coAdministrators", hasItem(colleague));
        addCoAdministrator(TestTokens.customer(owner), subscription, colleague.toUpperCase()).statusCode(200);
        addCoAdministrator(TestTokens.customer(owner), subscription, "no-at-sign").statusCode(400).contentType(PROBLEM);
        getSubscription(TestTokens.reseller(colleague), subscription).statusCode(200);
        activateInto(TestTokens.reseller(colleague), issueKey(1, "USD", today()), subscription).statusCode(201);

        List<EventEnvelope> events = KafkaTestSupport.readEventsUntil(Topics.ACTIVATION_EVENTS,
                all -> all.stream().anyMatch(e -> e.payload() instanceof CoAdministratorAdded c
                        && c.email().equals(colleague)), Duration.ofSeconds(30));
        assertThat(events.stream().filter(e -> e.payload() instanceof CoAdministratorAdded c && c.email().equals(colleague)))
                .singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(subscription);
                    assertThat(((CoAdministratorAdded) e.payload()).addedBy()).isEqualTo(owner);
                });
    }

    @Test
    void S4_without_acknowledgement_the_link_is_409_stating_the_credit_that_would_be_lost() {
        String owner = newEmail("s4");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        ledgerPublishes(subscription, new BalanceChanged(Money.of("150.25", "USD"), Money.zero("USD"),
                SubscriptionStatus.ACTIVE, clock.now()));
        await("the ledger's balance", () -> "150.25".equals(getSubscription(TestTokens.customer(owner), subscription.toString())
                .extract().path("lastReportedBalance.remaining")));

        link(TestTokens.customer(owner), subscription.toString(), Map.of("enrollmentNumber", "87654321"))
                .statusCode(409).contentType(PROBLEM).body("type", endsWith("S4-credit-forfeit-not-acknowledged"))
                .body("amountForfeited", equalTo("150.25")).body("currency", equalTo("USD"))
                .body("detail", containsString("150.25 USD"));
        link(TestTokens.customer(owner), subscription.toString(),
                Map.of("enrollmentNumber", "87654321", "acknowledgeCreditForfeit", false)).statusCode(409);
        getSubscription(TestTokens.customer(owner), subscription.toString()).body("status", equalTo("ACTIVE"));

        link(TestTokens.customer(owner), subscription.toString(),
                Map.of("enrollmentNumber", "87654321", "acknowledgeCreditForfeit", true)).statusCode(200)
                .body("status", equalTo("LINKED_TO_EA")).body("enrollmentNumber", equalTo("87654321"))
                .body("creditForfeited", equalTo("150.25"));
        getSubscription(TestTokens.customer(owner), subscription.toString()).body("status", equalTo("LINKED_TO_EA"));
        link(TestTokens.customer(owner), subscription.toString(),
                Map.of("enrollmentNumber", "11112222", "acknowledgeCreditForfeit", true)).statusCode(409);

        List<EventEnvelope> events = KafkaTestSupport.readEventsUntil(Topics.ACTIVATION_EVENTS,
                all -> all.stream().anyMatch(e -> e.payload() instanceof SubscriptionLinkedToEnterpriseAgreement
                        && e.subscriptionId().equals(subscription)), Duration.ofSeconds(30));
        assertThat(events.stream().filter(e -> e.payload() instanceof SubscriptionLinkedToEnterpriseAgreement
                && e.subscriptionId().equals(subscription))).hasSize(1);
    }

    @Test
    void S4_link_requests_from_strangers_or_with_bad_input_change_nothing() {
        String owner = newEmail("s4bad");
        String subscription = newSubscriptionFor(owner, "USD", today());
        link(TestTokens.customer(newEmail("stranger")), subscription,
                Map.of("enrollmentNumber", "87654321", "acknowledgeCreditForfeit", true)).statusCode(404).contentType(PROBLEM);
        link(TestTokens.customer(owner), subscription, Map.of("acknowledgeCreditForfeit", true)).statusCode(400).contentType(PROBLEM);
        link(TestTokens.customer(owner), subscription, Map.of("enrollmentNumber", "87654321", "acknowledgeCreditForfeit", "yes"))
                .statusCode(400).contentType(PROBLEM);
        getSubscription(TestTokens.customer(owner), subscription).body("status", equalTo("ACTIVE"));
    }

    @Test
    void K8_a_subscription_linked_to_an_enterprise_agreement_takes_no_more_keys() {
        String owner = newEmail("k8ea");
        String subscription = newSubscriptionFor(owner, "USD", today());
        String idempotencyKey = "link-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("enrollmentNumber", "55554444", "acknowledgeCreditForfeit", true);
        given().auth().oauth2(TestTokens.customer(owner)).header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/subscriptions/" + subscription + "/enterprise-agreement-link").then()
                .statusCode(200).body("status", equalTo("LINKED_TO_EA"));
        given().auth().oauth2(TestTokens.customer(owner)).header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/subscriptions/" + subscription + "/enterprise-agreement-link").then()
                .statusCode(200).body("status", equalTo("LINKED_TO_EA"));
        String code = issueKey(1, "USD", today());
        activateInto(TestTokens.customer(owner), code, subscription).statusCode(409).contentType(PROBLEM)
                .body("type", endsWith("K8-subscription-linked-to-ea"));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().body("status", equalTo("ISSUED"));
    }

    @Test
    void K8_a_deprovisioned_subscription_takes_no_more_keys() {
        String owner = newEmail("k8dep");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        ledgerPublishes(subscription, new SubscriptionDeprovisioned(clock.now()));
        await("the ledger's deprovisioning", () -> "DEPROVISIONED".equals(getSubscription(TestTokens.customer(owner),
                subscription.toString()).extract().path("status")));
        activateInto(TestTokens.customer(owner), issueKey(1, "USD", today()), subscription.toString()).statusCode(409)
                .contentType(PROBLEM).body("type", endsWith("K8-subscription-deprovisioned"));
    }

    @Test
    void S4_the_read_model_keeps_the_latest_balance_even_if_an_older_one_arrives_later() {
        String owner = newEmail("stale");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        java.time.Instant now = clock.now();
        ledgerPublishes(subscription, new BalanceChanged(Money.of("80", "USD"), Money.zero("USD"), SubscriptionStatus.ACTIVE, now));
        ledgerPublishes(subscription, new BalanceChanged(Money.of("500", "USD"), Money.zero("USD"), SubscriptionStatus.ACTIVE,
                now.minusSeconds(3600)));
        ledgerPublishes(subscription, new SubscriptionDeprovisioned(now.plusSeconds(1)));
        await("the ledger's events", () -> "DEPROVISIONED".equals(getSubscription(TestTokens.customer(owner),
                subscription.toString()).extract().path("status")));
        getSubscription(TestTokens.customer(owner), subscription.toString()).statusCode(200)
                .body("lastReportedBalance.remaining", equalTo("80.00"));
    }

    @Test
    void idempotency_key_replays_adding_a_co_administrator() {
        String owner = newEmail("idemco");
        String subscription = newSubscriptionFor(owner, "USD", today());
        String key = "co-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(TestTokens.customer(owner)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("email", "helper@example.com")).when()
                    .post("/api/v1/subscriptions/" + subscription + "/co-administrators").then().statusCode(201)
                    .body("coAdministrators", hasItem("helper@example.com"));
        }
        given().auth().oauth2(TestTokens.customer(owner)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("email", "other@example.com")).when()
                .post("/api/v1/subscriptions/" + subscription + "/co-administrators").then().statusCode(409).contentType(PROBLEM);
    }
}
