package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.billing;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.opencredit.ledger.it.LedgerTestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditConsumed;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** F2 (bitemporal balance, both times in the statement) and the statement's cursor paging, on real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class BitemporalIT {

    @Inject
    SuiteClock clock;

    @Inject
    EventStore store;

    private record Subscription(UUID id, String token) {
    }

    private Subscription open() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        activation(created(id, owner, clock.now()));
        return new Subscription(id, TestTokens.bearer(TestTokens.customer(owner)));
    }

    private JsonPath balance(Subscription s, Instant asOf, Instant knownAt) {
        var request = given().header("Authorization", s.token);
        if (asOf != null) {
            request.queryParam("asOf", asOf.toString());
        }
        if (knownAt != null) {
            request.queryParam("knownAt", knownAt.toString());
        }
        return request.get("/api/v1/subscriptions/{id}/balance", s.id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void F2_a_late_usage_counts_as_of_its_usage_time_only_known_at_or_after_its_arrival() throws InterruptedException {
        Subscription s = open();
        Instant activated = clock.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MICROS);
        activation(credit(s.id, UUID.randomUUID(), "100", activated));
        ledgerEventsUntil(s.id, e -> count(e, BalanceChanged.class) >= 1);
        Thread.sleep(20);
        Instant beforeArrival = clock.now();
        Thread.sleep(20);
        Instant usedAt = clock.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        billing(usage(s.id, "late-1", "40", usedAt)); // used an hour ago, arrives now
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == 1);

        Instant halfAnHourAgo = clock.now().minus(Duration.ofMinutes(30));
        assertThat(balance(s, halfAnHourAgo, beforeArrival).getString("remaining")).as("known before it arrived").isEqualTo("100.00");
        JsonPath known = balance(s, halfAnHourAgo, null);
        assertThat(known.getString("remaining")).as("known now (the default)").isEqualTo("60.00");
        assertThat(known.getString("knownAt")).isNotNull();
        assertThat(balance(s, usedAt.minusSeconds(60), null).getString("remaining")).as("as of before it was used").isEqualTo("100.00");
        assertThat(balance(s, null, beforeArrival).getString("remaining")).as("as of now, known before it arrived").isEqualTo("100.00");
        assertThat(balance(s, null, null).getString("remaining")).isEqualTo("60.00");

        // the statement shows both times: the usage took effect when used, the ledger recorded it on arrival
        List<Map<String, Object>> entries = given().header("Authorization", s.token).get("/api/v1/subscriptions/{id}/statement", s.id)
                .then().statusCode(200).body("next", nullValue()).extract().jsonPath().getList("entries");
        Map<String, Object> used = entries.stream().filter(e -> "UsageRecorded".equals(e.get("type"))).findFirst().orElseThrow();
        assertThat(Instant.parse((String) used.get("effectiveAt"))).isEqualTo(usedAt);
        assertThat(Instant.parse((String) used.get("recordedAt"))).isAfter(beforeArrival);
        Map<String, Object> credited = entries.stream().filter(e -> "CreditAdded".equals(e.get("type"))).findFirst().orElseThrow();
        assertThat(Instant.parse((String) credited.get("effectiveAt"))).isEqualTo(activated);
        assertThat(Instant.parse((String) credited.get("recordedAt"))).isBefore(beforeArrival);

        given().header("Authorization", s.token).queryParam("knownAt", "last tuesday").get("/api/v1/subscriptions/{id}/balance", s.id)
                .then().statusCode(400).contentType(containsString("problem+json")).body("detail", containsString("knownAt"));
        given().header("Authorization", s.token).queryParam("knownAt", clock.now().plus(Duration.ofDays(1)).toString())
                .get("/api/v1/subscriptions/{id}/balance", s.id)
                .then().statusCode(422).contentType(containsString("problem+json")).body("detail", containsString("knownAt"));
    }

    @Test
    void the_statement_is_paged_oldest_first_by_an_opaque_cursor_until_next_is_null() {
        Subscription s = open();
        activation(credit(s.id, UUID.randomUUID(), "100", clock.now()));
        for (int i = 0; i < 7; i++) {
            billing(usage(s.id, "paged-" + i, "1", clock.now()));
        }
        ledgerEventsUntil(s.id, e -> count(e, CreditConsumed.class) == 7);
        List<Integer> all = given().header("Authorization", s.token).queryParam("limit", "1000")
                .get("/api/v1/subscriptions/{id}/statement", s.id).then().statusCode(200).body("next", nullValue())
                .extract().jsonPath().getList("entries.sequence", Integer.class);
        assertThat(all).hasSizeGreaterThan(15).isSorted();

        List<Integer> paged = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", s.token).queryParam("limit", "4");
            if (next != null) {
                request.queryParam("after", next);
            }
            JsonPath page = request.get("/api/v1/subscriptions/{id}/statement", s.id).then().statusCode(200)
                    .body("subscriptionId", equalTo(s.id.toString())).extract().jsonPath();
            List<Integer> sequences = page.getList("entries.sequence", Integer.class);
            assertThat(sequences).hasSizeLessThanOrEqualTo(4);
            paged.addAll(sequences);
            next = page.getString("next");
            pages++;
        } while (next != null);
        assertThat(paged).as("every entry once, in order").isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 3) / 4);

        for (String limit : List.of("0", "1001", "many")) {
            given().header("Authorization", s.token).queryParam("limit", limit).get("/api/v1/subscriptions/{id}/statement", s.id)
                    .then().statusCode(400).contentType(containsString("problem+json")).body("detail", containsString("limit"));
        }
        for (String cursor : List.of("not-a-cursor!", "di94", "eA")) {
            given().header("Authorization", s.token).queryParam("after", cursor).get("/api/v1/subscriptions/{id}/statement", s.id)
                    .then().statusCode(400).contentType(containsString("problem+json")).body("detail", containsString("after"));
        }
    }

    /**
     * F2 and paging on a long stream (40,042 entries in 41 commits, written straight through the event store): the
     * as-of answer and a deep statement page are read a commit at a time, and are right. Prints the read times. Most
     * usage records cost nothing, so the stream publishes only about 80 events (a flood of ledger.events would slow
     * the other tests that read that topic).
     */
    @Test
    void F2_a_long_stream_answers_as_of_and_a_deep_statement_page_reading_commit_by_commit() {
        UUID id = UUID.randomUUID();
        String owner = "long-" + id.toString().substring(0, 8) + "@example.com";
        int usages = 40_000;
        int perCommit = 1000;
        Instant t0 = clock.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        SubscriptionLedger state = new SubscriptionLedger(id);
        for (int commit = 0; commit <= usages / perCommit; commit++) {
            List<LedgerPayload> inputs = new ArrayList<>();
            if (commit == 0) {
                inputs.add(LedgerPayload.of(created(id, owner, t0).payload()));
                inputs.add(LedgerPayload.of(credit(id, UUID.randomUUID(), "1000000", t0).payload()));
            } else {
                for (int i = (commit - 1) * perCommit + 1; i <= commit * perCommit; i++) {
                    String amount = i % perCommit == 0 ? "1000" : "0"; // one costly usage record per commit
                    inputs.add(LedgerPayload.of(usage(id, "long-" + i, amount, t0.plusSeconds(10L * i)).payload()));
                }
            }
            Instant now = t0.plusSeconds(10L * commit * perCommit + 1);
            LedgerFold.Result result = LedgerFold.fold(state, inputs, now);
            long expected = state.version();
            List<EventStore.Caused> facts = result.facts().stream().map(f -> new EventStore.Caused(f, null)).toList();
            QuarkusTransaction.requiringNew().run(() -> {
                store.lock(List.of(id), true);
                store.commit(List.of(new EventStore.Change(result.state(), expected, facts)), now);
            });
            state = result.state();
            state.forgetAppliedUsage();
        }
        Subscription s = new Subscription(id, TestTokens.bearer(TestTokens.customer(owner)));
        long entries = state.version();
        assertThat(entries).isEqualTo(2 + usages + usages / perCommit);

        Instant middle = t0.plusSeconds(10L * usages / 2);
        List<Long> asOfMillis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThat(balance(s, middle, null).getString("remaining")).isEqualTo("980000.00");
            asOfMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        assertThat(balance(s, middle, t0.plusSeconds(10L * perCommit * 4 + 1)).getString("remaining"))
                .as("known after four commits of usage").isEqualTo("996000.00");
        String deep = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v/" + (entries - 600)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Long> pageMillis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            JsonPath page = given().header("Authorization", s.token).queryParam("after", deep)
                    .get("/api/v1/subscriptions/{id}/statement", s.id).then().statusCode(200).extract().jsonPath();
            pageMillis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(page.getList("entries.sequence", Long.class)).hasSize(500).first().isEqualTo(entries - 599);
            assertThat(page.getString("next")).isNotNull();
        }
        List<Long> liveMillis = new ArrayList<>(); // the live balance (projection rows), for scale on this machine
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            balance(s, null, null);
            liveMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        java.util.Collections.sort(asOfMillis);
        java.util.Collections.sort(pageMillis);
        java.util.Collections.sort(liveMillis);
        System.out.printf("F2 LONG STREAM: %d entries in %d commits; balance asOf the middle, known now: median %d ms (max %d);"
                + " statement page of 500 after version %d: median %d ms (max %d); live balance median %d ms; load average %.1f%n",
                entries, usages / perCommit + 1, asOfMillis.get(2), asOfMillis.get(4), entries - 600, pageMillis.get(2),
                pageMillis.get(4), liveMillis.get(2), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
