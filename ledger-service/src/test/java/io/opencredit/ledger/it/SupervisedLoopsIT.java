package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.billing;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.opencredit.ledger.it.LedgerTestEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4 in the ledger: an {@code Error} in each of its loops (consumer, outbox relay, clock follower, due-time
 * scheduler) is survived, and the events it was given are folded and published exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class SupervisedLoopsIT {

    @Inject
    Supervisor supervisor;

    @Inject
    SuiteClock clock;

    @Test
    void O4_an_error_in_every_loop_of_the_ledger_is_survived_and_every_event_is_folded_once() {
        List<Loop> loops = supervisor.loops().stream().filter(loop -> !loop.name().endsWith("-purge")).toList();
        assertThat(loops).extracting(Loop::name).contains("outbox-relay", "clock-follower", "due-time-scheduler")
                .anyMatch(name -> name.startsWith("consumer:ledger-service.ledger")); // one per opencredit.consumer.concurrency
        await().atMost(Duration.ofSeconds(30)).until(() -> loops.stream().allMatch(Loop::isRunning));

        UUID id = UUID.randomUUID();
        UUID token = UUID.randomUUID();
        Instant now = clock.now();
        activation(created(id, "owner-" + id.toString().substring(0, 8) + "@example.com", now),
                credit(id, token, "100", now.minus(Duration.ofDays(1))));
        ledgerEventsUntil(id, e -> !e.isEmpty());

        Map<String, Long> before = new HashMap<>();
        for (Loop loop : loops) {
            before.put(loop.name(), loop.restarts());
            supervisor.injectError(loop.name());
        }
        billing(usage(id, "o4-" + UUID.randomUUID(), "30", now));

        await().atMost(Duration.ofSeconds(60)).until(() -> loops.stream()
                .allMatch(loop -> loop.restarts() == before.get(loop.name()) + 1 && loop.isRunning()));
        List<EventEnvelope> events = ledgerEventsUntil(id, e -> count(e, CreditConsumed.class) >= 1);
        assertThat(count(events, CreditConsumed.class)).as("folded and published once").isEqualTo(1);
        assertThat(supervisor.problems()).isEmpty();
    }
}
