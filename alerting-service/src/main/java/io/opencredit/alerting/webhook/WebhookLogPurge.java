package io.opencredit.alerting.webhook;

import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.retention.RetentionConfig;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Retention of the webhook delivery log, as the email delivery log's ({@link RetentionConfig#deliveryLog}, 400 days on
 * the suite clock): finished deliveries (DELIVERED, FAILED, SKIPPED) and then the bodies no delivery needs. PENDING and
 * SENDING are never purged. Kept that long so a redelivered event still finds its delivery and is not sent twice.
 */
@ApplicationScoped
public class WebhookLogPurge {

    private static final Logger LOG = Logger.getLogger(WebhookLogPurge.class);

    private final WebhookStore store;
    private final SuiteClock clock;
    private final RetentionConfig config;
    private final Supervisor supervisor;

    public WebhookLogPurge(WebhookStore store, SuiteClock clock, RetentionConfig config, Supervisor supervisor) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.supervisor = supervisor;
    }

    @Scheduled(every = "${opencredit.retention.every:1h}", delayed = "3m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        job().run(() -> {
            int purged = purge();
            if (purged > 0) {
                LOG.infof("purged %d webhook deliveries older than %s", purged, config.deliveryLog());
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    private PeriodicJob job() {
        return supervisor.periodic("webhook-log-purge", config.every());
    }

    /** Deletes what is older than the horizon; returns how many deliveries. */
    public int purge() {
        var before = clock.now().minus(config.deliveryLog());
        return QuarkusTransaction.requiringNew().call(() -> store.purge(before));
    }
}
