package io.opencredit.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4 and O8 on the runtime's probe service with every loop running (relay, consumers, clock follower,
 * scheduled purge) on a real broker and PostgreSQL: an {@code Error} in a loop is survived and loses nothing;
 * a handler failure that lasts is retried, not dead-lettered; a refused record is dead-lettered at once.
 */
@QuarkusTest
@TestProfile(SupervisedLoopsIT.AllLoops.class)
class SupervisedLoopsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBE_CONSUMER = "consumer:runtime-probe.probe";
    private static final String GATED_CONSUMER = "consumer:runtime-probe.gated";

    /** The relay runs on its own here (the other tests drive it by hand), and the clock is followed. */
    public static class AllLoops implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.outbox.relay-enabled", "true",
                    "opencredit.unsafe-dev-mode", "true",
                    "opencredit.clock.adjustable", "true",
                    "opencredit.clock.catch-up-timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RealInfrastructure.class, Map.of(RealInfrastructure.DATABASE, "runtime")));
        }
    }

    @Inject
    Supervisor supervisor;

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private static EventEnvelope anEvent(String addedBy) {
        return EventEnvelope.of(UUID.randomUUID(), new CoAdministratorAdded("admin@example.com", addedBy),
                "runtime-probe", null, Instant.now());
    }

    @Test
    void O4_every_background_loop_is_supervised_listed_for_operators_and_live() {
        await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.loops().stream()
                .filter(loop -> !loop.name().endsWith("-purge")).allMatch(Loop::isRunning));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/ops/loops").then().statusCode(200)
                .body("name", hasItems("outbox-relay", PROBE_CONSUMER, GATED_CONSUMER, "clock-follower", "idempotency-purge"))
                .body("find { it.name == 'outbox-relay' }.running", equalTo(true))
                .body("find { it.name == 'outbox-relay' }.restarts", equalTo(0));
        given().auth().oauth2(TestTokens.customer("c@example.com")).when().get("/api/v1/ops/loops").then().statusCode(403);
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'opencredit-loops' }.status", equalTo("UP"));
    }

    @Test
    void O4_an_error_in_the_outbox_relay_is_survived_and_the_accepted_event_is_still_published_and_applied() {
        Loop relay = supervisor.find("outbox-relay").orElseThrow();
        long before = relay.restarts();
        given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ops/loops/outbox-relay/inject-error")
                .then().statusCode(202);
        EventEnvelope event = anEvent("reseller@example.com");
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, event));

        await().atMost(Duration.ofSeconds(30)).until(() -> relay.restarts() == before + 1 && relay.isRunning());
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(event.eventId()) == 1);
        assertThat(outboxRows()).isZero();
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/ops/loops").then().statusCode(200)
                .body("find { it.name == 'outbox-relay' }.restarts", equalTo((int) before + 1));
    }

    @Test
    void O4_an_error_in_a_consumer_loop_is_survived_and_the_event_is_applied_exactly_once() {
        Loop consumer = supervisor.find(PROBE_CONSUMER).orElseThrow();
        long before = consumer.restarts();
        EventEnvelope first = anEvent("reseller@example.com");
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, first));
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(first.eventId()) == 1);

        supervisor.injectError(PROBE_CONSUMER);
        EventEnvelope second = new EventEnvelope(UUID.randomUUID(), first.type(), first.version(), first.subscriptionId(),
                Instant.now(), first.producer(), null, first.payload());
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, second));

        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.restarts() == before + 1 && consumer.isRunning());
        await().atMost(Duration.ofSeconds(60)).until(() -> applications(second.eventId()) == 1);
        assertThat(applications(first.eventId())).isEqualTo(1);
        assertThat(applications(second.eventId())).isEqualTo(1);
    }

    @Test
    void O4_an_error_in_the_clock_follower_is_survived() {
        Loop follower = supervisor.find("clock-follower").orElseThrow();
        long before = follower.restarts();
        supervisor.injectError("clock-follower");
        await().atMost(Duration.ofSeconds(30)).until(() -> follower.restarts() == before + 1 && follower.isRunning());
        assertThat(supervisor.problems()).isEmpty();
    }

    @Test
    void O4_injecting_into_an_unknown_loop_is_a_404_problem_and_customers_may_not() {
        given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ops/loops/no-such-loop/inject-error")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
        given().auth().oauth2(TestTokens.customer("c@example.com")).when().post("/api/v1/ops/loops/outbox-relay/inject-error")
                .then().statusCode(403);
    }

    /**
     * The handler's table is locked for 6 s, longer than the old retry budget (three attempts of the batch and three
     * of the record, about 2.5 s, after which the record was dead-lettered and passed): the event waits, then applies.
     */
    @Test
    void O8_a_handler_failure_that_lasts_is_retried_until_it_passes_and_never_dead_lettered() throws Exception {
        Loop consumer = supervisor.find(GATED_CONSUMER).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(consumer::isRunning);
        EventEnvelope event = anEvent("reseller@example.com");
        double retriesBefore = retries();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE probe_applied IN ACCESS EXCLUSIVE MODE");
            }
            KafkaTestSupport.produce(GatedProbeHandler.TOPIC, event);
            Thread.sleep(6_000);
            assertThat(consumer.isRunning()).isTrue();
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> applications(event.eventId()) == 1);
        assertThat(retries()).as("it failed and was tried again, more than once").isGreaterThan(retriesBefore + 1);
        // a later record of the same key is applied after it: the position moved past the event, not around it
        EventEnvelope marker = anEvent("reseller@example.com");
        marker = new EventEnvelope(marker.eventId(), marker.type(), marker.version(), event.subscriptionId(), marker.occurredAt(),
                marker.producer(), null, marker.payload());
        KafkaTestSupport.produce(GatedProbeHandler.TOPIC, marker);
        UUID markerId = marker.eventId();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(markerId) == 1);
        assertThat(deadLettered(event.key())).as("not in the .dlq").isEmpty();
    }

    @Test
    void O8_a_record_refused_by_a_rule_is_dead_lettered_at_once_and_the_next_one_applied() {
        EventEnvelope refused = anEvent(GatedProbeHandler.REFUSE);
        EventEnvelope next = new EventEnvelope(UUID.randomUUID(), refused.type(), refused.version(), refused.subscriptionId(),
                Instant.now(), refused.producer(), null, new CoAdministratorAdded("reseller@example.com", "next@example.com"));
        long started = System.nanoTime();
        KafkaTestSupport.produce(GatedProbeHandler.TOPIC, refused, next);
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(next.eventId()) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held up by retries").isLessThan(Duration.ofSeconds(20));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecordsUntil(Topics.dlq(GatedProbeHandler.TOPIC),
                records -> records.stream().anyMatch(r -> refused.key().equals(KafkaTestSupport.key(r))), Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> record = dead.stream().filter(r -> refused.key().equals(KafkaTestSupport.key(r))).findFirst().orElseThrow();
        assertThat(EventCodec.decode(record.value()).eventId()).isEqualTo(refused.eventId());
        assertThat(KafkaTestSupport.header(record, DeadLetters.REASON)).startsWith("can never be applied");
        assertThat(applications(refused.eventId())).isZero();
    }

    private double retries() {
        var counter = registry.find("opencredit.events.retries").tag("consumer", "runtime-probe.gated").counter();
        return counter == null ? 0 : counter.count();
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLettered(String key) {
        return KafkaTestSupport.readRecords(Topics.dlq(GatedProbeHandler.TOPIC)).stream()
                .filter(r -> key.equals(KafkaTestSupport.key(r)))
                .toList();
    }

    private long applications(UUID eventId) {
        return count("SELECT count(*) FROM probe_applied WHERE event_id = ?", eventId);
    }

    private long outboxRows() {
        return count("SELECT count(*) FROM oc_outbox", null);
    }

    private long count(String sql, UUID parameter) {
        return ProbeTables.count(dataSource, sql, parameter);
    }
}
