package io.opencredit.alerting.persistence;

import io.opencredit.alerting.domain.DeliveryStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One email to one recipient: the unit of delivery and retry. {@code UNIQUE (event_id, recipient)} in the
 * schema, and an id derived from the two, make every email exist at most once. {@code nextAttemptAt} and
 * {@code leaseUntil} are on the database's wall clock (technical timers), {@code sentAt} and
 * {@code createdAt} on the suite clock.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    /** {@link DeliveryLog#deliveryId}: a name-based UUID of event id and recipient. */
    @Id
    @Column(name = "id")
    public UUID id;

    /** The email's content, shared by the recipients of one causing event. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "event_id")
    public Notification notification;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "recipient")
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public DeliveryStatus status;

    /** Attempts started, counted when the sender claims the row. */
    @Column(name = "attempts")
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** While SENDING: until when the sender that claimed it owns it. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
