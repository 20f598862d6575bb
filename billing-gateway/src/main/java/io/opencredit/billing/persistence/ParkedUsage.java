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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Intake usage held for a subscription the gateway does not know yet (SPEC R3, table {@code parked_usage}, V23).
 * Plain SQL like {@link IntakeLog}: the rows are taken with {@code FOR UPDATE SKIP LOCKED}, so two gateway
 * instances sweeping at once take different rows and a row is released or refused once.
 */
@ApplicationScoped
public class ParkedUsage {

    /**
     * A held record: where it came from (its Kafka position), its key, value and headers as they arrived (the
     * headers encoded by the caller), and when.
     */
    public record Parked(long id, UUID subscriptionId, String usageId, String topic, int partition, long offset,
                         byte[] key, byte[] value, byte[] headers, Instant parkedAt) {
    }

    private static final String COLUMNS = "p.id, p.subscription_id, p.usage_id, p.source_topic, p.source_partition,"
            + " p.source_offset, p.record_key, p.record_value, p.record_headers, p.parked_at";
    /** The view knows a subscription once its SubscriptionCreated was read: its currency is set. */
    private static final String KNOWN = "SELECT 1 FROM subscription_view s WHERE s.subscription_id = p.subscription_id"
            + " AND s.currency IS NOT NULL";

    private final AgroalDataSource dataSource;

    public ParkedUsage(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Holds the records (ids ignored); one redelivered from the same position is held once. Returns how many were new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int park(List<Parked> records) {
        if (records.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO parked_usage (subscription_id, usage_id, source_topic, source_partition, source_offset,"
                             + " record_key, record_value, record_headers, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             + " ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING")) {
            for (Parked record : records) {
                insert.setObject(1, record.subscriptionId());
                insert.setString(2, record.usageId());
                insert.setString(3, record.topic());
                insert.setInt(4, record.partition());
                insert.setLong(5, record.offset());
                insert.setBytes(6, record.key());
                insert.setBytes(7, record.value());
                insert.setBytes(8, record.headers());
                insert.setTimestamp(9, Timestamp.from(record.parkedAt()));
                insert.addBatch();
            }
            int inserted = 0;
            for (int count : insert.executeBatch()) {
                // the driver's rewritten multi-row insert answers SUCCESS_NO_INFO (-2): count those as inserted
                inserted += count == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
            }
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot park usage records", e);
        }
    }

    /**
     * Up to {@code limit} held records whose subscription the view now knows, in arrival order, locked for this
     * transaction; only those of {@code subscriptions} unless it is null (the periodic sweep reads the whole table).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Parked> releasable(List<UUID> subscriptions, int limit) {
        String only = subscriptions == null ? "" : " AND p.subscription_id = ANY (?::text[]::uuid[])";
        List<Parked> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM parked_usage p"
                     + " WHERE EXISTS (" + KNOWN + ")" + only + " ORDER BY p.id LIMIT ? FOR UPDATE OF p SKIP LOCKED")) {
            int i = 1;
            if (subscriptions != null) {
                select.setArray(i++, connection.createArrayOf("text", subscriptions.stream().map(UUID::toString).toArray(String[]::new)));
            }
            select.setInt(i, limit);
            read(select, found);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read parked usage records", e);
        }
        return found;
    }

    /** Up to {@code limit} held records parked before {@code cutoff} whose subscription is still unknown, locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Parked> expired(Instant cutoff, int limit) {
        List<Parked> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM parked_usage p"
                     + " WHERE p.parked_at < ? AND NOT EXISTS (" + KNOWN + ")"
                     + " ORDER BY p.parked_at, p.id LIMIT ? FOR UPDATE OF p SKIP LOCKED")) {
            select.setTimestamp(1, Timestamp.from(cutoff));
            select.setInt(2, limit);
            read(select, found);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read parked usage records", e);
        }
        return found;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM parked_usage WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("int8", ids.toArray(Long[]::new)));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete parked usage records", e);
        }
    }

    /** How many records are held (all instances). */
    @Transactional
    public long count() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM parked_usage");
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count parked usage records", e);
        }
    }

    private static void read(PreparedStatement select, List<Parked> found) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                found.add(new Parked(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getLong(6), rs.getBytes(7), rs.getBytes(8), rs.getBytes(9), rs.getTimestamp(10).toInstant()));
            }
        }
    }
}
