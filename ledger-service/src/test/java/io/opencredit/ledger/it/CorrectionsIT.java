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
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageVoided;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Operator corrections (F4) and dry runs (F3) over HTTP, on real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class CorrectionsIT {

    private static final String OPERATOR = TestTokens.bearer(TestTokens.operator());

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    private record Subscription(UUID id, String token) {
    }

    /** A subscription with 100 USD of credit of which usage {@code usageId} took 30. */
    private Subscription withUsage(String usageId) {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        Instant now = clock.now();
        activation(created(id, owner, now), credit(id, UUID.randomUUID(), "100", now.minusSeconds(60)));
        billing(usage(id, usageId, "30", now));
        Subscription s = new Subscription(id, TestTokens.bearer(TestTokens.customer(owner)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> balance(s).body("remaining", equalTo("70.00")));
        return s;
    }

    private static ValidatableResponse balance(Subscription s) {
        return given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(200);
    }

    private static ValidatableResponse adjust(Subscription s, String token, String amount, String reference, boolean dryRun) {
        return given().header("Authorization", token).contentType(ContentType.JSON)
                .queryParam("dryRun", dryRun)
                .body(Map.of("amount", amount, "currency", "USD", "reason", "case " + reference, "reference", reference))
                .post("/api/v1/subscriptions/{id}/adjustments", s.id).then();
    }

    private static ValidatableResponse voidUsage(Subscription s, String usageId, boolean dryRun) {
        return given().header("Authorization", OPERATOR).contentType(ContentType.JSON).queryParam("dryRun", dryRun)
                .body(Map.of("reason", "metered twice"))
                .post("/api/v1/subscriptions/{id}/usage/{usageId}/void", s.id, usageId).then();
    }

    @Test
    void F4_operator_adjustments_and_voids_answer_201_with_the_balance_once_per_reference_and_are_published() {
        String usageId = "f4-" + UUID.randomUUID();
        Subscription s = withUsage(usageId);

        adjust(s, s.token, "-20", "case-1", false).statusCode(403);
        adjust(s, OPERATOR, "-20", "case-1", false).statusCode(201).body("remaining", equalTo("50.00"));
        int version = adjust(s, OPERATOR, "-20", "case-1", false).statusCode(201).body("remaining", equalTo("50.00"))
                .extract().path("version");
        adjust(s, OPERATOR, "-25", "case-1", false).statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("F4-reference-reused"));
        adjust(s, OPERATOR, "-1000", "case-2", false).statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("F4-not-enough-credit"));
        adjust(s, OPERATOR, "40", "case-3", false).statusCode(201).body("remaining", equalTo("90.00"))
                .body("tokens.source", hasItem("ADJUSTMENT"));
        assertThat(version).isPositive();

        voidUsage(s, usageId, false).statusCode(201).body("remaining", equalTo("120.00"));
        int voidVersion = voidUsage(s, usageId, false).statusCode(201).body("remaining", equalTo("120.00")).extract().path("version");
        voidUsage(s, "no-such-usage", false).statusCode(404);
        balance(s).body("remaining", equalTo("120.00")).body("version", equalTo(voidVersion));

        List<EventEnvelope> events = ledgerEventsUntil(s.id, e -> count(e, UsageVoided.class) == 1 && count(e, CreditAdjusted.class) == 2);
        assertThat(payloads(events, CreditAdjusted.class)).extracting(CreditAdjusted::reference).containsExactly("case-1", "case-3");
        // F1: the published void names when the ledger applied its usage, the day whose burn rate it lowers
        String usageAppliedAt = given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/statement", s.id)
                .then().statusCode(200).body("entries.type", hasItems("CreditAdjusted", "UsageVoided"))
                .extract().path("entries.find { it.type == 'UsageRecorded' }.occurredAt");
        assertThat(payloads(events, UsageVoided.class)).singleElement().satisfies(v -> {
            assertThat(v.disposition()).isEqualTo(UsageVoided.RETURNED);
            assertThat(v.usageAppliedAt()).isEqualTo(Instant.parse(usageAppliedAt));
        });
    }

    @Test
    void F4_bad_corrections_get_problem_json_and_change_nothing() {
        String usageId = "f4-bad-" + UUID.randomUUID();
        Subscription s = withUsage(usageId);

        adjust(s, OPERATOR, "0", "case-0", false).statusCode(422).contentType("application/problem+json");
        adjust(s, OPERATOR, "1.0000001", "case-0", false).statusCode(422).contentType("application/problem+json");
        adjust(s, OPERATOR, "10", " ", false).statusCode(422).contentType("application/problem+json");
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("amount", "10", "currency", "EUR", "reason", "x", "reference", "case-eur"))
                .post("/api/v1/subscriptions/{id}/adjustments", s.id).then().statusCode(422).contentType("application/problem+json");
        adjust(new Subscription(UUID.randomUUID(), null), OPERATOR, "10", "case-x", false).statusCode(404);
        balance(s).body("remaining", equalTo("70.00"));
    }

    @Test
    void F3_a_dry_run_lists_the_events_and_the_balance_after_and_stores_and_publishes_nothing() throws SQLException {
        String usageId = "f3-" + UUID.randomUUID();
        Subscription s = withUsage(usageId);
        // an alert really set, for the dry run of its deletion (under the balance: it crosses nothing, publishes nothing)
        given().header("Authorization", s.token).contentType(ContentType.JSON)
                .body(Map.of("threshold", "10", "recipients", List.of("ops@example.com")))
                .put("/api/v1/subscriptions/{id}/alerts/2", s.id).then().statusCode(200);
        // the usage's debit and the balance notice closing its batch (one per batch: credit and usage may share one)
        List<EventEnvelope> publishedBefore = ledgerEventsUntil(s.id,
                e -> count(e, CreditConsumed.class) >= 1 && count(e, BalanceChanged.class) >= 1);
        long[] storeBefore = store(s.id);
        long outboxBefore = outboxSequence();

        adjust(s, OPERATOR, "-70", "dry-1", true).statusCode(200).body("dryRun", equalTo(true))
                .body("events.type", hasItems("CreditAdjusted", "SubscriptionSuspended", "BalanceChanged"))
                .body("events[0].reference", equalTo("dry-1"))
                .body("balanceAfter.remaining", equalTo("0.00")).body("balanceAfter.status", equalTo("SUSPENDED"));
        voidUsage(s, usageId, true).statusCode(200).body("dryRun", equalTo(true))
                .body("events.type", hasItem("UsageVoided")).body("balanceAfter.remaining", equalTo("100.00"));
        given().header("Authorization", s.token).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body(Map.of("threshold", "80", "recipients", List.of("finance@example.com")))
                .put("/api/v1/subscriptions/{id}/alerts/1", s.id)
                .then().statusCode(200).body("dryRun", equalTo(true)).body("events.type", hasItem("AlertRuleSet"))
                .body("balanceAfter.remaining", equalTo("70.00"));
        given().header("Authorization", s.token).queryParam("dryRun", true)
                .delete("/api/v1/subscriptions/{id}/alerts/2", s.id)
                .then().statusCode(200).body("dryRun", equalTo(true)).body("events.type", equalTo(List.of("AlertRuleRemoved")))
                .body("events[0].alertNumber", equalTo(2)).body("balanceAfter.remaining", equalTo("70.00"));
        given().header("Authorization", s.token).queryParam("dryRun", true)
                .delete("/api/v1/subscriptions/{id}/alerts/3", s.id).then().statusCode(404); // as the real one: no alert 3

        assertThat(store(s.id)).as("event store").containsExactly(storeBefore);
        assertThat(outboxSequence()).as("outbox").isEqualTo(outboxBefore);
        given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/alerts", s.id).then().statusCode(200)
                .body("alertNumber", equalTo(List.of(2))); // the dry-run PUT set no alert 1, the dry-run DELETE kept alert 2
        balance(s).body("remaining", equalTo("70.00"));
        List<EventEnvelope> publishedAfter = LedgerTestEvents.of(
                KafkaTestSupport.readAllEvents(Topics.LEDGER_EVENTS, Duration.ofSeconds(3)), s.id);
        assertThat(publishedAfter).as("ledger.events").hasSameSizeAs(publishedBefore);
    }

    @Test
    void F3_a_dry_run_of_the_clock_advance_lists_what_would_fall_due_and_moves_nothing() throws SQLException {
        String usageId = "f3-clock-" + UUID.randomUUID();
        Subscription s = withUsage(usageId);
        long[] storeBefore = store(s.id);
        long outboxBefore = outboxSequence();
        Duration offsetBefore = clock.offset();

        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).queryParam("dryRun", true)
                .queryParam("subscriptionId", s.id.toString()).body("{\"duration\":\"P400D\"}")
                .post("/api/v1/ops/clock/advance").then().statusCode(200).body("dryRun", equalTo(true))
                .body("events.type", hasItems("ClockAdvanced", "TokenExpiring", "TokenExpired", "SubscriptionSuspended"))
                .body("balanceAfter.remaining", equalTo("0.00")).body("balanceAfter.status", equalTo("SUSPENDED"));
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body("{\"duration\":\"P1D\"}").post("/api/v1/ops/clock/advance").then().statusCode(200)
                .body("events.type", equalTo(List.of("ClockAdvanced")));

        assertThat(clock.offset()).as("the clock").isEqualTo(offsetBefore);
        assertThat(store(s.id)).as("event store").containsExactly(storeBefore);
        assertThat(outboxSequence()).as("outbox").isEqualTo(outboxBefore);
        balance(s).body("remaining", equalTo("70.00")).body("status", equalTo("ACTIVE"));
    }

    /** The stream's commits and last version, as the event store holds them. */
    private long[] store(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*), coalesce(max(last_version), 0) FROM ledger_commit WHERE subscription_id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** The outbox's id sequence: any row written, even one relayed and deleted since, moved it. */
    private long outboxSequence() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT last_value FROM oc_outbox_id_seq");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
