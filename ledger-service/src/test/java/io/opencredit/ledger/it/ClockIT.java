package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.opencredit.ledger.it.LedgerTestEvents.payloads;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expiry through the adjustable suite clock (C2, A2, T8, C1). */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class ClockIT {

    @Inject
    SuiteClock clock;

    @Test
    void T8_expiry_via_the_adjustable_clock_fires_every_due_event_in_order() {
        UUID id = UUID.randomUUID();
        String owner = "clock-" + id.toString().substring(0, 8) + "@example.com";
        UUID token = UUID.randomUUID();
        activation(created(id, owner, clock.now()), credit(id, token, "100", clock.now()));
        ledgerEventsUntil(id, e -> count(e, BalanceChanged.class) >= 1);

        String operator = TestTokens.bearer(TestTokens.operator());
        given().header("Authorization", TestTokens.bearer(TestTokens.customer(owner))).contentType(ContentType.JSON)
                .body("{\"duration\":\"P30D\"}").post("/api/v1/ops/clock/advance").then().statusCode(403);
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"duration\":\"thirty days\"}").post("/api/v1/ops/clock/advance").then().statusCode(400);
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"duration\":\"-P1D\"}").post("/api/v1/ops/clock/advance").then().statusCode(422);

        Duration before = clock.offset();
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body("{\"duration\":\"P400D\"}").post("/api/v1/ops/clock/advance")
                .then().statusCode(200).body("offset", equalTo(before.plus(Duration.ofDays(400)).toString()));
        assertThat(clock.offset()).isEqualTo(before.plus(Duration.ofDays(400)));

        List<EventEnvelope> events = ledgerEventsUntil(id, e -> count(e, TokenExpired.class) == 1 && count(e, SubscriptionSuspended.class) == 1);
        List<String> types = events.stream().map(EventEnvelope::type).toList();
        assertThat(types.indexOf("TokenExpiring")).isLessThan(types.indexOf("TokenExpired"));
        assertThat(types.indexOf("TokenExpired")).isLessThan(types.indexOf("SubscriptionSuspended"));
        assertThat(payloads(events, TokenExpiring.class)).hasSize(1);
        TokenExpired expired = payloads(events, TokenExpired.class).get(0);
        assertThat(expired.tokenId()).isEqualTo(token);
        assertThat(expired.forfeited()).isEqualTo(Money.of("100", "USD"));

        List<EventEnvelope> clockEvents = KafkaTestSupport.readEventsUntil(Topics.OPS_CLOCK,
                e -> e.stream().anyMatch(c -> c.payload() instanceof ClockAdvanced a && a.offset().equals(clock.offset())),
                Duration.ofSeconds(60));
        assertThat(clockEvents).allMatch(e -> e.subscriptionId() == null);
        given().get("/api/v1/ops/clock").then().statusCode(200).body("offset", equalTo(clock.offset().toString()));
    }
}
