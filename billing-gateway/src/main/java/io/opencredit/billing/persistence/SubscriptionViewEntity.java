package io.opencredit.billing.persistence;

import io.opencredit.events.Pseudonyms;
import io.opencredit.billing.domain.SubscriptionInfo;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The gateway's view of one subscription (table {@code subscription_view}) with its administrators
 * ({@code subscription_admin}, lower-cased). A row may exist before its SubscriptionCreated was read
 * (events of another topic first); the subscription is known once its currency is set.
 */
@Entity
@Table(name = "subscription_view")
public class SubscriptionViewEntity extends PanacheEntityBase {

    @Id
    @Column(name = "subscription_id")
    public UUID subscriptionId;

    public String currency;

    public String country;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "account_email")
    public String accountEmail;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "linked_to_ea_at")
    public Instant linkedToEaAt;

    @Column(name = "deprovisioned_at")
    public Instant deprovisionedAt;

    @Column(name = "ledger_status")
    public String ledgerStatus;

    public BigDecimal remaining;

    @Column(name = "remaining_as_of")
    public Instant remainingAsOf;

    @ElementCollection
    @CollectionTable(name = "subscription_admin", joinColumns = @JoinColumn(name = "subscription_id"))
    @Column(name = "email")
    public Set<String> administrators = new HashSet<>();

    /** The row of a subscription, created (all unknown) if there is none yet. */
    static SubscriptionViewEntity findOrCreate(UUID id) {
        SubscriptionViewEntity view = findById(id);
        if (view == null) {
            view = new SubscriptionViewEntity();
            view.subscriptionId = id;
            view.persist();
        }
        return view;
    }

    /** The known subscriptions (currency set) among {@code ids}, with their administrators, in one query. */
    static List<SubscriptionViewEntity> known(Collection<UUID> ids) {
        return find("SELECT v FROM SubscriptionViewEntity v LEFT JOIN FETCH v.administrators"
                + " WHERE v.subscriptionId IN ?1 AND v.currency IS NOT NULL", ids).list();
    }

    /**
     * S3: a deprovisioned subscription's addresses become {@link Pseudonyms} (its administrators are still recognised
     * by theirs). Also applied to administrators read after the deprovisioning: activation.events and ledger.events are
     * read independently, so a co-administrator added before the deprovisioning may arrive after it.
     */
    void erasePersonalDataIfDeprovisioned() {
        if (deprovisionedAt == null) {
            return;
        }
        accountEmail = accountEmail == null ? null : Pseudonyms.email(subscriptionId, accountEmail);
        createdBy = createdBy == null ? null : Pseudonyms.email(subscriptionId, createdBy);
        Set<String> erased = new HashSet<>();
        administrators.forEach(admin -> erased.add(Pseudonyms.email(subscriptionId, admin)));
        if (!erased.equals(administrators)) {
            administrators.clear();
            administrators.addAll(erased);
        }
    }

    SubscriptionInfo toInfo() {
        return new SubscriptionInfo(subscriptionId, currency.trim(), country.trim(), createdAt, administrators, linkedToEaAt,
                deprovisionedAt, ledgerStatus, remaining, remainingAsOf);
    }
}
