package io.opencredit.ledger.messaging;

import io.opencredit.ledger.config.LedgerConfig;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fires the time-driven facts (A2 TokenExpiring, T8 TokenExpired, S3 SubscriptionDeprovisioned)
 * when the suite clock passes them (C1): every few seconds, the subscriptions whose
 * {@code next_due_at} has passed are locked (skipping those another writer holds), advanced to
 * {@code now} in due-time order and committed with their outbox rows, a batch per transaction.
 * Each tick runs as the supervised job {@code due-time-scheduler} (SPEC O4): a failed tick is counted, the next one
 * tries again, and liveness names the job if it keeps failing or a tick hangs.
 */
@ApplicationScoped
public class DueTimeScheduler {

    private final EventStore store;
    private final SuiteClock clock;
    private final LedgerConfig config;
    private final Supervisor supervisor;
    private final Duration every;

    public DueTimeScheduler(EventStore store, SuiteClock clock, LedgerConfig config, Supervisor supervisor,
                            @ConfigProperty(name = "opencredit.ledger.tick-every", defaultValue = "2s") Duration every) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.supervisor = supervisor;
        this.every = every;
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    private PeriodicJob job() {
        return supervisor.periodic("due-time-scheduler", every);
    }

    @Scheduled(every = "${opencredit.ledger.tick-every:2s}", delayed = "${opencredit.ledger.tick-delay:3s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        PeriodicJob job = job();
        job.run(() -> {
            int advanced;
            do {
                job.beat();
                advanced = advanceDue(clock.now());
            } while (advanced >= config.tickBatch());
        });
    }

    /** Advances one batch of due subscriptions to {@code now}; returns how many were locked. */
    public int advanceDue(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, Long> versions = store.lockDue(now, config.tickBatch());
            if (versions.isEmpty()) {
                return 0;
            }
            Map<UUID, SubscriptionLedger> states = store.load(versions.keySet());
            List<EventStore.Change> changes = new ArrayList<>();
            for (Map.Entry<UUID, Long> entry : versions.entrySet()) {
                LedgerFold.Result result = LedgerFold.advanceTo(states.get(entry.getKey()), now);
                List<EventStore.Caused> facts = new ArrayList<>();
                for (LedgerFact fact : result.facts()) {
                    facts.add(new EventStore.Caused(fact, null));
                }
                changes.add(new EventStore.Change(result.state(), entry.getValue(), facts));
            }
            store.commit(changes, now);
            return versions.size();
        });
    }
}
