package io.opencredit.alerting.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A ledger alert read before its subscription was known, kept as read until its SubscriptionCreated arrives. */
@Entity
@Table(name = "alert_held_event")
public class HeldAlert extends PanacheEntityBase {

    /** The order the alerts were read in, so they are released in that order. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "seq")
    public Long seq;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "event_type")
    public String eventType;

    /** The event's envelope as read from the topic (EventCodec). */
    @Column(name = "envelope")
    public byte[] envelope;

    @Column(name = "held_at")
    public Instant heldAt;
}
