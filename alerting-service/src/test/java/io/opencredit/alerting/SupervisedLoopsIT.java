package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.awaitMail;
import static io.opencredit.alerting.Fixtures.header;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4 in alerting: an {@code Error} in each of its loops (both consumers, the mail sender, the outbox relay) is
 * survived, and the alert it was given is mailed exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class SupervisedLoopsIT {

    @Inject
    Supervisor supervisor;

    @Test
    void O4_an_error_in_every_loop_of_alerting_is_survived_and_the_alert_is_mailed_once() {
        List<Loop> loops = supervisor.loops().stream().filter(loop -> !loop.name().endsWith("-purge")).toList();
        assertThat(loops).extracting(Loop::name).contains("outbox-relay", "consumer:alerting-service.directory",
                "consumer:alerting-service.alerts", "mail-sender");
        await().atMost(Duration.ofSeconds(30)).until(() -> loops.stream().allMatch(Loop::isRunning));
        String admin = unique("o4", "example.com");
        UUID subscription = Fixtures.subscription("Supervised AS", "NO", "en", "USD", admin);

        Map<String, Long> before = new HashMap<>();
        for (Loop loop : loops) {
            before.put(loop.name(), loop.restarts());
            supervisor.injectError(loop.name());
        }
        EventEnvelope low = ledgerEvent(subscription, new TokenBalanceLow(UUID.randomUUID(), Money.of("100", "USD"),
                Money.of("25", "USD"), 30));
        publish(low);

        await().atMost(Duration.ofSeconds(60)).until(() -> loops.stream()
                .allMatch(loop -> loop.restarts() == before.get(loop.name()) + 1 && loop.isRunning()));
        List<MimeMessage> mail = awaitMail(admin, 1);
        assertThat(mail).singleElement().satisfies(m ->
                assertThat(header(m, "X-OpenCredit-Event-Id")).isEqualTo(low.eventId().toString()));
        assertThat(supervisor.problems()).isEmpty();
    }
}
