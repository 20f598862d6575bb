package io.opencredit.alerting.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A subscription as alerting knows it from its {@code SubscriptionCreated}: who to tell and in which language. */
@Entity
@Table(name = "alert_subscription")
public class AlertSubscription extends PanacheEntityBase {

    @Id
    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "name")
    public String name;

    @Column(name = "account_email")
    public String accountEmail;

    @Column(name = "country")
    public String country;

    @Column(name = "language")
    public String language;

    @Column(name = "currency")
    public String currency;

    @Column(name = "created_at")
    public Instant createdAt;

    /** S3: set when the subscription was deprovisioned and its personal data erased. */
    @Column(name = "deprovisioned_at")
    public Instant deprovisionedAt;

    /** S3: when nothing of it was left to erase (the deprovisioning email's deliveries finished too). */
    @Column(name = "erasure_done_at")
    public Instant erasureDoneAt;
}
