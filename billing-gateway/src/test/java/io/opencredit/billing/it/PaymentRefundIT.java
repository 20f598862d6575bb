package io.opencredit.billing.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.PaymentSignature;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SPEC R4 at the gateway on real Kafka and PostgreSQL: a top-up for a subscription the gateway knows cannot take credit is
 * refused synchronously; one the ledger rejected later is marked REFUND_DUE, once, and {@code GET /payments/{reference}}
 * shows it to the subscription's administrators.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class PaymentRefundIT {

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    private static ValidatableResponse pay(String reference, UUID subscription, String amount, String currency) {
        String body = "{\"paymentReference\":\"" + reference + "\",\"subscriptionId\":\"" + subscription + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"" + currency + "\",\"paidAt\":\"" + Instant.now() + "\"}";
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header(PaymentSignature.HEADER,
                PaymentSignature.header(PaymentsIT.SECRET, Instant.now().getEpochSecond(), raw)).body(raw)
                .when().post("/api/v1/payments/confirmations").then();
    }

    private static ValidatableResponse payment(String token, String reference) {
        return given().auth().oauth2(token).when().get("/api/v1/payments/{reference}", reference).then();
    }

    private void ledgerPublishes(UUID subscription, io.opencredit.events.EventPayload payload) {
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription, payload, Producers.LEDGER, null, clock.now()));
    }

    @Test
    void R4_a_card_credit_the_ledger_rejected_is_marked_refund_due_once_and_shown_to_the_administrators() {
        var s = Fixtures.subscription(store, "EUR", "NO", clock.now().minus(Duration.ofDays(1)));
        String reference = "pay-" + UUID.randomUUID();
        String tokenId = pay(reference, s.id(), "150.00", "EUR").statusCode(201).extract().path("tokenId");
        String owner = TestTokens.customer(s.owner());
        payment(owner, reference).statusCode(200).body("status", equalTo("CREDITED")).body("refund", nullValue())
                .body("tokenId", equalTo(tokenId)).body("amount", equalTo("150.00"));

        CreditRejected rejected = new CreditRejected(UUID.fromString(tokenId), CreditSource.CREDIT_CARD, reference,
                Money.of("150", "EUR"), CreditRejected.DEPROVISIONED, "the subscription was deprovisioned");
        ledgerPublishes(s.id(), rejected);
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> "REFUND_DUE".equals(payment(owner, reference).extract().path("status")));
        String dueSince = payment(owner, reference).statusCode(200)
                .body("refund.reason", equalTo("deprovisioned"))
                .body("refund.detail", equalTo("the subscription was deprovisioned"))
                .extract().path("refund.dueSince");
        // redelivered under another event id, and a key's rejection: the payment stays as first marked
        ledgerPublishes(s.id(), new CreditRejected(UUID.fromString(tokenId), CreditSource.CREDIT_CARD, reference,
                Money.of("150", "EUR"), CreditRejected.ENTERPRISE_AGREEMENT, null));
        String marker = "pay-" + UUID.randomUUID();
        String markerToken = pay(marker, s.id(), "1.00", "EUR").statusCode(201).extract().path("tokenId");
        ledgerPublishes(s.id(), new CreditRejected(UUID.fromString(markerToken), CreditSource.CREDIT_CARD, marker,
                Money.of("1", "EUR"), CreditRejected.CURRENCY_MISMATCH, null));
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> "REFUND_DUE".equals(payment(owner, marker).extract().path("status")));
        payment(owner, reference).statusCode(200).body("refund.reason", equalTo("deprovisioned"))
                .body("refund.dueSince", equalTo(dueSince));

        payment(TestTokens.operator(), reference).statusCode(200).body("status", equalTo("REFUND_DUE"));
        payment(TestTokens.customer("stranger-" + UUID.randomUUID() + "@example.com"), reference).statusCode(404);
        payment(owner, "pay-" + UUID.randomUUID()).statusCode(404);
    }

    @Test
    void R4_S3_the_customer_still_sees_the_refund_due_after_the_deprovisioning_erased_its_address() {
        var s = Fixtures.subscription(store, "EUR", "NO", clock.now().minus(Duration.ofDays(1)));
        String reference = "pay-" + UUID.randomUUID();
        String tokenId = pay(reference, s.id(), "20.00", "EUR").statusCode(201).extract().path("tokenId");
        // the order the ledger publishes in: the deprovisioning, then the rejection of the credit that raced it
        ledgerPublishes(s.id(), new SubscriptionDeprovisioned(clock.now()));
        ledgerPublishes(s.id(), new CreditRejected(UUID.fromString(tokenId), CreditSource.CREDIT_CARD, reference,
                Money.of("20", "EUR"), CreditRejected.DEPROVISIONED, null));
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> "REFUND_DUE".equals(payment(TestTokens.operator(), reference).extract().path("status")));
        payment(TestTokens.customer(s.owner()), reference).statusCode(200).body("status", equalTo("REFUND_DUE"));
        payment(TestTokens.customer("stranger-" + UUID.randomUUID() + "@example.com"), reference).statusCode(404);
    }

    @Test
    void R4_a_top_up_for_a_deprovisioned_or_linked_subscription_is_refused_synchronously_once_the_gateway_knows() {
        var gone = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        ledgerPublishes(gone.id(), new SubscriptionDeprovisioned(clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find(gone.id()).orElseThrow().deprovisioned());
        pay("pay-" + UUID.randomUUID(), gone.id(), "10.00", "USD").statusCode(422)
                .body("type", equalTo("https://opencredit.io/problems/S3-subscription-deprovisioned"));

        var linked = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(linked.id(),
                new SubscriptionLinkedToEnterpriseAgreement("EA-1234567", clock.now(), linked.owner()), Producers.ACTIVATION, null,
                clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find(linked.id()).orElseThrow().linkedToEnterpriseAgreement());
        pay("pay-" + UUID.randomUUID(), linked.id(), "10.00", "USD").statusCode(422)
                .body("type", equalTo("https://opencredit.io/problems/K8-subscription-linked-to-ea"));
    }
}
