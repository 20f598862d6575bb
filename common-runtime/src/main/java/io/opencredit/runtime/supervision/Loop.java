package io.opencredit.runtime.supervision;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One supervised loop as its body and the {@link Supervisor} see it: whether it should keep going, its heartbeat,
 * its restarts and whether it is live. Times are monotonic ({@code System.nanoTime}), not the suite clock: they
 * measure how long the loop went quiet, which an advance of the suite clock must not change.
 */
public final class Loop {

    private final String name;
    private final Duration stallBound;
    private final boolean periodic;
    private final LongSupplier nanoTime;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicBoolean errorInjected = new AtomicBoolean();
    final SupervisedLoop body;
    final Runnable onRestart;
    volatile Thread thread;
    volatile boolean stopRequested;
    /** In a life (not waiting to be restarted); for a scheduled job, in a run. */
    volatile boolean inLife;
    /** Given up for good: an OutOfMemoryError (the JVM should have ended), or the thread is gone. */
    volatile boolean dead;
    volatile long lastBeat;
    volatile long lifeStarted;
    /** Since when the loop fails without a healthy life in between; -1 when it does not. */
    volatile long failingSince = -1;
    int failuresInRow;

    Loop(String name, Duration stallBound, boolean periodic, SupervisedLoop body, Runnable onRestart, LongSupplier nanoTime) {
        this.name = name;
        this.stallBound = stallBound;
        this.periodic = periodic;
        this.body = body;
        this.onRestart = onRestart;
        this.nanoTime = nanoTime;
        this.lastBeat = nanoTime.getAsLong();
    }

    public String name() {
        return name;
    }

    /** Whether the loop should go on; false once it is being stopped. */
    public boolean running() {
        return !stopRequested;
    }

    /**
     * Progress: the loop is alive and not stuck. Called at least once per iteration. Throws the error a test injected
     * with {@link Supervisor#injectError}, so that it happens inside the loop's own thread, mid-work.
     */
    public void beat() {
        lastBeat = nanoTime.getAsLong();
        if (errorInjected.compareAndSet(true, false)) {
            throw new Error("injected by test");
        }
    }

    /** Waits (an interrupt, as at shutdown, ends the wait early). Does not count as a beat. */
    public void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative() || stopRequested) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Restarts counted so far (also the metric {@code opencredit.loop.restarts}). */
    public long restarts() {
        return restarts.get();
    }

    /** Whether the loop is doing its work now: in a life (not waiting for a restart), or a job whose last run passed. */
    public boolean isRunning() {
        if (dead || stopRequested) {
            return false;
        }
        return periodic ? failingSince < 0 : inLife;
    }

    void injectError() {
        errorInjected.set(true);
    }

    void countRestart() {
        restarts.incrementAndGet();
        onRestart.run();
    }

    public boolean isPeriodic() {
        return periodic;
    }

    /**
     * Why the loop is not live, or empty when it is: it was given up, it has failed without a healthy life for longer
     * than its stall bound (it cannot run), or its last beat is older than the bound (it is stuck).
     */
    Optional<String> problem(Duration healthyAfter) {
        if (stopRequested) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (dead) {
            return Optional.of("not running (gave up)");
        }
        long failing = failingSince;
        boolean healthyLife = !periodic && inLife && now - lifeStarted >= healthyAfter.toNanos();
        if (failing >= 0 && !healthyLife && now - failing > stallBound.toNanos()) {
            return Optional.of("cannot run: failing for " + seconds(now - failing) + " s");
        }
        long quiet = now - lastBeat;
        if (quiet > stallBound.toNanos()) {
            return Optional.of("stalled: no progress for " + seconds(quiet) + " s (bound " + stallBound.toSeconds() + " s)");
        }
        return Optional.empty();
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }

    /** Asks the loop to stop (no more restarts) and wakes its body, without waiting: to stop several at once. */
    public void requestStop() {
        stopRequested = true;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                body.wakeup();
            } catch (RuntimeException ignored) {
                // the thread is interrupted by stop() if it does not end
            }
        }
    }

    /** Stops the loop: no more restarts; wakes the body and waits for its thread to end. */
    public void stop() {
        requestStop();
        Thread current = thread;
        if (current == null || current == Thread.currentThread()) {
            return;
        }
        try {
            current.join(2_000);
            if (current.isAlive()) {
                current.interrupt();
                current.join(8_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
