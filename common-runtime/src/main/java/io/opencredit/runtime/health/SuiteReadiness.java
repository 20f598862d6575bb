package io.opencredit.runtime.health;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the database answers (SPEC O5): without it a service can answer nothing. Kafka is
 * reported but never decides: writes go to the outbox and are published when the broker is back,
 * which is the point of the outbox, so a broker outage leaves the API in service with
 * {@code kafka: degraded} and the outbox backlog in the data. Whether the loops poll is liveness
 * (O4), not readiness.
 */
@Readiness
@ApplicationScoped
public class SuiteReadiness implements HealthCheck {

    /** The longest a probe waits for the broker; a slower answer counts as degraded (the probe itself has 5 s). */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(1);

    private final KafkaClients kafkaClients;
    private final AgroalDataSource dataSource;
    private final OutboxRelay relay;
    private Admin admin;
    /** A cluster query still under way: the next probe waits on it again rather than piling up new ones. */
    private KafkaFuture<String> pending;

    public SuiteReadiness(KafkaClients kafkaClients, AgroalDataSource dataSource, OutboxRelay relay) {
        this.kafkaClients = kafkaClients;
        this.dataSource = dataSource;
        this.relay = relay;
    }

    /** The health check's admin client gives up on the broker within the probe's few seconds. */
    public static Map<String, Object> adminSettings() {
        return Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("opencredit-dependencies")
                .withData("kafka", kafkaAnswers() ? "up" : "degraded");
        try {
            OutboxAge outbox = outboxAge();
            response.withData("database", "up")
                    .withData("outboxBacklog", relay.backlog())
                    .withData("outboxOldestAgeSeconds", outbox.oldestAgeSeconds());
            return response.up().build();
        } catch (SQLException | RuntimeException e) {
            return response.withData("database", "unreachable").down().build();
        }
    }

    private record OutboxAge(long oldestAgeSeconds) {
    }

    /** Age of the oldest unpublished row: one index probe (the oldest id), cheap however long the backlog is. */
    private OutboxAge outboxAge() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT coalesce(extract(epoch FROM now() - (SELECT created_at FROM oc_outbox ORDER BY id LIMIT 1)), 0)")) {
            select.setQueryTimeout(2);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new OutboxAge(Math.max(0, rs.getLong(1)));
            }
        }
    }

    private synchronized boolean kafkaAnswers() {
        try {
            if (admin == null) {
                admin = kafkaClients.admin(adminSettings());
            }
            if (pending == null) {
                pending = admin.describeCluster().clusterId();
            }
            pending.get(KAFKA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            pending = null;
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | RuntimeException e) {
            pending = null;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
