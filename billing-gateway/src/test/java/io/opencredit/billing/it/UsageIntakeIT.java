package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.batch;
import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.opencredit.billing.api.UsageAdmission;
import io.opencredit.billing.api.UsageAdmissionAccess;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** POST /usage on real Kafka and PostgreSQL: validation, rating, T5 deduplication, publication through the outbox. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class UsageIntakeIT {

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    UsageAdmission admission;

    private Fixtures.Subscription usd() {
        return Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
    }

    private static ValidatableResponse post(Object body) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.meter())).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/usage").then();
    }

    private static String id() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void T3_usage_is_rated_with_the_catalogue_in_the_subscriptions_currency_and_published() {
        var s = Fixtures.subscription(store, "NOK", "NO", clock.now().minus(Duration.ofDays(1)));
        String id = id();
        Instant at = clock.now().minusSeconds(60);
        post(batch(record(id, s.id(), "vm-d2s-v5-linux", "10.5", at))).statusCode(202)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0)).body("rejected", hasSize(0));

        UsageRecorded usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty()), UsageRecorded.class).get(0);
        assertThat(usage.usageId()).isEqualTo(id);
        assertThat(usage.unitPrice()).isEqualTo(Money.of("1.0272", "NOK")); // 0.096 USD × 1070/100
        assertThat(usage.amount()).isEqualTo(Money.of("10.7856", "NOK"));
        assertThat(usage.eligible()).isTrue();
        assertThat(usage.service()).isEqualTo("Virtual Machines");
        assertThat(usage.usageTime()).isEqualTo(at);
    }

    @Test
    void an_overloaded_gateway_answers_503_with_retry_after_and_changes_nothing() {
        var s = usd();
        Map<String, Object> record = record(id(), s.id(), "storage-blob-hot-lrs", "2", clock.now().minusSeconds(30));
        Semaphore permits = UsageAdmissionAccess.permits(admission);
        int limit = UsageAdmissionAccess.limit(admission);
        permits.acquireUninterruptibly(limit); // as many batches in progress as the gateway takes
        try {
            post(batch(record)).statusCode(503).header("Retry-After", "1").contentType("application/problem+json")
                    .body("type", equalTo("https://opencredit.io/problems/overloaded")).body("status", equalTo(503));
        } finally {
            permits.release(limit);
        }
        // refused before it was read: the same record is new afterwards, and the permit of each answered request is back
        post(batch(record)).statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        post(batch(record)).statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> permits.availablePermits() == limit);
    }

    @Test
    void T5_a_record_sent_twice_is_published_once() {
        var s = usd();
        Map<String, Object> record = record(id(), s.id(), "storage-blob-hot-lrs", "3", clock.now().minusSeconds(30));
        post(batch(record)).statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        post(batch(record)).statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1)).body("rejected", hasSize(0));
        // the same content spelled differently is the same record
        Map<String, Object> respelled = new java.util.LinkedHashMap<>(record);
        respelled.put("quantity", "3.000");
        post(batch(respelled, respelled)).statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(2));

        String marker = id();
        post(batch(record(marker, s.id(), "storage-blob-hot-lrs", "1", clock.now()))).statusCode(202).body("accepted", equalTo(1));
        List<UsageRecorded> published = payloads(billingEventsUntil(s.id(),
                e -> payloads(e, UsageRecorded.class).stream().anyMatch(u -> u.usageId().equals(marker))), UsageRecorded.class);
        assertThat(published).filteredOn(u -> u.usageId().equals(record.get("id"))).hasSize(1);
    }

    @Test
    void T5_the_same_id_with_another_quantity_is_a_conflict() {
        var s = usd();
        String id = id();
        Instant at = clock.now().minusSeconds(30);
        post(batch(record(id, s.id(), "bandwidth-egress-zone1", "5", at))).statusCode(202).body("accepted", equalTo(1));
        post(batch(record(id, s.id(), "bandwidth-egress-zone1", "6", at))).statusCode(202)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(0))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(0))
                .body("rejected[0].id", equalTo(id))
                .body("rejected[0].problem.status", equalTo(409))
                .body("rejected[0].problem.type", equalTo("https://opencredit.io/problems/T5-usage-id-conflict"));
    }

    @Test
    void T5_the_same_id_for_another_subscription_is_another_record() {
        var a = usd();
        var b = usd();
        String id = id();
        Instant at = clock.now().minusSeconds(30);
        post(batch(record(id, a.id(), "vm-b1s-linux", "1", at), record(id, b.id(), "vm-b1s-linux", "1", at)))
                .statusCode(202).body("accepted", equalTo(2));
    }

    @Test
    void T6_usage_six_minutes_in_the_future_is_refused_and_four_minutes_is_accepted() {
        var s = usd();
        post(batch(record(id(), s.id(), "vm-b1s-linux", "1", clock.now().plus(Duration.ofMinutes(6))),
                record(id(), s.id(), "vm-b1s-linux", "1", clock.now().plus(Duration.ofMinutes(4)))))
                .statusCode(202).body("accepted", equalTo(1))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(0))
                .body("rejected[0].problem.status", equalTo(422))
                .body("rejected[0].problem.type", equalTo("https://opencredit.io/problems/T6-usage-in-the-future"));
    }

    @Test
    void T6_usage_older_than_the_lateness_or_before_the_subscription_is_refused() {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofHours(2)));
        var old = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(10)));
        post(batch(record(id(), old.id(), "vm-b1s-linux", "1", clock.now().minus(Duration.ofHours(73))),
                record(id(), s.id(), "vm-b1s-linux", "1", clock.now().minus(Duration.ofHours(3))),
                record(id(), old.id(), "vm-b1s-linux", "1", clock.now().minus(Duration.ofHours(71)))))
                .statusCode(202).body("accepted", equalTo(1))
                .body("rejected", hasSize(2))
                .body("rejected[0].problem.type", equalTo("https://opencredit.io/problems/T6-usage-too-late"))
                .body("rejected[1].problem.type", equalTo("https://opencredit.io/problems/T6-usage-before-subscription"));
    }

    @Test
    void T4_a_marketplace_meter_is_rated_but_flagged_ineligible() {
        var s = usd();
        String id = id();
        post(batch(record(id, s.id(), "marketplace-firewall", "2", clock.now().minusSeconds(10)))).statusCode(202).body("accepted", equalTo(1));
        UsageRecorded usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty()), UsageRecorded.class).get(0);
        assertThat(usage.eligible()).isFalse();
        assertThat(usage.amount()).isEqualTo(Money.of("1.00", "USD"));
    }

    @Test
    void one_bad_record_never_sinks_the_batch() {
        var s = usd();
        Instant at = clock.now().minusSeconds(10);
        Map<String, Object> negative = record(id(), s.id(), "vm-b1s-linux", "-1", at);
        Map<String, Object> tooPrecise = record(id(), s.id(), "vm-b1s-linux", "1.0000001", at);
        Map<String, Object> unknownMeter = record(id(), s.id(), "no-such-meter", "1", at);
        Map<String, Object> unknownSubscription = record(id(), UUID.randomUUID(), "vm-b1s-linux", "1", at);
        Map<String, Object> badId = record("has space", s.id(), "vm-b1s-linux", "1", at);
        Map<String, Object> extraField = record(id(), s.id(), "vm-b1s-linux", "1", at);
        extraField.put("quantiti", "2");
        Map<String, Object> good = record(id(), s.id(), "vm-b1s-linux", "1.000001", at);
        post(batch(negative, tooPrecise, unknownMeter, unknownSubscription, badId, extraField, "not an object", good))
                .statusCode(202).body("accepted", equalTo(1)).body("rejected", hasSize(7))
                .body("rejected.index", equalTo(List.of(0, 1, 2, 3, 4, 5, 6)))
                .body("rejected[1].problem.type", equalTo("https://opencredit.io/problems/M1-too-many-fraction-digits"))
                .body("rejected[2].problem.type", equalTo("https://opencredit.io/problems/unknown-meter"))
                .body("rejected[3].problem.status", equalTo(404))
                .body("rejected[5].problem.type", equalTo("https://opencredit.io/problems/unknown-field"));
    }

    @Test
    void S3_usage_of_a_deprovisioned_subscription_is_refused() {
        var s = usd();
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(s.id(), new SubscriptionDeprovisioned(clock.now()),
                Producers.LEDGER, null, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find(s.id()).orElseThrow().deprovisioned());
        post(batch(record(id(), s.id(), "vm-b1s-linux", "1", clock.now()))).statusCode(202).body("accepted", equalTo(0))
                .body("rejected[0].problem.type", equalTo("https://opencredit.io/problems/S3-subscription-deprovisioned"));
    }

    @Test
    void empty_and_oversize_batches_are_refused_whole() {
        given().header("Authorization", TestTokens.bearer(TestTokens.meter())).contentType(ContentType.JSON).body(Map.of("records", List.of()))
                .when().post("/api/v1/usage").then().statusCode(400).contentType("application/problem+json");
        var s = usd();
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            records.add(record("r" + i, s.id(), "vm-b1s-linux", "1", clock.now()));
        }
        post(Map.of("records", records)).statusCode(413).contentType("application/problem+json");
        post("{\"records\": [").statusCode(400);
        post(Map.of("records", List.of(), "extra", 1)).statusCode(400);
    }

    @Test
    void only_meters_publish_usage() {
        var s = usd();
        given().header("Authorization", TestTokens.bearer(TestTokens.customer(s.owner()))).contentType(ContentType.JSON)
                .body(batch(record(id(), s.id(), "vm-b1s-linux", "1", clock.now())))
                .when().post("/api/v1/usage").then().statusCode(403);
        given().contentType(ContentType.JSON).body(batch(record(id(), s.id(), "vm-b1s-linux", "1", clock.now())))
                .when().post("/api/v1/usage").then().statusCode(401);
    }

    @Test
    void M1_quantities_may_be_json_numbers_and_are_read_exactly() {
        var s = usd();
        Map<String, Object> record = record(id(), s.id(), "vm-d2s-v5-linux", "0", clock.now());
        record.put("quantity", new BigDecimal("0.1"));
        post(batch(record)).statusCode(202).body("accepted", equalTo(1));
        UsageRecorded usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty()), UsageRecorded.class).get(0);
        assertThat(usage.amount()).isEqualTo(Money.of("0.0096", "USD"));
    }

    @Test
    void metrics_count_committed_usage_records_by_outcome() {
        var s = usd();
        double accepted = usageRecords("accepted");
        double duplicates = usageRecords("duplicate");
        Map<String, Object> record = record(id(), s.id(), "storage-blob-hot-lrs", "2", clock.now().minusSeconds(30));
        post(batch(record)).statusCode(202).body("accepted", equalTo(1));
        post(batch(record)).statusCode(202).body("duplicates", equalTo(1));
        assertThat(usageRecords("accepted")).isEqualTo(accepted + 1);
        assertThat(usageRecords("duplicate")).isEqualTo(duplicates + 1);
    }

    private static double usageRecords(String outcome) {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("opencredit_usage_records_total{") && line.contains("outcome=\"" + outcome + "\""))
                // the value follows the labels; an exemplar (trace and span of the last increment) may follow it
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]))
                .sum();
    }
}
