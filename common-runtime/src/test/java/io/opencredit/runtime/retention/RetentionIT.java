package io.opencredit.runtime.retention;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention on real PostgreSQL: each purge deletes exactly what is older than its horizon, nothing younger. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "runtime"))
class RetentionIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionConfig config;

    @Inject
    ProcessedEventPurge processedEvents;

    @Inject
    Supervisor supervisor;

    /** A config with these horizons (the rest as configured). */
    private RetentionConfig horizons(Duration idempotencyKeys) {
        return new RetentionConfig() {
            @Override
            public Duration processedEvents() {
                return config.processedEvents();
            }

            @Override
            public Duration idempotencyKeys() {
                return idempotencyKeys;
            }

            @Override
            public Duration deliveryLog() {
                return config.deliveryLog();
            }

            @Override
            public Duration every() {
                return config.every();
            }
        };
    }

    private List<UUID> processed(String consumer) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT event_id FROM oc_processed_event WHERE consumer = ?")) {
            select.setString(1, consumer);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    @Test
    void processed_event_ids_older_than_thirty_days_are_purged_and_younger_ones_kept() throws Exception {
        assertThat(config.processedEvents()).isEqualTo(Duration.ofDays(30));
        String consumer = "retention-" + UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO oc_processed_event (consumer, event_id, processed_at) VALUES (?, ?, now() - ?::interval)")) {
            for (Object[] row : new Object[][] {{old, "30 days 1 minute"}, {young, "29 days 23 hours"}, {fresh, "0 seconds"}}) {
                insert.setString(1, consumer);
                insert.setObject(2, row[0]);
                insert.setString(3, (String) row[1]);
                insert.executeUpdate();
            }
        }
        assertThat(processedEvents.purge()).isGreaterThanOrEqualTo(1);
        assertThat(processed(consumer)).containsExactlyInAnyOrder(young, fresh);
    }

    @Test
    void processed_event_ids_are_purged_in_batches_until_none_is_older() throws Exception {
        String consumer = "retention-many-" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_processed_event (consumer, event_id, processed_at) "
                     + "SELECT ?, gen_random_uuid(), now() - interval '40 days' FROM generate_series(1, ?)")) {
            insert.setString(1, consumer);
            insert.setInt(2, ProcessedEventPurge.BATCH * 2 + 7);
            insert.executeUpdate();
        }
        assertThat(processedEvents.purge()).isGreaterThanOrEqualTo(ProcessedEventPurge.BATCH * 2 + 7);
        assertThat(processed(consumer)).isEmpty();
    }

    @Test
    void idempotency_keys_older_than_the_horizon_on_the_moved_suite_clock_are_purged() throws Exception {
        String scope = "retention-" + UUID.randomUUID();
        Instant created = Instant.now();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_idempotency_key "
                     + "(scope, idempotency_key, request_hash, status, created_at) VALUES (?, ?, 'h', 201, ?)")) {
            for (String key : List.of("early", "late")) {
                insert.setString(1, scope);
                insert.setString(2, key);
                insert.setTimestamp(3, Timestamp.from(key.equals("early") ? created : created.plus(Duration.ofHours(2))));
                insert.executeUpdate();
            }
        }
        // the suite clock moved 49 hours on: the early key is past the 48 hours, the late one (47 hours) not yet
        SuiteClock moved = new SuiteClock(Clock.fixed(created, ZoneOffset.UTC));
        moved.advanceTo(Duration.ofHours(49));
        IdempotencyKeyPurge purge = new IdempotencyKeyPurge(dataSource, moved, horizons(Duration.ofHours(48)), supervisor);
        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);
        List<String> left = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT idempotency_key FROM oc_idempotency_key WHERE scope = ?")) {
            select.setString(1, scope);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
        }
        assertThat(left).containsExactly("late");
    }

    @Test
    void an_idempotency_key_horizon_shorter_than_the_24_hours_promised_is_refused() {
        assertThat(new IdempotencyKeyPurge(dataSource, new SuiteClock(), horizons(Duration.ofHours(24)), supervisor).horizon())
                .isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> new IdempotencyKeyPurge(dataSource, new SuiteClock(), horizons(Duration.ofHours(23)), supervisor).purge())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("24 hours");
    }
}
