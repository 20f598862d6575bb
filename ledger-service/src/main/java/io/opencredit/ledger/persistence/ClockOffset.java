package io.opencredit.ledger.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.CurrentTimestamp;
import org.hibernate.annotations.SourceType;

/** The suite clock's offset (C2): the one row of {@code ledger_clock} (V1 inserts it; Flyway owns the schema). */
@Entity
@Table(name = "ledger_clock")
public class ClockOffset extends PanacheEntityBase {

    /** The table's only row: its primary key is checked to be 1. */
    static final short ROW = 1;

    @Id
    public short id;

    @Column(name = "offset_millis", nullable = false)
    public long offsetMillis;

    /** When it last changed, by the database's clock, as the SQL it replaced did. */
    @CurrentTimestamp(source = SourceType.DB)
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The row, or null if it was deleted. */
    static ClockOffset find() {
        return findById(ROW);
    }

    /** The row locked for this transaction (SELECT ... FOR UPDATE), created when missing. */
    static ClockOffset lockOrCreate() {
        ClockOffset row = findById(ROW, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new ClockOffset();
            row.id = ROW;
            row.persist();
        }
        return row;
    }
}
