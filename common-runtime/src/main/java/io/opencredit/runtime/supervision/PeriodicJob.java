package io.opencredit.runtime.supervision;

import io.opencredit.runtime.api.DatabaseUnavailable;
import org.jboss.logging.Logger;

/**
 * A scheduled job ({@code @Scheduled}) under the {@link Supervisor}: the Quarkus scheduler owns its thread and
 * calls it every period, which is its restart and its backoff; each run goes through {@link #run}, which beats,
 * counts a failure of any kind in {@code opencredit.loop.restarts} like a loop's, and lets liveness name a job that
 * keeps failing or whose run hangs.
 */
public final class PeriodicJob {

    private static final Logger LOG = Logger.getLogger(PeriodicJob.class);

    /** A job's body; may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final Loop loop;
    private final java.util.function.LongSupplier nanoTime;

    PeriodicJob(Loop loop, java.util.function.LongSupplier nanoTime) {
        this.loop = loop;
        this.nanoTime = nanoTime;
    }

    public Loop loop() {
        return loop;
    }

    /** Runs the job once; a failure is logged and counted, never thrown (the next period runs it again). */
    public void run(Body body) {
        if (loop.stopRequested) {
            return;
        }
        loop.inLife = true;
        loop.lifeStarted = nanoTime.getAsLong();
        try {
            loop.beat();
            body.run();
            loop.beat();
            loop.failingSince = -1;
            loop.failuresInRow = 0;
        } catch (Throwable failure) {
            if (failure instanceof OutOfMemoryError) {
                loop.dead = true;
                LOG.fatalf(failure, "%s ran out of memory; not run again (the JVM should end: -XX:+ExitOnOutOfMemoryError)",
                        loop.name());
                throw (OutOfMemoryError) failure;
            }
            if (DatabaseUnavailable.causedBy(failure)) {
                // the database away is O5's outage, not a broken job: liveness must not restart the pod for it
                loop.beat();
                loop.countRestart();
                LOG.warnf("%s could not reach the database (%s); it runs again at its next period", loop.name(), failure);
                return;
            }
            if (loop.failingSince < 0) {
                loop.failingSince = nanoTime.getAsLong();
            }
            loop.failuresInRow++;
            loop.countRestart();
            LOG.errorf(failure, "%s failed (%d in a row); it runs again at its next period", loop.name(), loop.failuresInRow);
        } finally {
            loop.inLife = false;
        }
    }

    /** Progress within a long run. */
    public void beat() {
        loop.beat();
    }
}
