package io.opencredit.alerting.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * The webhook tables (V23): endpoints, the messages (one body per event) and the delivery log. Plain SQL, because
 * the sender's claim (the head of each (endpoint, subscription) queue, SKIP LOCKED) and the idempotent inserts
 * ({@code ON CONFLICT DO NOTHING}) are SQL at heart. Every method runs in the caller's transaction. Technical timers
 * use the database's wall clock ({@code clock_timestamp()}), business times the suite clock passed in.
 */
@ApplicationScoped
public class WebhookStore {

    /** The first key of this handler's advisory locks, apart from the directory's (0x0A1E). */
    private static final int LOCK_SPACE = 0x0A1F;
    private static final int MAX_ERROR = 500;

    /** One endpoint, secrets included (never shown by the API after creation or rotation). */
    public record Endpoint(UUID id, long seq, String ownerSubject, String ownerEmail, String ownerRole, String url,
                           UUID subscriptionId, List<String> eventTypes, String secret, String previousSecret,
                           Instant previousSecretUntil, Instant createdAt) {

        public boolean ownerIsOperator() {
            return "operator".equals(ownerRole);
        }
    }

    /** One delivery as the API lists it. */
    public record Delivery(UUID id, long seq, UUID endpointId, UUID eventId, String eventType, UUID subscriptionId,
                           String status, int attempts, Integer lastStatusCode, String lastError, Instant lastAttemptAt,
                           Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
    }

    /** A delivery a sender has claimed (SENDING, under a lease), with what it needs to send it. */
    public record Claimed(UUID id, UUID endpointId, UUID eventId, UUID subscriptionId, int attempts, boolean checkAccess,
                          String url, List<String> secrets, String ownerEmail, String ownerRole, byte[] body) {
    }

    private final EntityManager entityManager;

    public WebhookStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A delivery's id: the same endpoint and event always get the same one. */
    public static UUID deliveryId(UUID endpointId, UUID eventId) {
        return UUID.nameUUIDFromBytes((endpointId + "|" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    // ---- endpoints ----

    public void create(UUID id, String ownerSubject, String ownerEmail, String ownerRole, String url, UUID subscriptionId,
                       Collection<String> eventTypes, String secret, Instant createdAt) {
        sql("INSERT INTO webhook_endpoint (id, owner_subject, owner_email, owner_role, url, "
                        + "subscription_id, secret, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, id).setParameter(2, ownerSubject).setParameter(3, ownerEmail).setParameter(4, ownerRole)
                .setParameter(5, url).setParameter(6, subscriptionId, UUID.class).setParameter(7, secret).setParameter(8, createdAt)
                .executeUpdate();
        for (String type : new TreeSet<>(eventTypes)) {
            entityManager.createNativeQuery("INSERT INTO webhook_endpoint_event_type (endpoint_id, event_type) VALUES (?1, ?2)")
                    .setParameter(1, id).setParameter(2, type).executeUpdate();
        }
    }

    public long countOwnedBy(String ownerSubject) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM webhook_endpoint WHERE owner_subject = ?1")
                .setParameter(1, ownerSubject).getSingleResult()).longValue();
    }

    /** An owner's endpoints after the cursor (a {@code seq}), oldest first. */
    public List<Endpoint> ownedBy(String ownerSubject, long afterSeq, int limit) {
        return endpoints("WHERE e.owner_subject = ?1 AND e.seq > ?2 ORDER BY e.seq LIMIT ?3", ownerSubject, afterSeq, limit);
    }

    public Optional<Endpoint> find(UUID id) {
        return endpoints("WHERE e.id = ?1", id).stream().findFirst();
    }

    /** The endpoints that receive any of these event types. */
    public List<Endpoint> receiving(Collection<String> eventTypes) {
        return endpoints("WHERE e.id IN (SELECT t.endpoint_id FROM webhook_endpoint_event_type t WHERE t.event_type IN (?1)) "
                + "ORDER BY e.seq", eventTypes);
    }

    public boolean delete(UUID id) {
        return entityManager.createNativeQuery("DELETE FROM webhook_endpoint WHERE id = ?1").setParameter(1, id).executeUpdate() == 1;
    }

    /** A new secret; the current one keeps signing (beside it) for {@code overlap}. Returns until when. */
    public Instant rotate(UUID id, String newSecret, Duration overlap) {
        Instant until = databaseNow().plus(overlap);
        entityManager.createNativeQuery("UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_until = ?1, "
                        + "secret = ?2 WHERE id = ?3")
                .setParameter(1, until).setParameter(2, newSecret).setParameter(3, id).executeUpdate();
        return until;
    }

    private List<Endpoint> endpoints(String where, Object... parameters) {
        var query = entityManager.createNativeQuery("SELECT e.id, e.seq, e.owner_subject, e.owner_email, e.owner_role, e.url, "
                + "e.subscription_id, e.secret, e.previous_secret, e.previous_secret_until, e.created_at, "
                + "(SELECT string_agg(t.event_type, ',' ORDER BY t.event_type) FROM webhook_endpoint_event_type t "
                + "WHERE t.endpoint_id = e.id) FROM webhook_endpoint e " + where);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            String types = (String) c[11];
            endpoints.add(new Endpoint((UUID) c[0], ((Number) c[1]).longValue(), (String) c[2], (String) c[3], (String) c[4],
                    (String) c[5], (UUID) c[6], types == null ? List.of() : Arrays.asList(types.split(",")), (String) c[7],
                    (String) c[8], instant(c[9]), instant(c[10])));
        }
        return endpoints;
    }

    // ---- intake (the consumer's transaction) ----

    /**
     * Serialises the intake of these subscriptions' events across consumers and instances, so that the order of
     * {@code seq} within a subscription is the order of the commits. Taken in a fixed order: no deadlock.
     */
    public void lock(Collection<UUID> subscriptionIds) {
        for (UUID id : new TreeSet<>(subscriptionIds)) {
            entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)")
                    .setParameter(1, LOCK_SPACE).setParameter(2, id.hashCode()).getSingleResult();
        }
    }

    /** Keeps the body of one event; a repeat changes nothing. */
    public void recordMessage(UUID eventId, UUID subscriptionId, String type, byte[] body, Instant now) {
        entityManager.createNativeQuery("INSERT INTO webhook_message (event_id, subscription_id, event_type, body, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, eventId).setParameter(2, subscriptionId).setParameter(3, type).setParameter(4, body)
                .setParameter(5, now).executeUpdate();
    }

    /** Records the intent to send one event to one endpoint; returns false when it was recorded before. */
    public boolean recordDelivery(UUID endpointId, UUID eventId, UUID subscriptionId, boolean checkAccess, Duration retryFor,
                                  Instant now) {
        return entityManager.createNativeQuery("INSERT INTO webhook_delivery (id, endpoint_id, event_id, subscription_id, "
                        + "status, check_access, next_attempt_at, give_up_at, created_at) VALUES (?1, ?2, ?3, ?4, 'PENDING', ?5, "
                        + "clock_timestamp(), clock_timestamp() + ?6 * interval '1 millisecond', ?7) "
                        + "ON CONFLICT (endpoint_id, event_id) DO NOTHING")
                .setParameter(1, deliveryId(endpointId, eventId)).setParameter(2, endpointId).setParameter(3, eventId)
                .setParameter(4, subscriptionId).setParameter(5, checkAccess).setParameter(6, retryFor.toMillis())
                .setParameter(7, now).executeUpdate() == 1;
    }

    // ---- sender ----

    /**
     * Claims up to {@code limit} due deliveries, each the head of its (endpoint, subscription) queue: no earlier
     * delivery of the queue is PENDING or SENDING. They become SENDING under a lease, committed before any request.
     * Rows another sender is claiming are skipped (SKIP LOCKED), and so are the queues behind them.
     */
    public List<Claimed> claimDue(int limit, Duration lease) {
        return claim("", limit, lease, null, null);
    }

    /**
     * Claims the next delivery of one queue, if it is due and its predecessors are finished: a sender that has just
     * delivered a queue's head goes on with that queue without waiting for the next round.
     */
    public Optional<Claimed> claimNext(UUID endpointId, UUID subscriptionId, Duration lease) {
        return claim(" AND d.endpoint_id = ?3 AND d.subscription_id = ?4", 1, lease, endpointId, subscriptionId).stream().findFirst();
    }

    private List<Claimed> claim(String queueFilter, int limit, Duration lease, UUID endpointId, UUID subscriptionId) {
        var query = entityManager.createNativeQuery("WITH due AS ("
                        + " SELECT d.id FROM webhook_delivery d"
                        + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= clock_timestamp()" + queueFilter
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery e WHERE e.endpoint_id = d.endpoint_id"
                        + "   AND e.subscription_id = d.subscription_id AND e.status IN ('PENDING', 'SENDING') AND e.seq < d.seq)"
                        + " ORDER BY d.seq LIMIT ?1 FOR UPDATE OF d SKIP LOCKED),"
                        + " claimed AS (UPDATE webhook_delivery w SET status = 'SENDING', attempts = w.attempts + 1,"
                        + " lease_until = clock_timestamp() + ?2 * interval '1 millisecond', last_attempt_at = clock_timestamp()"
                        + " FROM due WHERE w.id = due.id AND w.status = 'PENDING'"
                        + " RETURNING w.id, w.seq, w.endpoint_id, w.event_id, w.subscription_id, w.attempts, w.check_access)"
                        + " SELECT c.id, c.endpoint_id, c.event_id, c.subscription_id, c.attempts, c.check_access, e.url, e.secret,"
                        + " CASE WHEN e.previous_secret_until > clock_timestamp() THEN e.previous_secret END,"
                        + " e.owner_email, e.owner_role, m.body"
                        + " FROM claimed c JOIN webhook_endpoint e ON e.id = c.endpoint_id JOIN webhook_message m ON m.event_id = c.event_id"
                        + " ORDER BY c.seq")
                .setParameter(1, limit).setParameter(2, lease.toMillis());
        if (endpointId != null) {
            query.setParameter(3, endpointId).setParameter(4, subscriptionId);
        }
        List<Claimed> claimed = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            List<String> secrets = c[8] == null ? List.of((String) c[7]) : List.of((String) c[7], (String) c[8]);
            claimed.add(new Claimed((UUID) c[0], (UUID) c[1], (UUID) c[2], (UUID) c[3], ((Number) c[4]).intValue(),
                    (Boolean) c[5], (String) c[6], secrets, (String) c[9], (String) c[10], (byte[]) c[11]));
        }
        return claimed;
    }

    /** The receiver answered 2xx. False if the row was not ours to mark (nothing changes then). */
    public boolean markDelivered(UUID id, int statusCode, Instant deliveredAt) {
        return update("status = 'DELIVERED', last_status_code = ?1, last_error = NULL, lease_until = NULL, delivered_at = ?2 "
                + "WHERE id = ?3 AND status = 'SENDING'", statusCode, deliveredAt, id) == 1;
    }

    /**
     * The attempt failed: PENDING again after {@code pause}, or FAILED (given up) when that would be past the retry
     * window. Returns the new status.
     */
    public String markFailed(UUID id, Integer statusCode, String error, Duration pause) {
        String shown = error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        update("status = CASE WHEN clock_timestamp() + ?1 * interval '1 millisecond' > give_up_at THEN 'FAILED' ELSE 'PENDING' END, "
                        + "next_attempt_at = clock_timestamp() + ?1 * interval '1 millisecond', lease_until = NULL, "
                        + "last_status_code = CAST(?2 AS INTEGER), last_error = ?3 WHERE id = ?4 AND status = 'SENDING'",
                pause.toMillis(), statusCode, shown, id);
        return status(id);
    }

    /** The owner may not see this subscription's events: never sent. */
    public void markSkipped(UUID id, String reason) {
        update("status = 'SKIPPED', lease_until = NULL, last_error = ?1 WHERE id = ?2 AND status = 'SENDING'", reason, id);
    }

    /** Access cannot be decided yet (the subscription is not known yet): back to PENDING, attempt not counted. */
    public void postpone(UUID id, Duration pause) {
        update("status = 'PENDING', attempts = greatest(attempts - 1, 0), lease_until = NULL, "
                + "next_attempt_at = clock_timestamp() + ?1 * interval '1 millisecond' WHERE id = ?2 AND status = 'SENDING'",
                pause.toMillis(), id);
    }

    /** Access is decided: the owner may see it. */
    public void accessGranted(UUID id) {
        update("check_access = FALSE WHERE id = ?1", id);
    }

    /**
     * Deliveries whose sender's lease ran out (it died during the request): PENDING again, at once, so they are sent
     * again with the same {@code webhook-id} (Standard Webhooks receivers deduplicate by it). Returns how many.
     */
    public int expireLeases() {
        return entityManager.createNativeQuery("UPDATE webhook_delivery SET status = 'PENDING', lease_until = NULL, "
                + "next_attempt_at = clock_timestamp(), last_error = 'sender lease expired mid-request; sent again' "
                + "WHERE status = 'SENDING' AND lease_until < clock_timestamp()").executeUpdate();
    }

    // ---- the delivery log in the API ----

    /** An endpoint's deliveries after the cursor (a {@code seq}), in queue order. */
    public List<Delivery> deliveries(UUID endpointId, long afterSeq, int limit) {
        return deliveryRows("WHERE d.endpoint_id = ?1 AND d.seq > ?2 ORDER BY d.seq LIMIT ?3", endpointId, afterSeq, limit);
    }

    public Optional<Delivery> delivery(UUID endpointId, UUID deliveryId) {
        return deliveryRows("WHERE d.endpoint_id = ?1 AND d.id = ?2", endpointId, deliveryId).stream().findFirst();
    }

    /**
     * Sends a finished delivery again (same {@code webhook-id}): PENDING at the end of its queue, with a new retry
     * window. Returns false when it is not finished (PENDING or SENDING: it is being sent anyway).
     */
    public boolean redeliver(UUID deliveryId, Duration retryFor) {
        return update("status = 'PENDING', seq = nextval('webhook_delivery_seq'), next_attempt_at = clock_timestamp(), "
                        + "give_up_at = clock_timestamp() + ?1 * interval '1 millisecond', lease_until = NULL, delivered_at = NULL "
                        + "WHERE id = ?2 AND status IN ('DELIVERED', 'FAILED', 'SKIPPED')", retryFor.toMillis(), deliveryId) == 1;
    }

    private List<Delivery> deliveryRows(String where, Object... parameters) {
        var query = entityManager.createNativeQuery("SELECT d.id, d.seq, d.endpoint_id, d.event_id, m.event_type, "
                + "d.subscription_id, d.status, d.attempts, d.last_status_code, d.last_error, d.last_attempt_at, "
                + "d.next_attempt_at, d.delivered_at, d.created_at "
                + "FROM webhook_delivery d JOIN webhook_message m ON m.event_id = d.event_id " + where);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] c = (Object[]) row;
            String status = (String) c[6];
            deliveries.add(new Delivery((UUID) c[0], ((Number) c[1]).longValue(), (UUID) c[2], (UUID) c[3], (String) c[4],
                    (UUID) c[5], status, ((Number) c[7]).intValue(), c[8] == null ? null : ((Number) c[8]).intValue(),
                    (String) c[9], instant(c[10]), "PENDING".equals(status) ? instant(c[11]) : null, instant(c[12]),
                    instant(c[13])));
        }
        return deliveries;
    }

    // ---- retention ----

    /** Deletes finished deliveries created before {@code before}, then the bodies no delivery needs. */
    public int purge(Instant before) {
        int deliveries = entityManager.createNativeQuery("DELETE FROM webhook_delivery WHERE created_at < ?1 "
                + "AND status IN ('DELIVERED', 'FAILED', 'SKIPPED')").setParameter(1, before).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM webhook_message m WHERE m.created_at < ?1 "
                + "AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = m.event_id)")
                .setParameter(1, before).executeUpdate();
        return deliveries;
    }

    // ---- helpers ----

    private String status(UUID id) {
        List<?> found = entityManager.createNativeQuery("SELECT status FROM webhook_delivery WHERE id = ?1")
                .setParameter(1, id).getResultList();
        return found.isEmpty() ? "GONE" : (String) found.get(0);
    }

    private int update(String setAndWhere, Object... parameters) {
        NativeQuery<?> query = sql("UPDATE webhook_delivery SET " + setAndWhere);
        for (int i = 0; i < parameters.length; i++) {
            bind(query, i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    /** Binds a value; a null gets the type its column has, which PostgreSQL could not infer from an untyped null. */
    private static void bind(NativeQuery<?> query, int position, Object value) {
        if (value == null) {
            query.setParameter(position, null, String.class);
        } else {
            query.setParameter(position, value);
        }
    }

    private NativeQuery<?> sql(String statement) {
        return entityManager.createNativeQuery(statement).unwrap(NativeQuery.class);
    }

    private Instant databaseNow() {
        return (Instant) entityManager.createNativeQuery("SELECT clock_timestamp()", Instant.class).getSingleResult();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }
}
