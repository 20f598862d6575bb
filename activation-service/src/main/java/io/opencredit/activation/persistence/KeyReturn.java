package io.opencredit.activation.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An activation the ledger rejected (SPEC R4): the key went back to {@code ISSUED} and this row keeps what the
 * activation was, why it was rejected and when. One row per rejected token, so a redelivered rejection finds its row.
 */
@Entity
@Table(name = "key_return")
public class KeyReturn extends PanacheEntityBase {

    @Id
    @Column(name = "token_id")
    public UUID tokenId;
    @Column(name = "key_code")
    public String keyCode;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    public BigDecimal amount;
    public String currency;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "activated_by")
    public String activatedBy;
    public String reason;
    public String detail;
    @Column(name = "returned_at")
    public Instant returnedAt;

    /** The latest return of a key, if it was ever returned. */
    public static Optional<KeyReturn> latestOfKey(String keyCode) {
        return find("keyCode = ?1 order by returnedAt desc", keyCode).firstResultOptional();
    }
}
