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
 * The one activation of a key (SPEC K4, T1). The key code is the primary key, so the database refuses a
 * second one whatever the application does; {@code requestHash} tells a repeated request from another.
 */
@Entity
@Table(name = "key_activation")
public class KeyActivation extends PanacheEntityBase {

    @Id
    @Column(name = "key_code")
    public String keyCode;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    @Column(name = "token_id")
    public UUID tokenId;
    public BigDecimal amount;
    public String currency;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "activated_by")
    public String activatedBy;
    @Column(name = "request_hash")
    public String requestHash;

    /** The activation of a key, once it is activated. */
    public static Optional<KeyActivation> ofKey(String keyCode) {
        return findByIdOptional(keyCode);
    }
}
