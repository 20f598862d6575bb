package io.opencredit.alerting.retention;

import io.opencredit.alerting.persistence.Directory;
import io.opencredit.alerting.persistence.SubscriptionErasure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

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

    public ErasureSweeper(SubscriptionErasure erasure, Directory directory) {
        this.erasure = erasure;
        this.directory = directory;
    }

    @Scheduled(every = "${opencredit.alerting.erasure-sweep:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep();
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
