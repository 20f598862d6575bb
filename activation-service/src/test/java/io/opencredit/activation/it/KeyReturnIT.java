package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateInto;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** SPEC R4 on real Kafka and PostgreSQL: a key whose credit the ledger rejected goes back to ISSUED, visibly. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class KeyReturnIT {

    @Inject
    SuiteClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    private void ledgerPublishes(UUID subscription, CreditRejected rejected) {
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription, rejected, Producers.LEDGER, null, clock.now()));
    }

    private static ValidatableResponse getKey(String token, String code) {
        return given().auth().oauth2(token).when().get("/api/v1/keys/" + code).then();
    }

    private static void awaitStatus(String token, String code, String status) {
        Awaitility.await("key " + code + " " + status).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(getKey(token, code).extract().path("status")));
    }

    @Test
    void R4_a_key_whose_credit_the_ledger_rejected_returns_to_issued_visibly_once_and_can_be_activated_again() {
        String owner = newEmail("r4key");
        String token = TestTokens.customer(owner);
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        String code = issueKey(2, "USD", today());
        String tokenId = activateInto(token, code, subscription.toString()).statusCode(201).extract().path("tokenId");

        CreditRejected rejected = new CreditRejected(UUID.fromString(tokenId), CreditSource.OSA_KEY, code, Money.of("200", "USD"),
                CreditRejected.DEPROVISIONED, "the subscription was deprovisioned");
        ledgerPublishes(subscription, rejected);
        ledgerPublishes(subscription, rejected); // another event id, the same rejection: returned once
        awaitStatus(token, code, "ISSUED");
        getKey(token, code).statusCode(200)
                .body("activation", nullValue())
                .body("returned.reason", equalTo("deprovisioned"))
                .body("returned.detail", equalTo("the subscription was deprovisioned"))
                .body("returned.subscriptionId", equalTo(subscription.toString()))
                .body("returned.tokenId", equalTo(tokenId))
                .body("returned.amount", equalTo("200.00"))
                .body("returned.currency", equalTo("USD"));

        // the key activates again, here into a new subscription, as a new token
        String again = activate(token, activateNewRequest(code, owner)).statusCode(201).extract().path("tokenId");
        assertThat(again).isNotEqualTo(tokenId);
        getKey(token, code).statusCode(200).body("status", equalTo("ACTIVATED"))
                .body("activation.tokenId", equalTo(again)).body("returned.tokenId", equalTo(tokenId));
        // a late redelivery of the first rejection names a token the key no longer holds: nothing changes
        ledgerPublishes(subscription, rejected);
        String other = issueKey(1, "USD", today());
        String otherToken = activateInto(token, other, subscription.toString()).statusCode(201).extract().path("tokenId");
        ledgerPublishes(subscription, new CreditRejected(UUID.fromString(otherToken), CreditSource.OSA_KEY, other,
                Money.of("100", "USD"), CreditRejected.ENTERPRISE_AGREEMENT, null));
        awaitStatus(token, other, "ISSUED"); // published after the redelivery, on the same partition
        getKey(token, code).statusCode(200).body("status", equalTo("ACTIVATED")).body("activation.tokenId", equalTo(again));
    }

    @Test
    void R4_a_card_rejection_returns_no_key_and_a_stranger_does_not_see_the_return() {
        String owner = newEmail("r4card");
        String token = TestTokens.customer(owner);
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        String code = issueKey(1, "USD", today());
        String tokenId = activateInto(token, code, subscription.toString()).statusCode(201).extract().path("tokenId");
        ledgerPublishes(subscription, new CreditRejected(UUID.fromString(tokenId), CreditSource.CREDIT_CARD, "pay-" + code,
                Money.of("100", "USD"), CreditRejected.DEPROVISIONED, null));
        ledgerPublishes(subscription, new CreditRejected(UUID.fromString(tokenId), CreditSource.OSA_KEY, code,
                Money.of("100", "USD"), CreditRejected.ENTERPRISE_AGREEMENT, null));
        awaitStatus(token, code, "ISSUED"); // returned by the key's rejection: the card one before it did nothing
        getKey(TestTokens.customer(newEmail("stranger")), code).statusCode(404);
        getKey(TestTokens.operator(), code).statusCode(200).body("returned.reason", equalTo("enterprise-agreement"));
    }
}
