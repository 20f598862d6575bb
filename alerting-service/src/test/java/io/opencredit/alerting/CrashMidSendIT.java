package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.mailTo;
import static io.opencredit.alerting.Fixtures.notifications;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A4, the at-most-once window: a delivery left SENDING by a sender that died mid-send (its lease ran
 * out) may have been accepted by the SMTP server, so it is marked UNCERTAIN and never resent.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class CrashMidSendIT {

    @Inject
    DeliveryLog log;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void A4_a_delivery_whose_sender_died_mid_send_is_marked_uncertain_and_not_sent_again() throws Exception {
        String admin = unique("crash", "example.com");
        UUID subscription = Fixtures.subscription("Litware", "US", "en", "USD", admin);
        UUID eventId = UUID.randomUUID();
        Instant now = Instant.now();
        // a delivery claimed by a sender that then died: SENDING, lease already over
        QuarkusTransaction.requiringNew().run(() -> log.record(eventId, subscription, "TokenBalanceLow", "en",
                "Litware: a credit token is down to 30.00 USD", "text", "<p>html</p>", now, now, List.of(admin), List.of()));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE delivery SET status = 'SENDING', attempts = 1, lease_until = clock_timestamp() - interval '1 second' WHERE event_id = ?")) {
            update.setObject(1, eventId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        await().atMost(Fixtures.PATIENCE).until(() -> notifications(subscription, admin).getList("status").contains("UNCERTAIN"));
        Sleep.quietly(Duration.ofSeconds(2));
        assertThat(notifications(subscription, admin).getList("status", String.class)).containsExactly("UNCERTAIN");
        assertThat(mailTo(admin)).isEmpty();
    }
}
