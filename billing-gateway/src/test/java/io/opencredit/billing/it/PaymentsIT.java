package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.PaymentSignature;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Card top-ups (SPEC S5, M3, T1) on real Kafka and PostgreSQL, signed with the test secret (local-dev-secret). */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class PaymentsIT {

    static final byte[] SECRET = "local-dev-secret".getBytes(StandardCharsets.UTF_8);

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    private static String body(String reference, UUID subscription, String amount, String currency) {
        return "{\"paymentReference\":\"" + reference + "\",\"subscriptionId\":\"" + subscription + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"" + currency + "\",\"paidAt\":\"" + Instant.now() + "\"}";
    }

    private static ValidatableResponse send(String body, String signature) {
        var request = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request = request.header(PaymentSignature.HEADER, signature);
        }
        return request.when().post("/api/v1/payments/confirmations").then();
    }

    private static ValidatableResponse signedSend(String body) {
        return send(body, PaymentSignature.header(SECRET, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String ref() {
        return "pay-" + UUID.randomUUID();
    }

    @Test
    void S5_a_signed_top_up_becomes_a_card_token_valid_twelve_months_and_is_credited_once() {
        var s = Fixtures.subscription(store, "EUR", "NO", clock.now().minus(Duration.ofDays(1)));
        String reference = ref();
        String body = body(reference, s.id(), "150.00", "EUR");
        String tokenId = signedSend(body).statusCode(201)
                .body("paymentReference", equalTo(reference)).body("amount", equalTo("150.00")).body("currency", equalTo("EUR"))
                .body("tokenId", notNullValue()).extract().path("tokenId");
        // the provider retries: same answer, nothing credited again
        signedSend(body).statusCode(200).body("tokenId", equalTo(tokenId));
        // the same reference with another amount is refused
        signedSend(body(reference, s.id(), "15.00", "EUR")).statusCode(409);

        String marker = ref();
        signedSend(body(marker, s.id(), "1.00", "EUR")).statusCode(201);
        List<CreditAdded> credits = payloads(billingEventsUntil(s.id(),
                e -> payloads(e, CreditAdded.class).stream().anyMatch(c -> marker.equals(c.paymentReference()))), CreditAdded.class);
        List<CreditAdded> mine = credits.stream().filter(c -> reference.equals(c.paymentReference())).toList();
        assertThat(mine).hasSize(1);
        CreditAdded credit = mine.get(0);
        assertThat(credit.tokenId()).hasToString(tokenId);
        assertThat(credit.source()).isEqualTo(CreditSource.CREDIT_CARD);
        assertThat(credit.amount()).isEqualTo(Money.of("150", "EUR"));
        assertThat(credit.expiresAt()).isEqualTo(credit.activatedAt().atZone(ZoneOffset.UTC).plusMonths(12).toInstant());
    }

    @Test
    void S5_a_top_up_for_a_canadian_subscription_is_refused_and_a_tampered_body_is_401_with_nothing_published() {
        var canada = Fixtures.subscription(store, "CAD", "CA", clock.now().minus(Duration.ofDays(1)));
        signedSend(body(ref(), canada.id(), "100.00", "CAD")).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://opencredit.io/problems/S5-card-top-up-refused-in-country"));

        var norway = Fixtures.subscription(store, "NOK", "NO", clock.now().minus(Duration.ofDays(1)));
        String body = body(ref(), norway.id(), "100.00", "NOK");
        String signature = PaymentSignature.header(SECRET, Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
        send(body.replace("100.00", "900.00"), signature).statusCode(401).contentType("application/problem+json");
        send(body, null).statusCode(401);
        send(body, "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64)).statusCode(401);
        String stale = PaymentSignature.header(SECRET, Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
        send(body, stale).statusCode(401);
        String wrongSecret = PaymentSignature.header("other".getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8));
        send(body, wrongSecret).statusCode(401);

        // a valid top-up published after them: once it is on the topic, anything before it would be too
        var marker = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        signedSend(body(ref(), marker.id(), "1.00", "USD")).statusCode(201);
        List<EventEnvelope> all = KafkaTestSupport.readEventsUntil(Topics.BILLING_EVENTS,
                e -> e.stream().anyMatch(x -> marker.id().equals(x.subscriptionId())), Duration.ofSeconds(30));
        assertThat(all).noneMatch(e -> canada.id().equals(e.subscriptionId()) || norway.id().equals(e.subscriptionId()));
    }

    @Test
    void M3_a_top_up_in_another_currency_than_the_subscriptions_is_refused() {
        var s = Fixtures.subscription(store, "GBP", "GB", clock.now().minus(Duration.ofDays(1)));
        signedSend(body(ref(), s.id(), "10.00", "USD")).statusCode(422)
                .body("type", equalTo("https://opencredit.io/problems/M3-currency-mismatch"));
        signedSend(body(ref(), s.id(), "10.00", "XXX")).statusCode(422);
    }

    @Test
    void bad_confirmations_are_refused_with_a_problem() {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        signedSend(body(ref(), UUID.randomUUID(), "10.00", "USD")).statusCode(404);
        signedSend(body(ref(), s.id(), "-10.00", "USD")).statusCode(400);
        signedSend(body(ref(), s.id(), "10.0000001", "USD")).statusCode(400);
        signedSend("{not json").statusCode(400);
        signedSend(body(ref(), s.id(), "10.00", "USD").replace("\"paidAt\"", "\"paidOn\"")).statusCode(400);
    }
}
