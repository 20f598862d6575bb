package io.opencredit.runtime.supervision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the {@link Supervisor} restarts loops and when it calls one stalled (prefix {@code opencredit.supervision}).
 * A stall bound is the longest a healthy loop of that kind may go without a beat: above the longest wait it makes
 * legitimately within one iteration, so a loop blocked in a long but bounded step never looks stalled.
 */
@ConfigMapping(prefix = "opencredit.supervision")
public interface SupervisionConfig {

    /** Pause before the first restart of a loop; doubled on each further failure in a row. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** The longest pause between restarts. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** A life that ran this long without failing was healthy: the backoff starts again from the beginning. */
    @WithDefault("10s")
    Duration healthyAfter();

    /**
     * Consumer loops and the usage intake: one iteration is a poll (0.2 s) and at most one batch transaction, whose
     * timeout is 120 s; retries of a transient failure beat between attempts.
     */
    @WithDefault("180s")
    Duration consumerStall();

    /**
     * Outbox relay: a round waits at most the producer's delivery timeout (25 s), the acknowledgement wait (30 s)
     * and closing the producer (5 s), plus two short statements.
     */
    @WithDefault("120s")
    Duration relayStall();

    /** Clock follower: two metadata look-ups of at most 10 s each and polls of 0.5 s. */
    @WithDefault("60s")
    Duration clockStall();

    /**
     * Scheduled jobs: allowance for one run on top of the job's period (a due-time tick after a long clock advance,
     * a mail round against a slow SMTP server).
     */
    @WithDefault("10m")
    Duration periodicRunAllowance();
}
