package io.opencredit.alerting.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.alerting.domain.DeliveryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The notifications, their deliveries (one per causing event and recipient) and the alerts held
 * until their subscription is known. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class DeliveryLog {

    /** A delivery a sender has claimed, with everything needed to send it. */
    public record Claimed(UUID id, UUID eventId, UUID subscriptionId, String recipient, String messageId, int attempts,
                          String type, String language, String subject, String bodyText, String bodyHtml) {
    }

    /** One email as the API shows it. */
    public record Row(UUID id, UUID eventId, String type, String recipient, String subject, String language,
                      DeliveryStatus status, int attempts, Instant sentAt, Instant createdAt, String lastError) {
    }

    private final AgroalDataSource dataSource;

    public DeliveryLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The delivery id of (event, recipient): the same pair always gets the same id, and so the same Message-ID. */
    public static UUID deliveryId(UUID eventId, String recipient) {
        return UUID.nameUUIDFromBytes((eventId + "|" + recipient).getBytes(StandardCharsets.UTF_8));
    }

    public static String messageId(UUID deliveryId) {
        return "<" + deliveryId + "@alerting.opencredit>";
    }

    // ---- held alerts ----

    public void hold(UUID eventId, UUID subscriptionId, String type, byte[] envelope, Instant now) {
        String sql = "INSERT INTO alert_held_event (event_id, subscription_id, event_type, envelope, held_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, eventId);
            insert.setObject(2, subscriptionId);
            insert.setString(3, type);
            insert.setBytes(4, envelope);
            insert.setTimestamp(5, Jdbc.ts(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hold event " + eventId, e);
        }
    }

    /** Removes and returns the held alerts of a subscription, in the order they were read. */
    public List<byte[]> release(UUID subscriptionId) {
        String sql = "DELETE FROM alert_held_event WHERE subscription_id = ? RETURNING seq, envelope";
        List<long[]> order = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, subscriptionId);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    order.add(new long[] {rs.getLong(1), envelopes.size()});
                    envelopes.add(rs.getBytes(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release the held events of " + subscriptionId, e);
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        List<byte[]> sorted = new ArrayList<>(envelopes.size());
        for (long[] entry : order) {
            sorted.add(envelopes.get((int) entry[1]));
        }
        return sorted;
    }

    // ---- intent ----

    /**
     * Records the email of one causing event and a delivery per recipient (the intent), in the
     * caller's transaction. A repeat for the same event and recipient adds nothing (UNIQUE).
     *
     * @return the number of deliveries added
     */
    public int record(UUID eventId, UUID subscriptionId, String type, String language, String subject, String bodyText,
                      String bodyHtml, Instant occurredAt, Instant now, List<String> recipients, List<String> refused) {
        String notification = """
                INSERT INTO notification (event_id, subscription_id, event_type, language, subject, body_text, body_html, occurred_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""";
        String delivery = """
                INSERT INTO delivery (id, event_id, subscription_id, recipient, status, attempts, next_attempt_at, message_id, last_error, created_at)
                VALUES (?, ?, ?, ?, ?, 0, clock_timestamp(), ?, ?, ?) ON CONFLICT (event_id, recipient) DO NOTHING""";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(notification)) {
                insert.setObject(1, eventId);
                insert.setObject(2, subscriptionId);
                insert.setString(3, type);
                insert.setString(4, language);
                insert.setString(5, subject);
                insert.setString(6, bodyText);
                insert.setString(7, bodyHtml);
                insert.setTimestamp(8, Jdbc.ts(occurredAt));
                insert.setTimestamp(9, Jdbc.ts(now));
                insert.executeUpdate();
            }
            int added = 0;
            try (PreparedStatement insert = connection.prepareStatement(delivery)) {
                for (String recipient : recipients) {
                    added += insertDelivery(insert, eventId, subscriptionId, recipient, DeliveryStatus.PENDING, null, now);
                }
                for (String recipient : refused) {
                    String shown = recipient.length() > 320 ? recipient.substring(0, 320) : recipient;
                    insertDelivery(insert, eventId, subscriptionId, shown, DeliveryStatus.REFUSED,
                            "malformed or unsafe email address; never sent", now);
                }
            }
            return added;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the email of event " + eventId, e);
        }
    }

    private static int insertDelivery(PreparedStatement insert, UUID eventId, UUID subscriptionId, String recipient,
                                      DeliveryStatus status, String error, Instant now) throws SQLException {
        UUID id = deliveryId(eventId, recipient);
        insert.setObject(1, id);
        insert.setObject(2, eventId);
        insert.setObject(3, subscriptionId);
        insert.setString(4, recipient);
        insert.setString(5, status.name());
        insert.setString(6, messageId(id));
        insert.setString(7, error);
        insert.setTimestamp(8, Jdbc.ts(now));
        return insert.executeUpdate();
    }

    // ---- sender ----

    /** Claims up to {@code limit} due deliveries: SENDING under a lease, committed before any SMTP traffic. */
    public List<Claimed> claimDue(int limit, Duration lease) {
        String sql = """
                WITH due AS (
                    SELECT id FROM delivery
                    WHERE status = 'PENDING' AND next_attempt_at <= clock_timestamp()
                    ORDER BY next_attempt_at, created_at
                    LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE delivery d SET status = 'SENDING', attempts = d.attempts + 1,
                       lease_until = clock_timestamp() + (? * interval '1 millisecond')
                FROM due, notification n
                WHERE d.id = due.id AND n.event_id = d.event_id
                RETURNING d.id, d.event_id, d.subscription_id, d.recipient, d.message_id, d.attempts,
                          n.event_type, n.language, n.subject, n.body_text, n.body_html, d.created_at""";
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, limit);
            update.setLong(2, lease.toMillis());
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim deliveries", e);
        }
        return claimed;
    }

    /** The SMTP server accepted it. Returns false if the row was not ours to mark (nothing changes then). */
    public boolean markSent(UUID id, Instant sentAt) {
        String sql = "UPDATE delivery SET status = 'SENT', sent_at = ?, lease_until = NULL, last_error = NULL "
                + "WHERE id = ? AND status IN ('SENDING', 'UNCERTAIN')";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setTimestamp(1, Jdbc.ts(sentAt));
            update.setObject(2, id);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark delivery " + id + " sent", e);
        }
    }

    /** The SMTP server refused or could not be reached: back to PENDING, next attempt after {@code delay}. */
    public void markFailed(UUID id, String error, Duration delay) {
        String sql = "UPDATE delivery SET status = 'PENDING', lease_until = NULL, last_error = ?, "
                + "next_attempt_at = clock_timestamp() + (? * interval '1 millisecond') WHERE id = ? AND status = 'SENDING'";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error);
            update.setLong(2, delay.toMillis());
            update.setObject(3, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark delivery " + id + " failed", e);
        }
    }

    /** Claimed deliveries the sender did not try (the server was unreachable): PENDING again, attempt not counted. */
    public void releaseUntried(List<UUID> ids, Duration delay) {
        if (ids.isEmpty()) {
            return;
        }
        String sql = "UPDATE delivery SET status = 'PENDING', lease_until = NULL, attempts = GREATEST(attempts - 1, 0), "
                + "next_attempt_at = clock_timestamp() + (? * interval '1 millisecond') WHERE id = ANY (?) AND status = 'SENDING'";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, delay.toMillis());
            update.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release claimed deliveries", e);
        }
    }

    /**
     * Deliveries whose sender's lease ran out (it died talking to SMTP): UNCERTAIN, or back to PENDING
     * when {@code resend} (same Message-ID). Returns how many.
     */
    public int expireLeases(boolean resend) {
        String sql = resend
                ? "UPDATE delivery SET status = 'PENDING', lease_until = NULL, next_attempt_at = clock_timestamp(), "
                  + "last_error = 'sender lease expired; resent with the same Message-ID' WHERE status = 'SENDING' AND lease_until < clock_timestamp()"
                : "UPDATE delivery SET status = 'UNCERTAIN', lease_until = NULL, "
                  + "last_error = 'sender lease expired mid-send; not resent (at most once)' WHERE status = 'SENDING' AND lease_until < clock_timestamp()";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire leases", e);
        }
    }

    // ---- queries ----

    /** Every email of a subscription, oldest first. */
    public List<Row> forSubscription(UUID subscriptionId) {
        String sql = """
                SELECT d.id, d.event_id, n.event_type, d.recipient, n.subject, n.language, d.status, d.attempts,
                       d.sent_at, d.created_at, d.last_error
                FROM delivery d JOIN notification n ON n.event_id = d.event_id
                WHERE d.subscription_id = ? ORDER BY d.created_at, n.occurred_at, d.recipient""";
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), DeliveryStatus.valueOf(rs.getString(7)), rs.getInt(8),
                            Jdbc.instant(rs.getTimestamp(9)), Jdbc.instant(rs.getTimestamp(10)), rs.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the emails of " + subscriptionId, e);
        }
        return rows;
    }
}
