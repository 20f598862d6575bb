package io.opencredit.activation.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** An OSA key (SPEC K1). {@code code} is the 25 characters without dashes. */
@Entity
@Table(name = "osa_key")
public class OsaKey extends PanacheEntityBase {

    /** A key is issued once and activated at most once (K4). */
    public enum Status { ISSUED, ACTIVATED }

    @Id
    public String code;
    public int units;
    public String currency;
    @Column(name = "purchased_on")
    public LocalDate purchasedOn;
    @Column(name = "activate_by")
    public LocalDate activateBy;
    @Column(name = "reseller_id")
    public String resellerId;
    public String sku;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "issued_by")
    public String issuedBy;

    public static Optional<OsaKey> byCode(String code) {
        return findByIdOptional(code);
    }

    /**
     * The key with its row locked until the transaction ends (K4): a concurrent activation of the same
     * key waits here until the first commits or rolls back, and then reads the status it left.
     */
    public static Optional<OsaKey> lock(String code) {
        return findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE);
    }

    public boolean issued() {
        return status == Status.ISSUED;
    }
}
