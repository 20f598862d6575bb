package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4 in activation: an {@code Error} in each of its loops (outbox relay, ledger-view consumer) is survived, and
 * an activation it answered 201 for is still published.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class SupervisedLoopsIT {

    @Inject
    Supervisor supervisor;

    @Test
    void O4_an_error_in_every_loop_of_activation_is_survived_and_an_accepted_activation_is_published() {
        List<Loop> loops = supervisor.loops().stream().filter(loop -> !loop.name().endsWith("-purge")).toList();
        assertThat(loops).extracting(Loop::name).contains("outbox-relay", "consumer:activation-service.ledger-view");
        assertThat(supervisor.loops()).extracting(Loop::name).contains("idempotency-purge");
        await().atMost(Duration.ofSeconds(30)).until(() -> loops.stream().allMatch(Loop::isRunning));

        Map<String, Long> before = new HashMap<>();
        for (Loop loop : loops) {
            before.put(loop.name(), loop.restarts());
            supervisor.injectError(loop.name());
        }
        String subscription = newSubscriptionFor(newEmail("o4"), "USD", LocalDate.now(ZoneOffset.UTC));

        await().atMost(Duration.ofSeconds(60)).until(() -> loops.stream()
                .allMatch(loop -> loop.restarts() == before.get(loop.name()) + 1 && loop.isRunning()));
        List<EventEnvelope> events = KafkaTestSupport.readEventsUntil(Topics.ACTIVATION_EVENTS,
                all -> all.stream().anyMatch(e -> subscription.equals(String.valueOf(e.subscriptionId()))), Duration.ofSeconds(60));
        assertThat(events).anyMatch(e -> subscription.equals(String.valueOf(e.subscriptionId())));
        assertThat(supervisor.problems()).isEmpty();
    }
}
