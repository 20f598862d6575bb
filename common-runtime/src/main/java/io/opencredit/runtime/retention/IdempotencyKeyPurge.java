package io.opencredit.runtime.retention;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;

/**
 * Forgets {@code Idempotency-Key}s older than {@link RetentionConfig#idempotencyKeys} (48 hours unless configured).
 * The API promises at least 24 hours (SPEC §4): a shorter horizon stops the service at startup. Keys are stamped
 * with the suite clock ({@code IdempotencyKeys}), and so is the horizon.
 */
@ApplicationScoped
public class IdempotencyKeyPurge {

    /** What the API promises: a repeat within this time gets the first answer. */
    public static final Duration PROMISED = Duration.ofHours(24);

    private final AgroalDataSource dataSource;
    private final SuiteClock clock;
    private final RetentionConfig config;
    private final Supervisor supervisor;

    public IdempotencyKeyPurge(AgroalDataSource dataSource, SuiteClock clock, RetentionConfig config, Supervisor supervisor) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.config = config;
        this.supervisor = supervisor;
    }

    void checkHorizon(@Observes StartupEvent start) {
        horizon();
        job();
    }

    /** The purge as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob job() {
        return supervisor.periodic("idempotency-purge", config.every());
    }

    /** The configured horizon, refused below what the API promises. */
    public Duration horizon() {
        Duration horizon = config.idempotencyKeys();
        if (horizon.compareTo(PROMISED) < 0) {
            throw new IllegalStateException("opencredit.retention.idempotency-keys=" + horizon
                    + " is shorter than the 24 hours the API promises (SPEC §4); set it to PT24H or more");
        }
        return horizon;
    }

    @Scheduled(every = "${opencredit.retention.every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        job().run(this::purge);
    }

    /** Deletes the keys created more than the horizon ago (suite clock); returns how many. */
    public int purge() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM oc_idempotency_key WHERE created_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.now().minus(horizon())));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire idempotency keys", e);
        }
    }
}
