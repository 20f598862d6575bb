package io.opencredit.runtime.consumer;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumed positions and processed event ids, kept in the service's database in the same
 * transaction as the effects (KafkaConsumer javadoc, "Storing Offsets Outside Kafka").
 */
@ApplicationScoped
public class PositionStore {

    /** Where to resume a partition, and the epoch under which this instance owns it. */
    public record Claim(long nextOffset, long epoch) {
        public boolean hasPosition() {
            return nextOffset >= 0;
        }
    }

    private final AgroalDataSource dataSource;

    public PositionStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes ownership of a partition: bumps its epoch, fencing any older owner, and returns where to resume. */
    public Claim claim(String consumer, String topic, int partition) {
        String sql = """
                INSERT INTO oc_consumer_position (consumer, topic, kafka_partition, next_offset, epoch)
                VALUES (?, ?, ?, -1, 1)
                ON CONFLICT (consumer, topic, kafka_partition)
                DO UPDATE SET epoch = oc_consumer_position.epoch + 1, updated_at = now()
                RETURNING next_offset, epoch""";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setString(1, consumer);
            claim.setString(2, topic);
            claim.setInt(3, partition);
            try (ResultSet rs = claim.executeQuery()) {
                rs.next();
                return new Claim(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim " + topic + "-" + partition, e);
        }
    }

    /**
     * Records the next offset to read, from the one this owner last stored ({@code expectedOffset}: its claim's,
     * or its last committed batch's). Refuses (rolls back the batch) if another owner took over, or if the stored
     * position is not the expected one: the database lost commits it had acknowledged (a restore, a failover to a
     * replica behind), and the batch would otherwise carry on from the consumer's position in memory, past events
     * whose effects are gone. The caller re-claims and seeks back to the stored position.
     */
    public void advance(String consumer, String topic, int partition, long expectedOffset, long nextOffset, long epoch) {
        String sql = "UPDATE oc_consumer_position SET next_offset = ?, updated_at = now() "
                + "WHERE consumer = ? AND topic = ? AND kafka_partition = ? AND epoch = ? AND next_offset = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, nextOffset);
            update.setString(2, consumer);
            update.setString(3, topic);
            update.setInt(4, partition);
            update.setLong(5, epoch);
            update.setLong(6, expectedOffset);
            if (update.executeUpdate() != 1) {
                throw new FencedException(consumer + " no longer owns " + topic + "-" + partition + " at epoch " + epoch
                        + ", or its stored position is no longer " + expectedOffset);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the position of " + topic + "-" + partition, e);
        }
    }

    /** The next offset the consumer stored for the partition (what it has applied up to), -1 if none yet. */
    public long storedOffset(String consumer, String topic, int partition) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT next_offset FROM oc_consumer_position WHERE consumer = ? AND topic = ? AND kafka_partition = ?")) {
            select.setString(1, consumer);
            select.setString(2, topic);
            select.setInt(3, partition);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored position of " + topic + "-" + partition, e);
        }
    }

    /** Throws unless the database answers. */
    public void ping() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT 1")) {
            select.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("database unavailable", e);
        }
    }

    /** Of the given ids, those this consumer has already processed. */
    public Set<UUID> alreadyProcessed(String consumer, List<UUID> eventIds) {
        Set<UUID> seen = new HashSet<>();
        if (eventIds.isEmpty()) {
            return seen;
        }
        try (Connection connection = dataSource.getConnection();
             // one primary-key probe per id, whatever the table's statistics say (an "= ANY" filter can
             // degrade to scanning every id the consumer ever processed)
             PreparedStatement select = connection.prepareStatement(
                     "SELECT p.event_id FROM unnest(?::uuid[]) AS batch(id) "
                             + "JOIN oc_processed_event p ON p.consumer = ? AND p.event_id = batch.id")) {
            select.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            select.setString(2, consumer);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getObject(1, UUID.class));
                }
            }
            return seen;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read processed events", e);
        }
    }

    /** Marks events as processed; part of the caller's transaction. */
    public void markProcessed(String consumer, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             // one statement for the whole batch (unnest), not one execution per id
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO oc_processed_event (consumer, event_id) SELECT ?, id FROM unnest(?::uuid[]) AS batch(id)")) {
            insert.setString(1, consumer);
            insert.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record processed events", e);
        }
    }
}
