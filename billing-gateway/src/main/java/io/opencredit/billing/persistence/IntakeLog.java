package io.opencredit.billing.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The usage intake log (SPEC T5): which (subscription, usage id) were accepted, with their content hash. */
@ApplicationScoped
public class IntakeLog {

    public record Key(UUID subscriptionId, String usageId) {
    }

    public record Entry(Key key, String contentHash, UUID eventId, Instant usageTime) {
    }

    private final AgroalDataSource dataSource;

    public IntakeLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The content hashes of the keys already in the log: one query for the whole batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Key, String> existing(List<Key> keys) {
        Map<Key, String> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT l.subscription_id, l.usage_id, l.content_hash FROM usage_intake l"
                             + " JOIN unnest(?::uuid[], ?::text[]) AS k (subscription_id, usage_id)"
                             + " ON l.subscription_id = k.subscription_id AND l.usage_id = k.usage_id")) {
            select.setArray(1, connection.createArrayOf("uuid", keys.stream().map(Key::subscriptionId).toArray()));
            select.setArray(2, connection.createArrayOf("text", keys.stream().map(Key::usageId).toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.put(new Key(rs.getObject(1, UUID.class), rs.getString(2)), rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the usage intake log", e);
        }
        return found;
    }

    /**
     * Inserts the entries in one statement; returns the keys actually inserted. A key a concurrent
     * request inserted meanwhile is skipped (the caller re-reads it and reports duplicate or conflict).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Key> insert(List<Entry> entries, Instant receivedAt) {
        Set<Key> inserted = new HashSet<>();
        if (entries.isEmpty()) {
            return inserted;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO usage_intake (subscription_id, usage_id, content_hash, event_id, usage_time, received_at)"
                             + " SELECT s, u, h, e, t, ? FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[]) AS k (s, u, h, e, t)"
                             + " ON CONFLICT DO NOTHING RETURNING subscription_id, usage_id")) {
            int n = entries.size();
            Object[] subscriptions = new Object[n];
            Object[] ids = new Object[n];
            Object[] hashes = new Object[n];
            Object[] events = new Object[n];
            Object[] times = new Object[n];
            for (int i = 0; i < n; i++) {
                Entry entry = entries.get(i);
                subscriptions[i] = entry.key().subscriptionId();
                ids[i] = entry.key().usageId();
                hashes[i] = entry.contentHash();
                events[i] = entry.eventId();
                times[i] = Timestamp.from(entry.usageTime());
            }
            insert.setTimestamp(1, Timestamp.from(receivedAt));
            insert.setArray(2, connection.createArrayOf("uuid", subscriptions));
            insert.setArray(3, connection.createArrayOf("text", ids));
            insert.setArray(4, connection.createArrayOf("text", hashes));
            insert.setArray(5, connection.createArrayOf("uuid", events));
            insert.setArray(6, connection.createArrayOf("timestamptz", times));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new Key(rs.getObject(1, UUID.class), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the usage intake log", e);
        }
        return inserted;
    }

    /**
     * Forgets entries whose usage time is older than {@code before}: a repeat of such a record is
     * refused as too late (T6) anyway, so it can never be applied twice.
     */
    @Transactional
    public int purgeOlderThan(Instant before) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_intake WHERE usage_time < ?")) {
            delete.setTimestamp(1, Timestamp.from(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge the usage intake log", e);
        }
    }
}
