package io.opencredit.runtime.util;

import java.time.Duration;

/**
 * Wakes a worker that waits for new work: a writer calls {@link #signal} once its work is committed; the worker
 * notes {@link #generation} before it looks for work and, having found none, {@link #await}s a signal newer than that
 * (so a signal that came while it looked is never lost), with a bound as a safety net for work it was not told of.
 */
public final class Wakeup {

    private long generation;

    /** There is new work. */
    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** The count of signals so far; note it before looking for work. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Waits until a signal newer than {@code seen} came, at most {@code max}; returns whether one came. An interrupt
     * ends the wait (the interrupt status stays set).
     */
    public synchronized boolean await(long seen, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return generation != seen;
            }
        }
        return true;
    }
}
