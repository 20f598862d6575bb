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

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.Topics;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.ledger.persistence.LedgerReads;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The ledger on real Kafka and PostgreSQL: events in on activation/billing topics, ledger.events and the API out. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class LedgerIT {

    @Inject
    SuiteClock clock;

    @Inject
    EventStore store;

    @Inject
    LedgerReads reads;

    private record Subscription(UUID id, String owner, String token) {
    }

    private Subscription open() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        activation(created(id, owner, clock.now()));
        return new Subscription(id, owner, TestTokens.bearer(TestTokens.customer(owner)));
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    @Test
    void T2_usage_spanning_two_tokens_is_paid_first_in_first_out() {
        Subscription s = open();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant now = clock.now();
        activation(credit(s.id, first, "100", now.minus(Duration.ofDays(2))), credit(s.id, second, "100", now.minus(Duration.ofDays(1))));
        billing(usage(s.id, "u-" + UUID.randomUUID(), "150", now));

        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == 2);
        List<CreditConsumed> debits = payloads(events, CreditConsumed.class);
        assertThat(debits).extracting(CreditConsumed::tokenId).containsExactly(first, second);
        assertThat(debits).extracting(CreditConsumed::amount).containsExactly(usd("100"), usd("50"));
        assertThat(debits).extracting(CreditConsumed::tokenRemaining).containsExactly(usd("0"), usd("50"));
        assertThat(events).allMatch(e -> e.key().equals(s.id.toString()) && e.producer().equals("ledger-service"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200)
                        .body("remaining", equalTo("50.00"))
                        .body("currency", equalTo("USD"))
                        .body("status", equalTo("ACTIVE"))
                        .body("tokens", hasSize(2))
                        .body("tokens[0].tokenId", equalTo(first.toString()))
                        .body("tokens[0].status", equalTo("USED"))
                        .body("tokens[1].remaining", equalTo("50.00")));
        given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/statement", s.id)
                .then().statusCode(200).body("entries.type", org.hamcrest.Matchers.hasItems("CreditAdded", "UsageRecorded", "CreditConsumed"));
    }

    @Test
    void A1_token_balance_low_fires_once() {
        Subscription s = open();
        UUID token = UUID.randomUUID();
        Instant now = clock.now();
        activation(credit(s.id, token, "100", now));
        billing(usage(s.id, "a1-1", "69", now), usage(s.id, "a1-2", "1", now), usage(s.id, "a1-3", "10", now));
        billing(usage(s.id, "a1-4", "5", now));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == 4);
        List<TokenBalanceLow> lows = payloads(events, TokenBalanceLow.class);
        assertThat(lows).hasSize(1);
        assertThat(lows.get(0).tokenId()).isEqualTo(token);
        assertThat(lows.get(0).remaining()).isEqualTo(usd("30"));
        assertThat(lows.get(0).thresholdPercent()).isEqualTo(30);
    }

    @Test
    void A3_subscription_alert_rearms_after_a_top_up() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now.minusSeconds(60)));
        ledgerEventsUntil(s.id, e -> count(e, BalanceChanged.class) >= 1);
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "40.00", "recipients", List.of("finance@example.com", "cto@example.com")))
                .put("/api/v1/subscriptions/{id}/alerts/1", s.id)
                .then().statusCode(200).body("alertNumber", equalTo(1)).body("threshold", equalTo("40.00"))
                .body("armed", equalTo(true));
        given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/alerts/1", s.id)
                .then().statusCode(200).body("recipients", hasSize(2));

        billing(usage(s.id, "a3-1", "70", now));
        ledgerEventsUntil(s.id, e -> count(e, SubscriptionCreditLow.class) == 1);
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        billing(usage(s.id, "a3-2", "100", now));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, SubscriptionCreditLow.class) == 2);
        List<SubscriptionCreditLow> lows = payloads(events, SubscriptionCreditLow.class);
        assertThat(lows).extracting(SubscriptionCreditLow::remaining).containsExactly(usd("30"), usd("30"));
        assertThat(lows.get(0).recipients()).containsExactly("finance@example.com", "cto@example.com");
    }

    @Test
    void S1_S2_suspension_at_zero_and_reactivation_with_overage_settled() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        billing(usage(s.id, "s1-1", "125.50", now));
        List<EventEnvelope> suspended = ledgerEventsUntil(s.id, e -> count(e, SubscriptionSuspended.class) == 1);
        assertThat(payloads(suspended, OverageRecorded.class).get(0).amount()).isEqualTo(usd("25.5"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("status", equalTo("SUSPENDED")).body("overage", equalTo("25.50")));

        UUID topUp = UUID.randomUUID();
        activation(credit(s.id, topUp, "100", clock.now()));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, SubscriptionReactivated.class) == 1);
        List<String> types = events.stream().map(EventEnvelope::type).toList();
        assertThat(types.indexOf("OverageSettled")).isLessThan(types.indexOf("SubscriptionReactivated"));
        OverageSettled settled = payloads(events, OverageSettled.class).get(0);
        assertThat(settled.tokenId()).isEqualTo(topUp);
        assertThat(settled.amount()).isEqualTo(usd("25.5"));
        assertThat(payloads(events, SubscriptionReactivated.class).get(0).remaining()).isEqualTo(usd("74.5"));
        BalanceChanged last = payloads(events, BalanceChanged.class).get(payloads(events, BalanceChanged.class).size() - 1);
        assertThat(last.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(last.remaining()).isEqualTo(usd("74.5"));
    }

    @Test
    void T5_a_redelivered_event_and_a_repeated_usage_id_are_applied_once() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        EventEnvelope use = usage(s.id, "t5-1", "10", now);
        billing(use, use, usage(s.id, "t5-1", "10", now), usage(s.id, "t5-2", "1", now));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) >= 2);
        assertThat(payloads(events, CreditConsumed.class)).extracting(CreditConsumed::usageId).containsExactly("t5-1", "t5-2");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("remaining", equalTo("89.00")));
    }

    @Test
    void T5_a_usage_redelivered_after_its_stream_moved_past_a_snapshot_is_found_in_the_store_and_applied_once() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        EventEnvelope use = usage(s.id, "t5-later-1", "10", now);
        billing(use);
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) >= 1);
        // 70 more usages (140 facts): the stream's snapshot moves past the first usage, so a reloaded state
        // does not see it in its tail either; only the event store's usage ids can tell the repeat
        EventEnvelope[] fillers = new EventEnvelope[70];
        for (int i = 0; i < fillers.length; i++) {
            fillers[i] = usage(s.id, "t5-filler-" + i, "0.01", now);
        }
        billing(fillers);
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) >= 71);
        billing(use, usage(s.id, "t5-later-1", "10", now), usage(s.id, "t5-later-2", "1", now));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> payloads(e, CreditConsumed.class).stream()
                .anyMatch(c -> c.usageId().equals("t5-later-2")));
        assertThat(payloads(events, CreditConsumed.class)).extracting(CreditConsumed::usageId)
                .filteredOn(id -> id.startsWith("t5-later")).containsExactly("t5-later-1", "t5-later-2");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("remaining", equalTo("88.30")));
        // recognised before folding, not refused afterwards by the store's unique index (which dead-letters it)
        assertThat(KafkaTestSupport.readRecords(Topics.BILLING_EVENTS + ".dlq"))
                .noneMatch(r -> s.id.toString().equals(KafkaTestSupport.key(r)));
    }

    @Test
    void T5_a_usage_id_the_ledger_did_not_apply_stays_free_and_the_recorded_ids_verify_against_the_store() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        // priced in euros for a dollar subscription: recorded as a batch's usage id first, then not applied (M3)
        billing(usage(s.id, "t5-unapplied", Money.of("10", "EUR"), now), usage(s.id, "t5-marker", "1", now));
        ledgerEventsUntil(s.id, e -> payloads(e, CreditConsumed.class).stream().anyMatch(c -> c.usageId().equals("t5-marker")));
        billing(usage(s.id, "t5-unapplied", "10", now));
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> payloads(e, CreditConsumed.class).stream()
                .anyMatch(c -> c.usageId().equals("t5-unapplied")));
        assertThat(payloads(events, CreditConsumed.class)).extracting(CreditConsumed::usageId).containsExactly("t5-marker", "t5-unapplied");
        given().header("Authorization", TestTokens.bearer(TestTokens.operator())).contentType(ContentType.JSON)
                .body(Map.of("subscriptionIds", List.of(s.id.toString())))
                .post("/api/v1/ops/projections/verify")
                .then().statusCode(200).body("consistent", equalTo(true));
    }

    @Test
    void T1_a_redelivered_credit_and_a_credit_repeating_its_token_add_one_token() {
        Subscription s = open();
        Instant now = clock.now();
        UUID token = UUID.randomUUID();
        EventEnvelope credit = credit(s.id, token, "100", now);
        activation(credit, credit, credit(s.id, token, "100", now), credit(s.id, UUID.randomUUID(), "5", now));
        // the last credit is read last: once it shows, the repeats before it were read too
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("remaining", equalTo("105.00")));
    }

    @Test
    void A3_a_sixth_alert_a_third_address_and_a_malformed_email_are_refused_with_422() {
        Subscription s = open();
        activation(credit(s.id, UUID.randomUUID(), "100", clock.now()));
        ledgerEventsUntil(s.id, e -> count(e, BalanceChanged.class) >= 1);
        String path = "/api/v1/subscriptions/{id}/alerts/{n}";
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("a@example.com"))).put(path, s.id, 6)
                .then().statusCode(422).contentType("application/problem+json");
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("a@example.com", "b@example.com", "c@example.com"))).put(path, s.id, 1)
                .then().statusCode(422).contentType("application/problem+json");
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("not-an-address"))).put(path, s.id, 1)
                .then().statusCode(422).contentType("application/problem+json");
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10.1234567", "recipients", List.of("a@example.com"))).put(path, s.id, 1)
                .then().statusCode(422);
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body("{\"threshold\": \"10\", \"recipients\": [\"a@example.com\"], \"armed\": false}").put(path, s.id, 1)
                .then().statusCode(400);
        given().header("Authorization", s.token).get(path, s.id, 1).then().statusCode(404);
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("a@example.com"))).put(path, s.id, 5)
                .then().statusCode(200);
        given().header("Authorization", s.token).delete(path, s.id, 5).then().statusCode(204);
        given().header("Authorization", s.token).get(path, s.id, 5).then().statusCode(404);
    }

    @Test
    void tenancy_another_customers_and_unknown_subscriptions_are_404() {
        Subscription s = open();
        activation(credit(s.id, UUID.randomUUID(), "100", clock.now()));
        ledgerEventsUntil(s.id, e -> count(e, BalanceChanged.class) >= 1);
        String stranger = TestTokens.bearer(TestTokens.customer("stranger@example.com"));
        given().header("Authorization", stranger).get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(404);
        given().header("Authorization", stranger).get("/api/v1/subscriptions/{id}/statement", s.id).then().statusCode(404);
        given().header("Authorization", stranger).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("a@example.com")))
                .put("/api/v1/subscriptions/{id}/alerts/1", s.id).then().statusCode(404);
        given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", s.token).get("/api/v1/subscriptions/not-a-uuid/balance").then().statusCode(404);
        given().get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(TestTokens.meter())).get("/api/v1/subscriptions/{id}/balance", s.id)
                .then().statusCode(403);

        String reseller = "reseller-" + s.id.toString().substring(0, 8) + "@example.com";
        activation(LedgerTestEvents.coAdmin(s.id, reseller, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", TestTokens.bearer(TestTokens.reseller(reseller)))
                        .get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(200));
    }

    @Test
    void balance_as_of_a_past_instant_refolds_the_store_and_projections_verify_clean() {
        Subscription s = open();
        activation(credit(s.id, UUID.randomUUID(), "100", clock.now()));
        ledgerEventsUntil(s.id, e -> count(e, BalanceChanged.class) >= 1);
        Instant between = clock.now();
        billing(usage(s.id, "asof-1", "40", clock.now()));
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == 1);
        given().header("Authorization", s.token).queryParam("asOf", between.toString())
                .get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(200).body("remaining", equalTo("100.00"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("remaining", equalTo("60.00")));
        given().header("Authorization", s.token).queryParam("asOf", "yesterday")
                .get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(400);

        given().header("Authorization", TestTokens.bearer(TestTokens.operator())).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/ops/projections/verify")
                .then().statusCode(200).body("consistent", equalTo(true)).body("differences", hasSize(0));
        given().header("Authorization", s.token).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/ops/projections/verify").then().statusCode(403);
    }

    @Test
    void states_loaded_together_from_many_commits_each_replay_them_in_version_order() {
        List<Subscription> subscriptions = new ArrayList<>();
        Instant now = clock.now();
        for (int i = 0; i < 8; i++) {
            Subscription s = open();
            activation(credit(s.id, UUID.randomUUID(), "100", now));
            subscriptions.add(s);
        }
        // usage one round at a time, each folded in a batch, and so a commit, of its own: no snapshot yet, a tail of 8 commits
        for (int round = 0; round < 6; round++) {
            for (Subscription s : subscriptions) {
                billing(usage(s.id, "round-" + round, "1", now));
            }
            int folded = round + 1;
            subscriptions.forEach(s -> ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == folded));
        }
        // loaded together (as the due-time scheduler and a batch of cache misses load them): one query for all their commits
        List<UUID> ids = subscriptions.stream().map(s -> s.id).toList();
        Map<UUID, SubscriptionLedger> loaded = QuarkusTransaction.requiringNew().call(() -> store.load(ids));
        for (UUID id : ids) {
            List<LedgerFact> stream = new ArrayList<>();
            QuarkusTransaction.requiringNew().run(() -> reads.visit(id, stored -> stream.add(stored.fact())));
            SubscriptionLedger replayed = LedgerFold.replay(id, stream);
            assertThat(loaded.get(id).snapshot()).isEqualTo(replayed.snapshot());
            assertThat(replayed.remaining()).isEqualByComparingTo("94");
        }
    }

    @Test
    void a_stream_past_its_snapshot_interval_loads_and_verifies_equal_to_a_full_replay() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "1000", now));
        // two facts per usage (recorded, consumed) after SubscriptionCreated and CreditAdded: past the first snapshot
        int count = (int) (EventStore.SNAPSHOT_EVERY / 2 + 10);
        EventEnvelope[] usages = new EventEnvelope[count];
        for (int i = 0; i < usages.length; i++) {
            usages[i] = usage(s.id, "snap-" + i, "1.5", now);
        }
        billing(usages);
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == count);
        String operator = TestTokens.bearer(TestTokens.operator());
        String remaining = new BigDecimal("1000").subtract(new BigDecimal("1.5").multiply(BigDecimal.valueOf(count))).setScale(2).toPlainString();
        int version = 2 + 2 * count;
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id)
                        .then().statusCode(200).body("remaining", equalTo(remaining)).body("version", equalTo(version)));
        // an alert change loads the state from the store (the snapshot + the facts after it)
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "100", "recipients", List.of("a@example.com")))
                .put("/api/v1/subscriptions/{id}/alerts/3", s.id).then().statusCode(200).body("armed", equalTo(true));
        given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("subscriptionIds", List.of(s.id.toString())))
                .post("/api/v1/ops/projections/verify")
                .then().statusCode(200).body("consistent", equalTo(true)).body("factsReplayed", equalTo(version + 1));
    }

    @Test
    void R4_a_credit_after_an_enterprise_agreement_link_is_published_as_credit_rejected_once() {
        Subscription s = open();
        Instant now = clock.now();
        activation(credit(s.id, UUID.randomUUID(), "100", now));
        activation(EventEnvelope.of(s.id, new io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement("EA-7654321", now,
                s.owner), io.opencredit.events.Producers.ACTIVATION, null, now));
        UUID late = UUID.randomUUID();
        EventEnvelope lateCredit = credit(s.id, late, "40", now);
        activation(lateCredit);
        activation(lateCredit); // redelivered: rejected once
        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, io.opencredit.events.CreditRejected.class) == 1);
        io.opencredit.events.CreditRejected rejected = payloads(events, io.opencredit.events.CreditRejected.class).get(0);
        assertThat(rejected.tokenId()).isEqualTo(late);
        assertThat(rejected.reason()).isEqualTo(io.opencredit.events.CreditRejected.ENTERPRISE_AGREEMENT);
        assertThat(rejected.amount()).isEqualTo(usd("40"));
        // a later credit proves the redelivery was folded before it: still exactly one rejection
        activation(credit(s.id, UUID.randomUUID(), "5", now));
        List<EventEnvelope> after = ledgerEventsUntil(s.id, e -> count(e, io.opencredit.events.CreditRejected.class) == 2);
        assertThat(payloads(after, io.opencredit.events.CreditRejected.class)).extracting(io.opencredit.events.CreditRejected::tokenId)
                .doesNotHaveDuplicates();
        given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/statement", s.id)
                .then().statusCode(200).body("entries.type", org.hamcrest.Matchers.hasItem("CreditRejected"));
    }
}
