package io.opencredit.alerting.retention;

import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.retention.RetentionConfig;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Retention of the delivery log: finished deliveries (SENT, REFUSED, UNCERTAIN) created more than
 * {@link RetentionConfig#deliveryLog} ago (suite clock, as {@code created_at}) are deleted, then the emails no delivery
 * refers to any more. Unfinished deliveries (PENDING, SENDING) are never purged: they are work still to do.
 */
@ApplicationScoped
public class DeliveryLogPurge {

    private static final Logger LOG = Logger.getLogger(DeliveryLogPurge.class);

    private final EntityManager entityManager;
    private final SuiteClock clock;
    private final RetentionConfig config;
    private final Supervisor supervisor;

    public DeliveryLogPurge(EntityManager entityManager, SuiteClock clock, RetentionConfig config, Supervisor supervisor) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.config = config;
        this.supervisor = supervisor;
    }

    @Scheduled(every = "${opencredit.retention.every:1h}", delayed = "3m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        job().run(() -> {
            int purged = purge();
            if (purged > 0) {
                LOG.infof("purged %d deliveries older than %s", purged, config.deliveryLog());
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    /** The purge as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob job() {
        return supervisor.periodic("delivery-log-purge", config.every());
    }

    /** Deletes what is older than the horizon; returns how many deliveries. */
    public int purge() {
        Instant before = clock.now().minus(config.deliveryLog());
        return QuarkusTransaction.requiringNew().call(() -> {
            int deliveries = entityManager.createNativeQuery("DELETE FROM delivery WHERE created_at < ?1 "
                    + "AND status IN ('SENT', 'REFUSED', 'UNCERTAIN')").setParameter(1, before).executeUpdate();
            entityManager.createNativeQuery("DELETE FROM notification n WHERE n.created_at < ?1 "
                    + "AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = n.event_id)").setParameter(1, before).executeUpdate();
            return deliveries;
        });
    }
}
