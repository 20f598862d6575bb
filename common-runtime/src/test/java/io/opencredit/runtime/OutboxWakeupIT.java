package io.opencredit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 on the real broker and PostgreSQL: an idle relay waits to be woken, not a poll interval. The relay's poll
 * is two minutes here, so a record that arrives within seconds was brought by a wake-up: the commit of this
 * instance's write, or a {@code NOTIFY oc_outbox} from another instance's.
 */
@QuarkusTest
@TestProfile(OutboxWakeupIT.Relaying.class)
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "wakeup"))
class OutboxWakeupIT {

    public static class Relaying implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.outbox.relay-enabled", "true", "opencredit.outbox.idle-poll", "120s");
        }
    }

    /** Far below the relay's poll, far above a wake-up's few milliseconds. */
    private static final Duration WOKEN_WITHIN = Duration.ofSeconds(15);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void relayIsIdle() throws InterruptedException {
        await().atMost(Duration.ofSeconds(30)).until(relay::activeHere);
        // its first round found nothing: from now on it waits out its two-minute poll unless woken
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.relayOnce(OutboxRelay.FaultPoint.NONE) == 0);
        Thread.sleep(500);
    }

    @Test
    void issue20_a_committed_write_wakes_the_idle_relay_of_its_instance() {
        EventEnvelope event = anEvent();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, event));

        assertThat(KafkaTestSupport.readEventsUntil(ProbeHandler.TOPIC,
                events -> events.stream().anyMatch(e -> e.eventId().equals(event.eventId())), WOKEN_WITHIN))
                .anyMatch(e -> e.eventId().equals(event.eventId()));
    }

    @Test
    void issue20_a_row_announced_by_notify_from_another_instance_wakes_the_active_relay() throws Exception {
        EventEnvelope event = anEvent();
        // what the Outbox of an instance whose relay stands by writes: the row, and NOTIFY in the same transaction
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload) VALUES (?, ?, ?, ?, ?)");
                 Statement notify = connection.createStatement()) {
                insert.setObject(1, event.eventId());
                insert.setString(2, ProbeHandler.TOPIC);
                insert.setString(3, event.key());
                insert.setString(4, event.type());
                insert.setBytes(5, EventCodec.encode(event));
                insert.executeUpdate();
                notify.execute("NOTIFY oc_outbox");
            }
            connection.commit();
        }

        assertThat(KafkaTestSupport.readEventsUntil(ProbeHandler.TOPIC,
                events -> events.stream().anyMatch(e -> e.eventId().equals(event.eventId())), WOKEN_WITHIN))
                .anyMatch(e -> e.eventId().equals(event.eventId()));
    }

    private static EventEnvelope anEvent() {
        return EventEnvelope.of(UUID.randomUUID(), new CoAdministratorAdded("reseller@example.com", "admin@example.com"),
                "runtime-probe", null, Instant.now());
    }
}
