package io.opencredit.alerting.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A co-administrator of a subscription. Kept even when it arrives before its subscription (no foreign
 * key), since the two are read from one topic but may land in different batches.
 */
@Entity
@Table(name = "alert_co_administrator")
@IdClass(CoAdministrator.Key.class)
public class CoAdministrator extends PanacheEntityBase {

    /** The primary key: one row per subscription and address. */
    public record Key(UUID subscriptionId, String email) implements Serializable {
    }

    @Id
    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Id
    @Column(name = "email")
    public String email;

    @Column(name = "added_at")
    public Instant addedAt;
}
