package io.opencredit.billing.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A card payment credited (SPEC S5), one row per payment reference (table {@code payment}). */
@Entity
@Table(name = "payment")
public class PaymentEntity extends PanacheEntityBase {

    @Id
    @Column(name = "payment_reference")
    public String paymentReference;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    public BigDecimal amount;

    public String currency;

    @Column(name = "paid_at")
    public Instant paidAt;

    /** SHA-256 hex of the confirmation's details: a repeat with other details is a reuse (409). */
    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "token_id")
    public UUID tokenId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** R4: {@code CREDITED}, or {@code REFUND_DUE} once the ledger rejected the credit (see {@code PaymentRefunds}). */
    public String status = CREDITED;

    @Column(name = "refund_reason")
    public String refundReason;

    @Column(name = "refund_detail")
    public String refundDetail;

    @Column(name = "refund_due_at")
    public Instant refundDueAt;

    public static final String CREDITED = "CREDITED";
    public static final String REFUND_DUE = "REFUND_DUE";

    /**
     * Holds the payment reference until the transaction ends, so that a concurrent confirmation of the
     * same reference waits, then finds this one's payment and answers it as a repeat, instead of failing
     * on the primary key (a failed insert would roll its transaction back). A PostgreSQL advisory lock:
     * the row to lock does not exist yet.
     */
    public static void lockReference(String reference) {
        getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:reference, 0))")
                .setParameter("reference", "payment:" + reference)
                .getSingleResult();
    }

    /** The currency code ({@code char(3)} comes back padded if ever shorter). */
    public String currencyCode() {
        return currency.trim();
    }
}
