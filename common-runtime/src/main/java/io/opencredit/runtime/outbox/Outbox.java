package io.opencredit.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.trace.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes events into the service's outbox table inside the caller's transaction: they exist if and
 * only if the business change they describe commits. {@link OutboxRelay} publishes them later.
 * Never call Kafka from a business transaction, and never persist-then-send.
 *
 * <p>A few events go in as one row each; a larger batch goes in as one row holding all of them in
 * order (an {@link OutboxBundle}), so PostgreSQL stores, indexes and later deletes one tuple per
 * batch instead of one per event. Rows take {@code id} from the sequence in the order written,
 * which is the order the relay publishes in.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, traceparent) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_BUNDLE = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, records) VALUES (?, ?, ?, ?, ?, ?)";
    /** The key and type columns of a bundle row (its records carry their own); never an event type. */
    static final String BUNDLE = "*";
    /** From this many events a batch goes in as one bundle row rather than a row per event. */
    private static final int BUNDLE_FROM = 16;

    private final AgroalDataSource dataSource;

    public Outbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds one event for {@code topic}, keyed by its subscription id. Requires a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, EventEnvelope event) {
        appendAll(topic, List.of(event));
    }

    /** An event and its JSON as {@link EventCodec#encode} writes it (encoded by a caller that had its payload written already). */
    public record Encoded(EventEnvelope event, byte[] value) {
    }

    /** Adds events in the given order (the relay publishes them in it). Requires a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(String topic, List<EventEnvelope> events) {
        List<Encoded> encoded = new ArrayList<>(events.size());
        for (EventEnvelope event : events) {
            encoded.add(new Encoded(event, EventCodec.encode(event)));
        }
        appendEncoded(topic, encoded);
    }

    /** As {@link #appendAll}, for events the caller encoded. Requires a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendEncoded(String topic, List<Encoded> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (events.size() < BUNDLE_FROM) {
                insert(connection, topic, events);
            } else {
                insertBundle(connection, topic, events);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }

    private static void insert(Connection connection, String topic, List<Encoded> events) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Encoded encoded : events) {
                EventEnvelope event = encoded.event();
                insert.setObject(1, event.eventId());
                insert.setString(2, topic);
                insert.setString(3, event.key());
                insert.setString(4, event.type());
                insert.setBytes(5, encoded.value());
                insert.setString(6, TraceContext.forEvent(event.causationId()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One row for the whole batch; its event_id column names the first event, for a reader of the table. */
    private static void insertBundle(Connection connection, String topic, List<Encoded> events) throws SQLException {
        int expectedBytes = 4;
        for (Encoded encoded : events) {
            expectedBytes += encoded.value().length + 128; // key, type and traceparent take about 120 bytes
        }
        OutboxBundle bundle = new OutboxBundle(events.size(), expectedBytes);
        for (Encoded encoded : events) {
            EventEnvelope event = encoded.event();
            bundle.add(event.key(), event.type(), TraceContext.forEvent(event.causationId()), encoded.value());
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BUNDLE)) {
            insert.setObject(1, events.get(0).event().eventId());
            insert.setString(2, topic);
            insert.setString(3, BUNDLE);
            insert.setString(4, BUNDLE);
            insert.setBytes(5, bundle.toBytes());
            insert.setInt(6, events.size());
            insert.executeUpdate();
        }
    }
}
