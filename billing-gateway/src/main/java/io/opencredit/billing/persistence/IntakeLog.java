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

/**
 * The usage intake log (SPEC T5): which (subscription, usage id) were accepted, with their content hash.
 * Hand-written SQL, not entities: it is the hot path of POST /usage (63,000-66,000 accepted records/s at
 * 29-31 us CPU each, docs/benchmarks.md), one {@code INSERT ... FROM unnest(...) ON CONFLICT DO NOTHING
 * RETURNING} per batch of 1000 where entities would take a lookup and 1000 inserts.
 *
 * <p>A batch's keys and entries travel as PostgreSQL arrays. They are bound as {@code String[]},
 * {@code byte[][]} and {@code Long[]}, which the driver sends in binary; an {@code Object[]} (of
 * UUIDs or timestamps) would be written as one array literal with every element quoted and escaped
 * character by character, which cost more than the rest of the statement on the JVM side. UUIDs go
 * as text and are cast by PostgreSQL; usage times go as microseconds since the epoch (exact, and
 * cheaper for PostgreSQL than parsing timestamp text).
 */
@ApplicationScoped
public class IntakeLog {

    public record Key(UUID subscriptionId, String usageId) {
    }

    /** {@code contentHash}: the 32 bytes of {@link io.opencredit.billing.domain.UsageInput#contentHash()}. */
    public record Entry(Key key, byte[] contentHash, UUID eventId, Instant usageTime) {
    }

    private final AgroalDataSource dataSource;

    public IntakeLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The content hashes of the keys already in the log: one query for the whole batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Key, byte[]> existing(List<Key> keys) {
        Map<Key, byte[]> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT l.subscription_id, l.usage_id, l.content_hash FROM usage_intake l"
                             + " JOIN unnest(?::text[]::uuid[], ?::text[]) AS k (subscription_id, usage_id)"
                             + " ON l.subscription_id = k.subscription_id AND l.usage_id = k.usage_id")) {
            select.setArray(1, connection.createArrayOf("text", keys.stream().map(k -> k.subscriptionId().toString()).toArray(String[]::new)));
            select.setArray(2, connection.createArrayOf("text", keys.stream().map(Key::usageId).toArray(String[]::new)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.put(new Key(rs.getObject(1, UUID.class), rs.getString(2)), rs.getBytes(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the usage intake log", e);
        }
        return found;
    }

    /**
     * Inserts the entries in one statement; returns, per entry, whether it was inserted. A key a
     * concurrent request inserted meanwhile is skipped (the caller re-reads it and reports duplicate
     * or conflict). The entries' keys are distinct.
     *
     * <p>PostgreSQL returns the inserted rows in the order it inserted them, the order of the arrays,
     * so each returned key is matched by walking the entries forward (no key objects, no set); should
     * a row ever come back out of that order, the rest are matched by key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] insert(List<Entry> entries, Instant receivedAt) {
        int n = entries.size();
        if (n == 0) {
            return new boolean[0];
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO usage_intake (subscription_id, usage_id, content_hash, event_id, usage_time, received_at)"
                             + " SELECT s::uuid, u, h, e::uuid, timestamptz 'epoch' + t * interval '1 microsecond', ?"
                             + " FROM unnest(?::text[], ?::text[], ?::bytea[], ?::text[], ?::int8[]) AS k (s, u, h, e, t)"
                             + " ON CONFLICT DO NOTHING RETURNING subscription_id, usage_id")) {
            String[] subscriptions = new String[n];
            String[] ids = new String[n];
            byte[][] hashes = new byte[n][];
            String[] events = new String[n];
            Long[] micros = new Long[n];
            for (int i = 0; i < n; i++) {
                Entry entry = entries.get(i);
                subscriptions[i] = entry.key().subscriptionId().toString();
                ids[i] = entry.key().usageId();
                hashes[i] = entry.contentHash();
                events[i] = entry.eventId().toString();
                Instant usageTime = entry.usageTime(); // usage times passed T6: near now, far from overflowing
                micros[i] = usageTime.getEpochSecond() * 1_000_000L + usageTime.getNano() / 1000;
            }
            insert.setTimestamp(1, Timestamp.from(receivedAt));
            insert.setArray(2, connection.createArrayOf("text", subscriptions));
            insert.setArray(3, connection.createArrayOf("text", ids));
            insert.setArray(4, connection.createArrayOf("bytea", hashes));
            insert.setArray(5, connection.createArrayOf("text", events));
            insert.setArray(6, connection.createArrayOf("int8", micros));
            Inserted inserted = new Inserted(subscriptions, ids);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.returned(rs.getString(1), rs.getString(2));
                }
            }
            return inserted.flags();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the usage intake log", e);
        }
    }

    /**
     * Which of the entries (distinct keys, given as the arrays sent) the rows {@code RETURNING} named:
     * each row is looked for from the entry after the previous row's, as PostgreSQL returns rows in
     * the order it inserted them; a row found nowhere after it (out of order) switches to matching
     * every later row by key, so the answer is exact in any order.
     */
    static final class Inserted {
        private final String[] subscriptions;
        private final String[] ids;
        private final boolean[] flags;
        private int next;
        private Set<Key> unordered;

        Inserted(String[] subscriptions, String[] ids) {
            this.subscriptions = subscriptions;
            this.ids = ids;
            this.flags = new boolean[ids.length];
        }

        void returned(String subscription, String usageId) {
            if (unordered == null) {
                int i = next;
                while (i < ids.length && !(ids[i].equals(usageId) && subscriptions[i].equals(subscription))) {
                    i++;
                }
                if (i < ids.length) {
                    flags[i] = true;
                    next = i + 1;
                    return;
                }
                unordered = new HashSet<>();
            }
            unordered.add(new Key(UUID.fromString(subscription), usageId));
        }

        boolean[] flags() {
            if (unordered != null) {
                for (int i = 0; i < ids.length; i++) {
                    flags[i] |= unordered.contains(new Key(UUID.fromString(subscriptions[i]), ids[i]));
                }
            }
            return flags;
        }
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
