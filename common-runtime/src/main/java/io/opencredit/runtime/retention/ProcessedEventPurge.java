package io.opencredit.runtime.retention;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Forgets processed-event ids older than {@link RetentionConfig#processedEvents} (the consumers' deduplication table
 * grows by one row per event otherwise). {@code processed_at} is the database's wall clock (its column default), so
 * the horizon is too: a redelivery happens in real time, whatever the suite clock says. Deletes in batches so that
 * no transaction holds many rows.
 */
@ApplicationScoped
public class ProcessedEventPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurge.class);
    static final int BATCH = 10_000;

    private final AgroalDataSource dataSource;
    private final RetentionConfig config;
    private final Supervisor supervisor;

    public ProcessedEventPurge(AgroalDataSource dataSource, RetentionConfig config, Supervisor supervisor) {
        this.dataSource = dataSource;
        this.config = config;
        this.supervisor = supervisor;
    }

    @Scheduled(every = "${opencredit.retention.every:1h}", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        job().run(() -> {
            int purged = purge();
            if (purged > 0) {
                LOG.infof("purged %d processed-event ids older than %s", purged, config.processedEvents());
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    /** The purge as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob job() {
        return supervisor.periodic("processed-event-purge", config.every());
    }

    /** Deletes the ids processed more than the horizon ago; returns how many. Each batch commits on its own. */
    public int purge() {
        Duration horizon = config.processedEvents();
        int total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM oc_processed_event WHERE ctid = ANY (ARRAY(SELECT ctid FROM oc_processed_event "
                             + "WHERE processed_at < now() - ? * interval '1 millisecond' LIMIT " + BATCH + "))")) {
            delete.setLong(1, horizon.toMillis());
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
            return total;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge processed events", e);
        }
    }
}
