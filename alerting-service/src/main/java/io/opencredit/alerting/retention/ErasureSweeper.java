package io.opencredit.alerting.retention;

import io.opencredit.alerting.persistence.Directory;
import io.opencredit.alerting.persistence.SubscriptionErasure;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * S3: finishes the erasure of deprovisioned subscriptions whose deprovisioning email was still being delivered when
 * they were erased: once its deliveries are finished (sent, refused or uncertain), their addresses and the email's
 * content are erased too ({@link SubscriptionErasure#sweep}). Each subscription in its own short transaction, under
 * its lock (the consumers' order of locks, {@link Directory#lock}).
 */
@ApplicationScoped
public class ErasureSweeper {

    private static final int BATCH = 100;

    private final SubscriptionErasure erasure;
    private final Directory directory;
    private final Supervisor supervisor;
    private final Duration every;

    public ErasureSweeper(SubscriptionErasure erasure, Directory directory, Supervisor supervisor,
                          @ConfigProperty(name = "opencredit.alerting.erasure-sweep", defaultValue = "5s") Duration every) {
        this.erasure = erasure;
        this.directory = directory;
        this.supervisor = supervisor;
        this.every = every;
    }

    @Scheduled(every = "${opencredit.alerting.erasure-sweep:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        job().run(this::sweep);
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    /** The sweep as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob job() {
        return supervisor.periodic("erasure-sweeper", every);
    }

    /** One round over the subscriptions still waiting; returns how many are now fully erased. */
    public int sweep() {
        List<UUID> pending = QuarkusTransaction.requiringNew().call(() -> erasure.pending(BATCH));
        int done = 0;
        for (UUID id : pending) {
            boolean finished = QuarkusTransaction.requiringNew().call(() -> {
                directory.lock(List.of(id));
                return erasure.sweep(id);
            });
            done += finished ? 1 : 0;
        }
        return done;
    }
}
