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
import java.util.List;

/**
 * Writes events into the service's outbox table inside the caller's transaction: they exist if and
 * only if the business change they describe commits. {@link OutboxRelay} publishes them later.
 * Never call Kafka from a business transaction, and never persist-then-send.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, traceparent) VALUES (?, ?, ?, ?, ?, ?)";

    private final AgroalDataSource dataSource;

    public Outbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds one event for {@code topic}, keyed by its subscription id. Requires a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, EventEnvelope event) {
        appendAll(topic, List.of(event));
    }

    /** Adds events in the given order (the relay publishes them in it). Requires a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(String topic, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (EventEnvelope event : events) {
                insert.setObject(1, event.eventId());
                insert.setString(2, topic);
                insert.setString(3, event.key());
                insert.setString(4, event.type());
                insert.setBytes(5, EventCodec.encode(event));
                insert.setString(6, TraceContext.forEvent(event.causationId()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }
}
