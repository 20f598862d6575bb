package io.opencredit.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.consistency.Frontier;
import io.opencredit.runtime.consistency.FrontierStore;
import io.opencredit.runtime.consistency.WriteConsistency;
import io.opencredit.runtime.trace.TraceContext;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes events into the service's outbox table inside the caller's transaction: they exist if and
 * only if the business change they describe commits. {@link OutboxRelay} publishes them later.
 * Never call Kafka from a business transaction, and never persist-then-send.
 *
 * <p>A few events go in as one row each; a larger batch goes in as one row holding all of them in
 * order (an {@link OutboxBundle}), so PostgreSQL stores, indexes and later deletes one tuple per
 * batch instead of one per event. Rows take {@code id} from the sequence in the order written,
 * which is the order the relay publishes in.
 *
 * <p>A transaction that wrote rows wakes the relay once it commits: this instance's relay directly, or, when that one
 * stands by, the active relay of another instance through {@code NOTIFY oc_outbox} (see {@link OutboxRelay}).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, traceparent, frontier) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_BUNDLE = "INSERT INTO oc_outbox (event_id, topic, record_key, event_type, payload, records) VALUES (?, ?, ?, ?, ?, ?)";
    /** The key and type columns of a bundle row (its records carry their own); never an event type. */
    static final String BUNDLE = "*";
    /** From this many events a batch goes in as one bundle row rather than a row per event. */
    private static final int BUNDLE_FROM = 16;

    private final AgroalDataSource dataSource;
    private final FrontierStore frontiers;
    private final TransactionCallbacks callbacks;
    private final OutboxRelay relay;
    /** The key under which a transaction notes that it announced its rows already. */
    private final Object announced = new Object();

    public Outbox(AgroalDataSource dataSource, FrontierStore frontiers, TransactionCallbacks callbacks, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.frontiers = frontiers;
        this.callbacks = callbacks;
        this.relay = relay;
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
        String[] stamps = countWrite(events);
        try (Connection connection = dataSource.getConnection()) {
            if (events.size() < BUNDLE_FROM) {
                insert(connection, topic, events, stamps);
            } else {
                insertBundle(connection, topic, events, stamps);
            }
            announce(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
    }

    /**
     * SPEC R2: counts this write for each subscription it has events of ({@link FrontierStore#advanceOwn}) and
     * returns, per event, the frontier its record carries: only the subscription's last event of the write carries
     * one, so a consumer reflects the write's count once it applied all of the write's events of that subscription.
     * A request's answer gets the frontiers as its token once the write committed.
     */
    private String[] countWrite(List<Encoded> events) {
        Map<UUID, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            UUID subscription = events.get(i).event().subscriptionId();
            if (subscription != null) {
                last.put(subscription, i);
            }
        }
        String[] stamps = new String[events.size()];
        if (last.isEmpty()) {
            return stamps;
        }
        Map<UUID, Frontier> after = frontiers.advanceOwn(last.keySet());
        if (after.isEmpty()) {
            return stamps; // the mechanism is switched off
        }
        last.forEach((subscription, index) -> stamps[index] = after.get(subscription).toString());
        WriteConsistency request = WriteConsistency.current();
        if (request != null) {
            callbacks.afterCommit(() -> request.wrote(after));
        }
        return stamps;
    }

    /** Once per transaction: the relay is to look when it commits (issue 20: no relay waits out a poll interval). */
    private void announce(Connection connection) throws SQLException {
        if (!callbacks.firstInTransaction(announced)) {
            return;
        }
        if (relay.activeHere()) {
            callbacks.afterCommit(relay::wake);
        } else {
            try (Statement notify = connection.createStatement()) {
                notify.execute("NOTIFY " + OutboxRelay.CHANNEL);
            }
        }
    }

    private static void insert(Connection connection, String topic, List<Encoded> events, String[] stamps) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < events.size(); i++) {
                Encoded encoded = events.get(i);
                EventEnvelope event = encoded.event();
                insert.setObject(1, event.eventId());
                insert.setString(2, topic);
                insert.setString(3, event.key());
                insert.setString(4, event.type());
                insert.setBytes(5, encoded.value());
                insert.setString(6, TraceContext.forEvent(event));
                insert.setString(7, stamps[i]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** One row for the whole batch; its event_id column names the first event, for a reader of the table. */
    private static void insertBundle(Connection connection, String topic, List<Encoded> events, String[] stamps) throws SQLException {
        int expectedBytes = 4;
        for (Encoded encoded : events) {
            expectedBytes += encoded.value().length + 128; // key, type and traceparent take about 120 bytes
        }
        OutboxBundle bundle = new OutboxBundle(events.size(), expectedBytes);
        for (int i = 0; i < events.size(); i++) {
            Encoded encoded = events.get(i);
            EventEnvelope event = encoded.event();
            bundle.add(event.key(), event.type(), TraceContext.forEvent(event), stamps[i], encoded.value());
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
