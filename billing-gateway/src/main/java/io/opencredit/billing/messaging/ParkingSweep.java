package io.opencredit.billing.messaging;

import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.config.IntakeParkingConfig;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervised job {@code usage-intake-parking} (SPEC R3, O4) over the held intake usage ({@link UsageParking}).
 * Woken by the subscription view after a {@code SubscriptionCreated} committed ({@link #wake}), it releases that
 * subscription's held records at once (an index look-up). Every {@code opencredit.billing.intake.park-sweep} (5 s)
 * it also sweeps the whole park: releases what became known without a wake-up reaching it (a record parked while
 * its {@code SubscriptionCreated} was being applied: the two transactions passed each other; another instance's
 * view; a failed wake-up), refuses what waited past the horizon, and counts the park again.
 *
 * <p>A job rather than the view handler's own transaction: the view stays as fast as before, and a failing release
 * can neither stall nor dead-letter the subscription events. Runs of this instance never overlap and no wake-up is
 * lost (a run in progress goes round once more); two instances take different rows ({@code SKIP LOCKED}).
 */
@ApplicationScoped
public class ParkingSweep {

    private final int batch;
    private final UsageParking parking;
    private final Supervisor supervisor;
    private final IntakeParkingConfig config;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean wholeParkWanted = new AtomicBoolean();
    /** Subscriptions that became known since the last run: their held records are released first. */
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "usage-intake-parking-wake");
        thread.setDaemon(true);
        return thread;
    });

    public ParkingSweep(UsageParking parking, Supervisor supervisor, IntakeParkingConfig config, BillingConfig billing) {
        this.parking = parking;
        this.supervisor = supervisor;
        this.config = config;
        this.batch = billing.usage().maxBatch(); // rows per transaction, as an intake batch
    }

    void onStart(@Observes StartupEvent event) {
        job();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        waker.shutdownNow();
        waker.awaitTermination(5, TimeUnit.SECONDS);
    }

    private PeriodicJob job() {
        return supervisor.periodic("usage-intake-parking", config.parkSweep());
    }

    @Scheduled(every = "${opencredit.billing.intake.park-sweep:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweepWholePark();
    }

    /** These subscriptions became known (called after the view's commit): release their held records soon. */
    public void wake(Collection<UUID> subscriptions) {
        known.addAll(subscriptions);
        try {
            waker.execute(this::run);
        } catch (RejectedExecutionException e) {
            // shutting down: the next start sweeps the whole park
        }
    }

    /** Releases what became known, refuses what waited past the horizon, counts again; now, on this thread. */
    public void sweepWholePark() {
        wholeParkWanted.set(true);
        run();
    }

    /** Runs now, or makes the run in progress go round once more. */
    private void run() {
        wanted.set(true);
        while (wanted.get() && sweeping.tryLock()) {
            try {
                wanted.set(false);
                job().run(this::once);
            } finally {
                sweeping.unlock();
            }
        }
    }

    private void once() {
        PeriodicJob job = job();
        List<UUID> woken = new ArrayList<>(known);
        known.removeAll(woken);
        if (!woken.isEmpty()) {
            releaseAll(woken, job); // should it fail, the whole-park sweep finds these records
        }
        if (wholeParkWanted.getAndSet(false)) {
            releaseAll(null, job);
            int refused;
            do {
                refused = parking.expireBatch(batch);
                job.beat();
            } while (refused == batch);
            parking.recount();
        }
    }

    private void releaseAll(List<UUID> subscriptions, PeriodicJob job) {
        int released;
        do {
            released = parking.releaseBatch(subscriptions, batch);
            job.beat();
        } while (released == batch);
    }
}
