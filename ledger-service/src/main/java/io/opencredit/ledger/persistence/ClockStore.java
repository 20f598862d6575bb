package io.opencredit.ledger.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.outbox.Outbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The suite clock's offset, owned by the ledger (SPEC C2): stored here (it only grows and
 * survives restarts) and published as {@code ClockAdvanced} on {@code ops.clock} through the
 * outbox, in one transaction.
 */
@ApplicationScoped
public class ClockStore {

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final SuiteClock clock;
    private final RuntimeConfig config;

    public ClockStore(AgroalDataSource dataSource, Outbox outbox, SuiteClock clock, RuntimeConfig config) {
        this.dataSource = dataSource;
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
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT offset_millis FROM ledger_clock WHERE id = 1")) {
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Duration.ofMillis(rs.getLong(1)) : Duration.ZERO;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the clock offset", e);
        }
    }

    /** Stores the new total offset and appends ClockAdvanced to the outbox; returns the new offset. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Duration advance(Duration by) {
        try (Connection connection = dataSource.getConnection()) {
            long stored;
            try (PreparedStatement select = connection.prepareStatement("SELECT offset_millis FROM ledger_clock WHERE id = 1 FOR UPDATE");
                 ResultSet rs = select.executeQuery()) {
                stored = rs.next() ? rs.getLong(1) : 0L;
            }
            Duration current = Duration.ofMillis(Math.max(stored, clock.offset().toMillis()));
            Duration next = current.plus(by);
            try (PreparedStatement update = connection.prepareStatement(
                    "INSERT INTO ledger_clock (id, offset_millis) VALUES (1, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET offset_millis = EXCLUDED.offset_millis, updated_at = now()")) {
                update.setLong(1, next.toMillis());
                update.executeUpdate();
            }
            outbox.append(Topics.OPS_CLOCK, EventEnvelope.of(null, new ClockAdvanced(next, by, clock.now()),
                    Producers.LEDGER, null, clock.now()));
            return next;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot advance the clock", e);
        }
    }
}
