package io.opencredit.ledger.persistence;

import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.Topics;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.outbox.Outbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * The suite clock's offset, owned by the ledger (SPEC C2): stored here (it only grows and
 * survives restarts; entity {@link ClockOffset}) and published as {@code ClockAdvanced} on {@code ops.clock} through
 * the outbox, in one transaction (the outbox's JDBC and Hibernate share the transaction's connection).
 */
@ApplicationScoped
public class ClockStore {

    private final Outbox outbox;
    private final SuiteClock clock;
    private final RuntimeConfig config;

    public ClockStore(Outbox outbox, SuiteClock clock, RuntimeConfig config) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /** On boot the stored offset applies at once, even before ops.clock is read. */
    void onStart(@Observes StartupEvent event) {
        if (config.clock().adjustable()) {
            clock.advanceTo(storedOffset());
        }
    }

    @Transactional
    public Duration storedOffset() {
        ClockOffset row = ClockOffset.find();
        return row == null ? Duration.ZERO : Duration.ofMillis(row.offsetMillis);
    }

    /** C2: the advance would take the total offset beyond {@link SuiteClock#MAX_OFFSET} (422, nothing changes). */
    public static ProblemException beyondBound(Duration by) {
        return ProblemException.unprocessable("C2-clock-offset-beyond-bound", "advancing the suite clock by " + by
                + " would take its offset beyond " + SuiteClock.MAX_OFFSET.toDays() + " days (100 years)");
    }

    /**
     * Stores the new total offset and appends ClockAdvanced to the outbox; returns the new offset. Refused when the
     * total would pass {@link SuiteClock#MAX_OFFSET}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Duration advance(Duration by) {
        ClockOffset row = ClockOffset.lockOrCreate();
        Duration current = Duration.ofMillis(Math.max(row.offsetMillis, clock.offset().toMillis()));
        if (by.compareTo(SuiteClock.MAX_OFFSET.minus(current)) > 0) {
            throw beyondBound(by); // nothing changed: the transaction rolls back
        }
        Duration next = current.plus(by);
        row.offsetMillis = next.toMillis();
        outbox.append(Topics.OPS_CLOCK, EventEnvelope.of(null, new ClockAdvanced(next, by, clock.now()),
                Producers.LEDGER, null, clock.now()));
        return next;
    }
}
