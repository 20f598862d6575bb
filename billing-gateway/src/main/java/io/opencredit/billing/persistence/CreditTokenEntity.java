package io.opencredit.billing.persistence;

import io.opencredit.billing.domain.CreditForecast;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A token as announced by CreditAdded (table {@code credit_token}); closed once expired or forfeited. For estimates. */
@Entity
@Table(name = "credit_token")
public class CreditTokenEntity extends PanacheEntityBase {

    @Id
    @Column(name = "token_id")
    public UUID tokenId;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    public BigDecimal amount;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean closed;

    CreditForecast.Token toToken() {
        return new CreditForecast.Token(amount, activatedAt, expiresAt);
    }
}
