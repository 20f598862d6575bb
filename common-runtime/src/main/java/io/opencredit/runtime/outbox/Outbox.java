package io.opencredit.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.jdbc.BinaryCopy;
import io.opencredit.runtime.trace.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes events into the service's outbox table inside the caller's transaction: they exist if and
 * only if the business change they describe commits. {@link OutboxRelay} publishes them later.
 * Never call Kafka from a business transaction, and never persist-then-send.
 *
 * <p>A few events go in as one plain {@code INSERT} each; a larger batch is streamed with one
 * binary {@code COPY}, which PostgreSQL loads several times cheaper than multi-row inserts (no SQL
 * to parse or plan per chunk, no text to convert). Both assign {@code id} from the sequence in the
 * given order, which is the order the relay publishes in.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, traceparent) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String COPY = "COPY oc_outbox (event_id, topic, record_key, event_type, payload, traceparent) FROM STDIN (FORMAT binary)";
    /** From this many events a batch is copied rather than inserted row by row. */
    private static final int COPY_FROM = 16;

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
        try (Connection connection = dataSource.getConnection()) {
            if (events.size() < COPY_FROM) {
                insert(connection, topic, events);
            } else {
                copy(connection, topic, events);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }

    private static void insert(Connection connection, String topic, List<EventEnvelope> events) throws SQLException, IOException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
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
        }
    }

    /** One binary COPY for the whole batch (see {@link BinaryCopy}). */
    private static void copy(Connection connection, String topic, List<EventEnvelope> events) throws SQLException, IOException {
        try (BinaryCopy copy = BinaryCopy.start(connection, COPY)) {
            for (EventEnvelope event : events) {
                copy.row(6).uuid(event.eventId()).text(topic).text(event.key()).text(event.type())
                        .bytes(EventCodec.encode(event)).text(TraceContext.forEvent(event.causationId()));
            }
            copy.finish();
        }
    }
}
