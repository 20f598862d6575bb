package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.header;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.mailTo;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 on a real broker, PostgreSQL and SMTP server: the mail sender is woken by the commit that recorded a
 * delivery. Its poll is two minutes here, so an email accepted within the usual wait was sent because it was woken.
 */
@QuarkusTest
@TestProfile(MailSenderWakeupIT.SlowPoll.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class MailSenderWakeupIT {

    public static class SlowPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.alerting.sender.poll", "120s");
        }
    }

    @Test
    void issue20_a_recorded_delivery_wakes_the_idle_mail_sender() throws InterruptedException {
        String admin = unique("wake", "example.com");
        UUID subscription = Fixtures.subscription("Woken AS", "NO", "en", "USD", admin);
        Thread.sleep(1_000); // the sender's first look is over: from now on it waits out its poll unless woken

        EventEnvelope low = ledgerEvent(subscription, new TokenBalanceLow(UUID.randomUUID(), Money.of("100", "USD"),
                Money.of("25", "USD"), 30));
        publish(low);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> !mailTo(admin).isEmpty());
        List<MimeMessage> mail = mailTo(admin);
        assertThat(mail).singleElement().satisfies(m ->
                assertThat(header(m, "X-OpenCredit-Event-Id")).isEqualTo(low.eventId().toString()));
    }
}
