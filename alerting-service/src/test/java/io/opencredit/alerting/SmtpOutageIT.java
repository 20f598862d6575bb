package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.header;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.mailTo;
import static io.opencredit.alerting.Fixtures.notifications;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A4: an SMTP outage delays mail but loses none and duplicates none. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class SmtpOutageIT {

    @Test
    void A4_with_the_smtp_server_down_events_keep_arriving_and_after_it_returns_every_email_arrives_exactly_once() {
        String admin = unique("outage-admin", "example.com");
        String reseller = unique("outage-reseller", "example.com");
        UUID subscription = Fixtures.subscription("Tailspin", "DE", "en", "EUR", admin, reseller);
        UUID token = UUID.randomUUID();
        Instant at = Instant.now();
        List<EventEnvelope> alerts = List.of(
                ledgerEvent(subscription, new TokenBalanceLow(token, Money.of("93", "EUR"), Money.of("27.9", "EUR"), 30)),
                ledgerEvent(subscription, new TokenExpired(token, Money.of("27.9", "EUR"), at)),
                ledgerEvent(subscription, new SubscriptionSuspended(at, Money.zero("EUR"), at.plus(Duration.ofDays(90)))));

        RealInfrastructure.stopSmtp();
        try {
            for (EventEnvelope alert : alerts) {
                publish(alert);
            }
            // every event was consumed and its deliveries recorded; the sender keeps trying and failing
            // (after a connection failure the rest of a batch is put back untried, so attempts count per row tried)
            await().atMost(Fixtures.PATIENCE).until(() -> {
                JsonPath listed = notifications(subscription, admin);
                return listed.getList("status").size() == 6
                        && listed.getList("attempts", Integer.class).stream().anyMatch(a -> a >= 2);
            });
            assertThat(notifications(subscription, admin).getList("status", String.class)).doesNotContain("SENT");
        } finally {
            RealInfrastructure.startSmtp();
        }

        await().atMost(Fixtures.PATIENCE).until(() -> notifications(subscription, admin).getList("status", String.class)
                .stream().allMatch("SENT"::equals));
        Sleep.quietly(Duration.ofSeconds(3));
        for (String recipient : List.of(admin, reseller)) {
            assertThat(mailTo(recipient)).extracting(m -> header(m, "X-OpenCredit-Event-Id"))
                    .containsExactlyInAnyOrderElementsOf(alerts.stream().map(e -> e.eventId().toString()).toList());
            assertThat(mailTo(recipient)).extracting(m -> header(m, "Message-ID")).doesNotHaveDuplicates();
        }
    }
}
