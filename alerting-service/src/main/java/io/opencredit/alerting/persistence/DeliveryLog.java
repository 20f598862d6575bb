package io.opencredit.alerting.persistence;

import io.opencredit.alerting.domain.DeliveryStatus;
import io.opencredit.events.Pseudonyms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Timeouts;

/**
 * The notifications, their deliveries (one per causing event and recipient) and the alerts held
 * until their subscription is known. Every method runs in the caller's transaction. A delivery moves
 * from one status to the next only from the status it is expected in: single conditional updates,
 * or rows loaded under a lock.
 */
@ApplicationScoped
public class DeliveryLog {

    /** A delivery a sender has claimed, with everything needed to send it. */
    public record Claimed(UUID id, UUID eventId, UUID subscriptionId, String recipient, String messageId, int attempts,
                          String type, String language, String subject, String bodyText, String bodyHtml, boolean erased) {

        /**
         * The recipient as {@code NotificationSent} carries it: of a deprovisioned subscription (its last email, S3)
         * only the pseudonym, so that no event published after the deprovisioning carries its addresses.
         */
        public String recipientAsPublished() {
            return erased ? Pseudonyms.email(subscriptionId, recipient) : recipient;
        }

        /** The subject as {@code NotificationSent} carries it: it names the subscription, erased after deprovisioning. */
        public String subjectAsPublished() {
            return erased ? Pseudonyms.NAME : subject;
        }
    }

    /** One email as the API shows it. */
    public record Row(UUID id, UUID eventId, String type, String recipient, String subject, String language,
                      DeliveryStatus status, int attempts, Instant sentAt, Instant createdAt, String lastError) {
    }

    /** The JPA hint for a lock timeout; {@link Timeouts#SKIP_LOCKED_MILLI} turns it into SKIP LOCKED. */
    private static final String LOCK_TIMEOUT = "jakarta.persistence.lock.timeout";
    private static final int MAX_ERROR = 2000;
    private static final int MAX_RECIPIENT = 320;

    private final EntityManager entityManager;

    public DeliveryLog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The delivery id of (event, recipient): the same pair always gets the same id, and so the same Message-ID. */
    public static UUID deliveryId(UUID eventId, String recipient) {
        return UUID.nameUUIDFromBytes((eventId + "|" + recipient).getBytes(StandardCharsets.UTF_8));
    }

    public static String messageId(UUID deliveryId) {
        return "<" + deliveryId + "@alerting.opencredit>";
    }

    // ---- held alerts (the callers hold the subscription's lock, Directory.lock) ----

    /** Holds an alert until its subscription is known; holding the same event again changes nothing. */
    public void hold(UUID eventId, UUID subscriptionId, String type, byte[] envelope, Instant now) {
        if (HeldAlert.count("eventId", eventId) > 0) {
            return;
        }
        HeldAlert held = new HeldAlert();
        held.eventId = eventId;
        held.subscriptionId = subscriptionId;
        held.eventType = type;
        held.envelope = envelope;
        held.heldAt = now;
        held.persist();
    }

    /** Removes and returns the held alerts of a subscription, in the order they were read. */
    public List<byte[]> release(UUID subscriptionId) {
        List<HeldAlert> held = HeldAlert.find("subscriptionId = ?1 order by seq", subscriptionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        held.forEach(alert -> alert.delete());
        return held.stream().map(alert -> alert.envelope).toList();
    }

    // ---- intent ----

    /**
     * Records the email of one causing event and a delivery per recipient (the intent), in the
     * caller's transaction. A repeat for the same event and recipient adds nothing: the delivery id is
     * derived from the two, and the callers hold the subscription's lock (UNIQUE backs it in the schema).
     *
     * @return the number of deliveries added
     */
    public int record(UUID eventId, UUID subscriptionId, String type, String language, String subject, String bodyText,
                      String bodyHtml, Instant occurredAt, Instant now, List<String> recipients, List<String> refused) {
        Notification notification = Notification.findById(eventId);
        // a delivery needs its notification (foreign key): only a repeat can find deliveries already there
        boolean repeat = notification != null;
        if (!repeat) {
            notification = new Notification();
            notification.eventId = eventId;
            notification.subscriptionId = subscriptionId;
            notification.eventType = type;
            notification.language = language;
            notification.subject = subject;
            notification.bodyText = bodyText;
            notification.bodyHtml = bodyHtml;
            notification.occurredAt = occurredAt;
            notification.createdAt = now;
            notification.persist();
        }
        Instant due = databaseNow();
        int added = 0;
        for (String recipient : recipients) {
            added += addDelivery(notification, repeat, recipient, DeliveryStatus.PENDING, null, due, now);
        }
        for (String recipient : refused) {
            String shown = recipient.length() > MAX_RECIPIENT ? recipient.substring(0, MAX_RECIPIENT) : recipient;
            addDelivery(notification, repeat, shown, DeliveryStatus.REFUSED, "malformed or unsafe email address; never sent", due, now);
        }
        return added;
    }

    private static int addDelivery(Notification notification, boolean repeat, String recipient, DeliveryStatus status,
                                   String error, Instant due, Instant now) {
        UUID id = deliveryId(notification.eventId, recipient);
        if (repeat && Delivery.findById(id) != null) {
            return 0;
        }
        Delivery delivery = new Delivery();
        delivery.id = id;
        delivery.notification = notification;
        delivery.subscriptionId = notification.subscriptionId;
        delivery.recipient = recipient;
        delivery.status = status;
        delivery.attempts = 0;
        delivery.nextAttemptAt = due;
        delivery.messageId = messageId(id);
        delivery.lastError = error;
        delivery.createdAt = now;
        delivery.persist();
        return 1;
    }

    // ---- sender ----

    /**
     * Claims up to {@code limit} due deliveries: SENDING under a lease, committed before any SMTP traffic.
     * Rows another sender is claiming are skipped (SELECT ... FOR UPDATE SKIP LOCKED), so several
     * instances share the work and never claim the same row.
     */
    public List<Claimed> claimDue(int limit, Duration lease) {
        Instant now = databaseNow();
        List<Delivery> due = Delivery.find("status = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt, createdAt",
                        DeliveryStatus.PENDING, now)
                .page(0, limit)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .list();
        for (Delivery delivery : due) {
            delivery.status = DeliveryStatus.SENDING;
            delivery.attempts++;
            delivery.leaseUntil = now.plus(lease);
        }
        Set<UUID> subscriptions = due.stream().map(d -> d.subscriptionId).collect(Collectors.toSet());
        Set<UUID> erased = subscriptions.isEmpty() ? Set.of() : new HashSet<>(entityManager.createQuery(
                        "select s.subscriptionId from AlertSubscription s where s.subscriptionId in ?1 and s.deprovisionedAt is not null",
                        UUID.class).setParameter(1, subscriptions).getResultList());
        return due.stream().map(delivery -> claimed(delivery, erased.contains(delivery.subscriptionId))).toList();
    }

    private static Claimed claimed(Delivery delivery, boolean erased) {
        Notification notification = delivery.notification;
        return new Claimed(delivery.id, notification.eventId, delivery.subscriptionId, delivery.recipient, delivery.messageId,
                delivery.attempts, notification.eventType, notification.language, notification.subject,
                notification.bodyText, notification.bodyHtml, erased);
    }

    /** The SMTP server accepted it. Returns false if the row was not ours to mark (nothing changes then). */
    public boolean markSent(UUID id, Instant sentAt) {
        return Delivery.update("status = ?1, sentAt = ?2, leaseUntil = null, lastError = null where id = ?3 and status in ?4",
                DeliveryStatus.SENT, sentAt, id, List.of(DeliveryStatus.SENDING, DeliveryStatus.UNCERTAIN)) == 1;
    }

    /** The SMTP server refused or could not be reached: back to PENDING, next attempt after {@code delay}. */
    public void markFailed(UUID id, String error, Duration delay) {
        String shown = error == null ? "unknown error" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        Delivery.update("status = ?1, leaseUntil = null, lastError = ?2, nextAttemptAt = ?3 where id = ?4 and status = ?5",
                DeliveryStatus.PENDING, shown, databaseNow().plus(delay), id, DeliveryStatus.SENDING);
    }

    /** Claimed deliveries the sender did not try (the server was unreachable): PENDING again, attempt not counted. */
    public void releaseUntried(List<UUID> ids, Duration delay) {
        if (ids.isEmpty()) {
            return;
        }
        Instant next = databaseNow().plus(delay);
        List<Delivery> untried = Delivery.find("id in ?1 and status = ?2", ids, DeliveryStatus.SENDING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Delivery delivery : untried) {
            delivery.status = DeliveryStatus.PENDING;
            delivery.leaseUntil = null;
            delivery.attempts = Math.max(delivery.attempts - 1, 0);
            delivery.nextAttemptAt = next;
        }
    }

    /**
     * Deliveries whose sender's lease ran out (it died talking to SMTP): UNCERTAIN, or back to PENDING
     * when {@code resend} (same Message-ID). Returns how many.
     */
    public int expireLeases(boolean resend) {
        Instant now = databaseNow();
        if (resend) {
            return Delivery.update("status = ?1, leaseUntil = null, nextAttemptAt = ?2, lastError = ?3 "
                            + "where status = ?4 and leaseUntil < ?2", DeliveryStatus.PENDING, now,
                    "sender lease expired; resent with the same Message-ID", DeliveryStatus.SENDING);
        }
        return Delivery.update("status = ?1, leaseUntil = null, lastError = ?2 where status = ?3 and leaseUntil < ?4",
                DeliveryStatus.UNCERTAIN, "sender lease expired mid-send; not resent (at most once)", DeliveryStatus.SENDING, now);
    }

    // ---- queries ----

    /** Every email of a subscription, oldest first. */
    /** Where a page of a subscription's emails ended: the last one's creation time and id (keyset paging). */
    public record Position(Instant createdAt, UUID id) {
    }

    /**
     * At most {@code limit} emails of the subscription, oldest first (creation time, then id), after {@code after} if
     * given. The query stops at {@code limit} rows (index {@code delivery_by_subscription_page}): a long history is
     * never read whole.
     */
    public List<Row> forSubscription(UUID subscriptionId, java.util.Optional<Position> after, int limit) {
        String query = "from Delivery d join fetch d.notification n where d.subscriptionId = ?1";
        List<Delivery> deliveries = after.isEmpty()
                ? Delivery.find(query + " order by d.createdAt, d.id", subscriptionId).page(0, limit).list()
                : Delivery.find(query + " and (d.createdAt > ?2 or (d.createdAt = ?2 and d.id > ?3)) order by d.createdAt, d.id",
                        subscriptionId, after.get().createdAt(), after.get().id()).page(0, limit).list();
        return deliveries.stream().map(d -> new Row(d.id, d.notification.eventId, d.notification.eventType, d.recipient,
                d.notification.subject, d.notification.language, d.status, d.attempts, d.sentAt, d.createdAt, d.lastError)).toList();
    }

    /**
     * The database's wall clock ({@code clock_timestamp()}): leases and retry times are technical timers that
     * must not jump when an operator advances the suite clock, and every instance shares this one.
     */
    private Instant databaseNow() {
        return (Instant) entityManager.createNativeQuery("SELECT clock_timestamp()", Instant.class).getSingleResult();
    }
}
