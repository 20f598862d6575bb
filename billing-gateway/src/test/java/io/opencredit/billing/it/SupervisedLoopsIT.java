package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4 and O8 in the gateway: an {@code Error} in each of its loops is survived and no usage record it was given
 * is lost; the usage intake waits for a database that is away instead of dead-lettering what it cannot store.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class SupervisedLoopsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Supervisor supervisor;

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Test
    void O4_an_error_in_every_loop_of_the_gateway_is_survived_and_no_usage_record_is_lost() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        List<Loop> loops = supervisor.loops().stream().filter(loop -> !loop.name().endsWith("-purge")).toList();
        assertThat(loops).extracting(Loop::name)
                .contains("outbox-relay", "usage-intake", "consumer:billing-gateway.subscription-view");
        assertThat(supervisor.loops()).extracting(Loop::name).contains("usage-intake-purge", "idempotency-purge");
        await().atMost(Duration.ofSeconds(30)).until(() -> loops.stream().allMatch(Loop::isRunning));

        Map<String, Long> before = new HashMap<>();
        for (Loop loop : loops) {
            before.put(loop.name(), loop.restarts());
            supervisor.injectError(loop.name());
        }
        String usageId = "o4-" + UUID.randomUUID();
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(),
                JSON.writeValueAsBytes(record(usageId, s.id(), "vm-b1s-linux", "2", clock.now())));

        await().atMost(Duration.ofSeconds(60)).until(() -> loops.stream()
                .allMatch(loop -> loop.restarts() == before.get(loop.name()) + 1 && loop.isRunning()));
        // every consumer of this instance restarted at once: their groups rebalance before the record flows again
        List<UsageRecorded> usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty(), Duration.ofSeconds(90)),
                UsageRecorded.class);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(usageId);
        assertThat(supervisor.problems()).isEmpty();
    }

    /**
     * PostgreSQL is stopped for 8 s, longer than the old retry budget (about a second, then the consumer started
     * again and again): the record is stored and published once the database is back, and never dead-lettered.
     */
    @Test
    void O8_the_usage_intake_waits_for_a_database_that_is_away_and_dead_letters_nothing() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        String usageId = "o8-" + UUID.randomUUID();
        byte[] value = JSON.writeValueAsBytes(record(usageId, s.id(), "vm-b1s-linux", "3", clock.now()));
        RealInfrastructure.stopPostgres();
        try {
            KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), value);
            Thread.sleep(8_000);
        } finally {
            RealInfrastructure.startPostgres();
        }
        List<UsageRecorded> usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty()), UsageRecorded.class);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(usageId);
        assertThat(KafkaTestSupport.readRecords(Topics.dlq(Topics.USAGE_INTAKE)))
                .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(usageId));
    }
}
