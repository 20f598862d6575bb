package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consistency.ConsistencyToken;
import io.opencredit.runtime.consistency.Frontier;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SPEC R1 and R2 at the ledger, with events published as the other services' relays publish them (with their
 * {@code opencredit.frontier} header): a read with a token waits for what it names and says 503 past the bound; the
 * ledger's own events carry what caused them; an unknown subscription is 404 only once the view caught up.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class ReadYourWritesLedgerIT {

    @Inject
    SuiteClock clock;

    private static String token(UUID subscription, Frontier frontier) {
        return new ConsistencyToken(Map.of(subscription, frontier)).toString();
    }

    private static void publish(String topic, io.opencredit.events.EventEnvelope event, Frontier frontier) {
        KafkaTestSupport.produce(topic, event, Map.of(OutboxRelay.FRONTIER_HEADER, frontier.toString()));
    }

    @Test
    void R2_a_balance_read_with_a_usage_token_includes_that_usage_and_past_the_bound_is_503() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        String bearer = TestTokens.bearer(TestTokens.customer(owner));
        Instant now = clock.now();
        publish(Topics.ACTIVATION_EVENTS, created(id, owner, now), new Frontier(1, 0, 0, 0));
        publish(Topics.ACTIVATION_EVENTS, credit(id, UUID.randomUUID(), "100.00", now), new Frontier(2, 0, 0, 0));

        // the activation's token: the read waits until both events are applied, then holds the credit
        Response afterActivation = given().header("Authorization", bearer)
                .header(ConsistencyToken.HEADER, token(id, new Frontier(2, 0, 0, 0)))
                .get("/api/v1/subscriptions/{id}/balance", id).andReturn();
        assertThat(afterActivation.statusCode()).as(afterActivation.asString()).isEqualTo(200);
        assertThat(new BigDecimal(afterActivation.jsonPath().getString("remaining"))).isEqualByComparingTo("100");

        // usage counted 7 by the gateway, sent after the read began: the read waits for it
        Thread late = new Thread(() -> {
            sleep(300);
            publish(Topics.BILLING_EVENTS, usage(id, "u-" + id, "30.00", now), new Frontier(2, 7, 0, 0));
        });
        late.start();
        Response afterUsage = given().header("Authorization", bearer)
                .header(ConsistencyToken.HEADER, token(id, new Frontier(2, 7, 0, 0)))
                .get("/api/v1/subscriptions/{id}/balance", id).andReturn();
        assertThat(afterUsage.statusCode()).as(afterUsage.asString()).isEqualTo(200);
        assertThat(new BigDecimal(afterUsage.jsonPath().getString("remaining"))).isEqualByComparingTo("70");

        // the ledger's own events say what they reflect: the usage's count reaches the services behind the ledger
        List<ConsumerRecord<byte[], byte[]>> ledgerRecords = KafkaTestSupport.readRecordsUntil(Topics.LEDGER_EVENTS,
                records -> records.stream().anyMatch(r -> id.toString().equals(KafkaTestSupport.key(r))
                        && frontierOf(r) != null && frontierOf(r).billing() == 7), Duration.ofSeconds(30));
        Frontier stamped = ledgerRecords.stream().filter(r -> id.toString().equals(KafkaTestSupport.key(r)))
                .map(ReadYourWritesLedgerIT::frontierOf).filter(f -> f != null && f.billing() == 7).findFirst().orElseThrow();
        assertThat(stamped.activation()).isEqualTo(2);
        assertThat(stamped.ledger()).isPositive();

        // a write that was never made: 503 with Retry-After once the bound (5 s) has passed, nothing changed
        long start = System.nanoTime();
        Response never = given().header("Authorization", bearer)
                .header(ConsistencyToken.HEADER, token(id, new Frontier(2, 8, 0, 0)))
                .get("/api/v1/subscriptions/{id}/balance", id).andReturn();
        assertThat(never.statusCode()).isEqualTo(503);
        assertThat(never.header("Retry-After")).isEqualTo("1");
        assertThat(never.asString()).contains("not-yet-consistent");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void R2_writes_answer_a_token_and_a_malformed_token_is_400() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        String bearer = TestTokens.bearer(TestTokens.customer(owner));
        publish(Topics.ACTIVATION_EVENTS, created(id, owner, clock.now()), new Frontier(1, 0, 0, 0));

        Response put = given().header("Authorization", bearer).contentType("application/json")
                .body("{\"threshold\":\"12.50\",\"recipients\":[\"finance@example.com\"]}")
                .put("/api/v1/subscriptions/{id}/alerts/{n}", id, 1).andReturn();
        assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
        ConsistencyToken answered = ConsistencyToken.parse(put.header(ConsistencyToken.HEADER));
        assertThat(answered.frontiers()).containsKey(id);
        assertThat(answered.frontiers().get(id).activation()).isEqualTo(1);
        given().header("Authorization", bearer).header(ConsistencyToken.HEADER, answered.toString())
                .get("/api/v1/subscriptions/{id}/alerts/{n}", id, 1).then().statusCode(200);

        Response malformed = given().header("Authorization", bearer).header(ConsistencyToken.HEADER, "yesterday, please")
                .get("/api/v1/subscriptions/{id}/balance", id).andReturn();
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.asString()).contains("consistency-token-malformed");
    }

    @Test
    void R1_a_subscription_created_a_moment_ago_is_found_and_one_that_never_existed_is_404_within_the_bound() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        String bearer = TestTokens.bearer(TestTokens.customer(owner));
        Thread late = new Thread(() -> {
            sleep(200);
            publish(Topics.ACTIVATION_EVENTS, created(id, owner, clock.now()), new Frontier(1, 0, 0, 0));
        });
        late.start();
        // asked before the event was even published: the catch-up finds it
        given().header("Authorization", bearer).get("/api/v1/subscriptions/{id}/balance", id).then().statusCode(200);

        UUID never = UUID.randomUUID();
        long start = System.nanoTime();
        given().header("Authorization", bearer).get("/api/v1/subscriptions/{id}/balance", never).then().statusCode(404);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofMillis(2500));
    }

    private static Frontier frontierOf(ConsumerRecord<byte[], byte[]> record) {
        var header = record.headers().lastHeader(OutboxRelay.FRONTIER_HEADER);
        return header == null ? null : Frontier.parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
