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
 * The ledger's latest word on a subscription, read from {@code ledger.events}: its last
 * {@code BalanceChanged} (the credit an EA link would forfeit, S4) and whether it was deprovisioned (K8).
 * Only the ledger-view handler writes it, and the events of one subscription come in one partition.
 */
@Entity
@Table(name = "ledger_view")
public class LedgerView extends PanacheEntityBase {

    public static final String DEPROVISIONED = "DEPROVISIONED";

    @Id
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    public BigDecimal remaining;
    public String currency;
    @Column(name = "ledger_status")
    public String ledgerStatus;
    @Column(name = "as_of")
    public Instant asOf;
    @Column(name = "deprovisioned_at")
    public Instant deprovisionedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** What the ledger has said about a subscription; empty when it has said nothing yet. */
    public static Optional<LedgerView> ofSubscription(UUID subscriptionId) {
        return findByIdOptional(subscriptionId);
    }

    /** Keeps the latest balance: one as of the same or a later instant replaces it, an older one is dropped. */
    public static void recordBalance(UUID subscriptionId, BigDecimal remaining, String currency, String status,
                                     Instant asOf, Instant now) {
        LedgerView view = findOrNew(subscriptionId);
        if (view.asOf == null || !view.asOf.isAfter(asOf)) {
            view.remaining = remaining;
            view.currency = currency;
            view.ledgerStatus = status;
            view.asOf = asOf;
            view.updatedAt = now;
            view.persist();
        }
    }

    /** The first deprovisioning stays. */
    public static void recordDeprovisioned(UUID subscriptionId, Instant at, Instant now) {
        LedgerView view = findOrNew(subscriptionId);
        if (view.deprovisionedAt == null) {
            view.deprovisionedAt = at;
        }
        view.updatedAt = now;
        view.persist();
    }

    /** Persisting a view that is already stored changes nothing; its changes are written at the commit. */
    private static LedgerView findOrNew(UUID subscriptionId) {
        LedgerView view = findById(subscriptionId);
        if (view == null) {
            view = new LedgerView();
            view.subscriptionId = subscriptionId;
        }
        return view;
    }

    public boolean deprovisioned() {
        return deprovisionedAt != null || DEPROVISIONED.equals(ledgerStatus);
    }
}
