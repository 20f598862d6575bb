package io.opencredit.alerting;

import io.agroal.api.AgroalDataSource;
import io.opencredit.alerting.retention.DeliveryLogPurge;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.retention.RetentionConfig;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention of the delivery log on real PostgreSQL: finished deliveries past the horizon go, work still to do stays. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class DeliveryLogRetentionIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager entityManager;

    @Inject
    RetentionConfig config;

    @Inject
    Supervisor supervisor;

    private void email(Connection connection, UUID eventId, UUID subscription, Instant createdAt, String... statuses) throws Exception {
        try (PreparedStatement notification = connection.prepareStatement("INSERT INTO notification (event_id, subscription_id, "
                + "event_type, language, subject, body_text, body_html, occurred_at, created_at) VALUES (?, ?, 'TokenExpired', 'en', "
                + "'s', 't', 'h', ?, ?)");
             PreparedStatement delivery = connection.prepareStatement("INSERT INTO delivery (id, event_id, subscription_id, recipient, "
                     + "status, next_attempt_at, message_id, created_at) VALUES (?, ?, ?, ?, ?, now(), 'm', ?)")) {
            notification.setObject(1, eventId);
            notification.setObject(2, subscription);
            notification.setTimestamp(3, Timestamp.from(createdAt));
            notification.setTimestamp(4, Timestamp.from(createdAt));
            notification.executeUpdate();
            for (String status : statuses) {
                delivery.setObject(1, UUID.randomUUID());
                delivery.setObject(2, eventId);
                delivery.setObject(3, subscription);
                delivery.setString(4, status.toLowerCase() + "@example.com");
                delivery.setString(5, status);
                delivery.setTimestamp(6, Timestamp.from(createdAt));
                delivery.executeUpdate();
            }
        }
    }

    private List<String> left(UUID subscription) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT n.event_id::text || ':' || coalesce(d.status, '-') "
                     + "FROM notification n LEFT JOIN delivery d ON d.event_id = n.event_id WHERE n.subscription_id = ? ORDER BY 1")) {
            select.setObject(1, subscription);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    @Test
    void finished_deliveries_older_than_the_horizon_are_purged_with_their_email_and_pending_ones_are_kept() throws Exception {
        assertThat(config.deliveryLog()).isEqualTo(Duration.ofDays(400));
        UUID subscription = UUID.randomUUID();
        Instant created = Instant.now();
        UUID old = UUID.randomUUID();
        UUID oldWithWork = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            email(connection, old, subscription, created, "SENT", "REFUSED", "UNCERTAIN");
            email(connection, oldWithWork, subscription, created, "SENT", "PENDING");
            email(connection, young, subscription, created.plus(Duration.ofDays(2)), "SENT");
        }
        // the suite clock moved 401 days on: the first two emails are past the 400 days, the third (399) not yet
        SuiteClock moved = new SuiteClock(Clock.fixed(created, ZoneOffset.UTC));
        moved.advanceTo(Duration.ofDays(401));
        int purged = new DeliveryLogPurge(entityManager, moved, config, supervisor).purge();

        assertThat(purged).isGreaterThanOrEqualTo(4);
        assertThat(left(subscription)).containsExactlyInAnyOrder(oldWithWork + ":PENDING", young + ":SENT");
    }
}
