package io.opencredit.alerting.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The email one causing event produces, composed and rendered once when the event is consumed, so that
 * the API can show pending emails and a retry sends exactly the same content to each recipient.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    /** The causing event. */
    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "language")
    public String language;

    @Column(name = "subject")
    public String subject;

    @Column(name = "body_text")
    public String bodyText;

    @Column(name = "body_html")
    public String bodyHtml;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
