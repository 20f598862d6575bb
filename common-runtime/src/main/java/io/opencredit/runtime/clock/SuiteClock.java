package io.opencredit.runtime.clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock every time decision of a service reads (SPEC C2): the real UTC clock plus an
 * offset that only grows. The offset stays zero unless {@code opencredit.clock.adjustable=true},
 * where {@link ClockFollower} applies every {@code ClockAdvanced} read from {@code ops.clock}.
 */
@ApplicationScoped
public class SuiteClock {

    /**
     * The largest total offset an operator may give the suite clock: 100 years. Far beyond any scenario the clock is
     * for (a five-year activation window, twelve-month tokens, 90 days to deprovisioning), and it keeps every instant
     * the suite writes well inside what PostgreSQL's timestamptz, {@link Instant} and four-digit ISO years hold
     * ({@code P120000000D} would have moved every service past PostgreSQL's largest timestamp).
     */
    public static final Duration MAX_OFFSET = Duration.ofDays(36_525);

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public SuiteClock() {
        this(Clock.systemUTC());
    }

    /** For tests that need a fixed base. */
    public SuiteClock(Clock base) {
        this.base = base;
    }

    public Instant now() {
        return base.instant().plus(offset.get());
    }

    public Duration offset() {
        return offset.get();
    }

    /** Moves to {@code newOffset} if it is ahead of the current one; the clock never goes back. */
    public void advanceTo(Duration newOffset) {
        offset.accumulateAndGet(newOffset, (current, proposed) -> proposed.compareTo(current) > 0 ? proposed : current);
    }

    /** A {@link Clock} view, for code that takes {@code java.time.Clock}. */
    @Produces
    @ApplicationScoped
    public Clock asClock() {
        SuiteClock suite = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the suite clock is UTC");
            }

            @Override
            public Instant instant() {
                return suite.now();
            }
        };
    }
}
