package io.opencredit.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.events.CloudEventsHeaders;
import io.opencredit.events.MalformedEventException;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.trace.KafkaTracing;
import io.opencredit.runtime.util.Wakeup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Publishes the outbox to Kafka, oldest row first, and deletes rows only after the broker
 * acknowledged them ({@code acks=all}, idempotent producer, so per-key order holds across retries).
 * A crash between publish and delete re-publishes the rows on the next round: at-least-once, and
 * consumers deduplicate by event id. One relay per database at a time, chosen by a PostgreSQL
 * advisory lock, keeps the order of the table; other instances stand by.
 *
 * <p>An idle relay does not poll: it waits to be woken (issue 20). A write in this instance wakes it when its transaction
 * commits ({@link #wake}); a write in an instance whose relay stands by sends {@code NOTIFY oc_outbox}, which
 * PostgreSQL delivers on commit to the loop {@code outbox-listener} of every instance ({@code LISTEN oc_outbox}), and
 * that wakes the active relay. {@code idle-poll} remains as a bound for rows nobody announced (written by hand, or
 * before a restart).
 *
 * <p>Runs as the loop {@code outbox-relay} of the {@link Supervisor}. A round that fails because the broker or
 * the database is away is retried in place with a backoff (the loop beats meanwhile: waiting for a dependency is
 * not being stuck); anything else, an {@code Error} above all, ends the loop's life and the supervisor restarts it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id held by the active relay of a database ("OCOUTBOX"). */
    private static final long RELAY_LOCK = 0x4F434F5554424F58L;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** The record header with the producer's consistency frontier of the subscription (SPEC R2, {@code Frontier}). */
    public static final String FRONTIER_HEADER = "opencredit.frontier";

    /**
     * The record header with the time its outbox row was written (epoch microseconds, decimal text): with the record's
     * Kafka timestamp (the relay's send) it splits a hop's latency into the writer's work and the relay's wait (issue 20).
     */
    public static final String WRITTEN_AT_HEADER = "opencredit.written-at";
    /** The PostgreSQL notification channel a writer announces outbox rows on when its own relay stands by. */
    static final String CHANNEL = "oc_outbox";
    /** How long the listener blocks on its connection for a notification before it beats again. */
    private static final int LISTEN_SLICE_MILLIS = 1000;
    /** How often a busy relay counts the whole table for the backlog gauge (a full scan each time). */
    private static final long BACKLOG_COUNT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    /** Where a test can make the relay die; production passes {@link FaultPoint#NONE}. */
    public enum FaultPoint {
        NONE,
        /** Published and acknowledged, but the rows are not deleted: the next round re-publishes them. */
        AFTER_PUBLISH_BEFORE_MARK
    }

    /** Thrown at an injected fault point. */
    public static class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(FaultPoint point) {
            super("injected fault " + point);
        }
    }

    private final AgroalDataSource dataSource;
    private final RuntimeConfig config;
    private final KafkaClients kafkaClients;
    private final KafkaTracing tracing;
    private final Counter published;
    private final AtomicLong backlog = new AtomicLong();
    private volatile long lastBacklogCount = System.nanoTime() - BACKLOG_COUNT_INTERVAL_NANOS;
    private final Supervisor supervisor;
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean active;
    private Loop loop;
    private Loop listener;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(AgroalDataSource dataSource, RuntimeConfig config, MeterRegistry registry,
                       KafkaClients kafkaClients, KafkaTracing tracing, Supervisor supervisor) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.tracing = tracing;
        this.supervisor = supervisor;
        this.published = Counter.builder("opencredit.outbox.published").description("events published from the outbox").register(registry);
        registry.gauge("opencredit.outbox.backlog", backlog);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.outbox().relayEnabled()) {
            return;
        }
        loop = supervisor.start("outbox-relay", supervisor.config().relayStall(), SupervisedLoop.waking(this::relay, wakeup::signal));
        listener = supervisor.start("outbox-listener", supervisor.config().relayStall(), this::listen);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.requestStop();
        }
        if (loop != null) {
            loop.stop();
        }
        if (listener != null) {
            listener.stop();
        }
        closeProducer();
    }

    /** New rows were committed: an idle relay looks now. */
    public void wake() {
        wakeup.signal();
    }

    /**
     * Whether this instance's relay holds the relay lock and so learns of this instance's writes by {@link #wake}; when
     * it does not, a writer must announce its rows with {@code NOTIFY} ({@link Outbox}).
     */
    public boolean activeHere() {
        return active;
    }

    /** Events waiting to be published, as of the relay's last look. */
    public long backlog() {
        return backlog.get();
    }

    /** One life of the relay: stand by until this instance holds the relay lock, then relay round after round. */
    private void relay(Loop loop) {
        int failuresInRow = 0;
        while (loop.running()) {
            loop.beat();
            try (Connection lockConnection = dataSource.getConnection()) {
                if (!tryLock(lockConnection)) {
                    loop.pause(Duration.ofSeconds(1));
                    continue;
                }
                LOG.info("outbox relay active");
                active = true;
                try {
                    while (loop.running()) {
                        loop.beat();
                        long seen = wakeup.generation();
                        int sent = relayOnce(FaultPoint.NONE);
                        failuresInRow = 0;
                        if (sent == 0 && loop.running()) {
                            wakeup.await(seen, config.outbox().idlePoll());
                        }
                    }
                } finally {
                    active = false;
                    // the lock belongs to the database session, and closing gives the connection back to the pool with
                    // the session alive: without this, a relay restarted on another connection would stand by forever
                    unlock(lockConnection);
                }
            } catch (RuntimeException | SQLException e) {
                if (!loop.running()) {
                    return;
                }
                // the broker or the database is away: the lock connection is given up with the round (another
                // instance may take over meanwhile), and both are tried again after a pause
                failuresInRow++;
                Duration pause = Supervisor.backoff(failuresInRow, Duration.ofMillis(500), Duration.ofSeconds(5));
                LOG.warnf("outbox relay round failed (%s); recreating the producer and retrying in %d ms", e.toString(),
                        pause.toMillis());
                closeProducer();
                loop.pause(pause);
            } catch (Error e) {
                closeProducer();
                throw e;
            }
        }
    }

    /**
     * One life of the listener: {@code LISTEN oc_outbox} on a connection of its own, and a wake-up of the relay for each
     * notification that arrives. Rows announced while the listener was away are found by the relay's idle poll.
     */
    private void listen(Loop loop) {
        int failuresInRow = 0;
        while (loop.running()) {
            loop.beat();
            try (Connection connection = dataSource.getConnection()) {
                PGConnection notifications = connection.unwrap(PGConnection.class);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                try {
                    failuresInRow = 0;
                    while (loop.running()) {
                        loop.beat();
                        PGNotification[] arrived = notifications.getNotifications(LISTEN_SLICE_MILLIS);
                        if (arrived != null && arrived.length > 0) {
                            wakeup.signal();
                        }
                    }
                } finally {
                    // the pool keeps the session: it must not go on collecting notifications for the next borrower
                    try (Statement unlisten = connection.createStatement()) {
                        unlisten.execute("UNLISTEN *");
                    } catch (SQLException e) {
                        LOG.debugf("outbox listener not unlistened (%s): the session is gone", e.toString());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!loop.running()) {
                    return;
                }
                failuresInRow++;
                Duration pause = Supervisor.backoff(failuresInRow, Duration.ofMillis(500), Duration.ofSeconds(5));
                LOG.debugf("outbox listener lost its connection (%s); listening again in %d ms", e.toString(), pause.toMillis());
                loop.pause(pause);
            }
        }
    }

    /**
     * One round: read up to a batch of the oldest rows, publish them, wait for every
     * acknowledgement, then delete them. Returns how many rows were published.
     */
    public int relayOnce(FaultPoint fault) {
        try (Connection connection = dataSource.getConnection()) {
            List<Row> rows = readBatch(connection);
            if (rows.isEmpty()) {
                backlog.set(0);
                return 0;
            }
            KafkaProducer<String, byte[]> kafka = producer();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Row row : rows) {
                if (Outbox.BUNDLE.equals(row.type)) {
                    for (OutboxBundle.Entry entry : OutboxBundle.read(row.payload)) {
                        ProducerRecord<String, byte[]> record = record(row.topic, entry.key(), entry.type(), entry.frontier(), row.writtenAt,
                                entry.value());
                        acks.add(kafka.send(record, tracing.publishing(record, entry.traceparent())));
                    }
                } else {
                    ProducerRecord<String, byte[]> record = record(row.topic, row.key, row.type, row.frontier, row.writtenAt, row.payload);
                    acks.add(kafka.send(record, tracing.publishing(record, row.traceparent)));
                }
            }
            kafka.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (fault == FaultPoint.AFTER_PUBLISH_BEFORE_MARK) {
                throw new InjectedFault(fault);
            }
            delete(connection, rows);
            published.increment(acks.size());
            return acks.size();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox relay cannot read or delete rows", e);
        } catch (ExecutionException | TimeoutException e) {
            // an indefinite outcome: the rows stay and are published again with a fresh producer
            closeProducer();
            throw new IllegalStateException("broker did not acknowledge the outbox batch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /** The record of an outbox entry; {@link KafkaTracing#publishing} adds its {@code traceparent}. */
    private static ProducerRecord<String, byte[]> record(String topic, String key, String type, String frontier, String writtenAt,
                                                         byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        // SPEC F6: the CloudEvents 1.0 binary-mode headers, read from the head of the envelope the row holds; a row
        // whose head cannot be read is still published (without them): one odd row must not stop the whole outbox
        try {
            for (CloudEventsHeaders.Header header : CloudEventsHeaders.ofEncoded(value)) {
                record.headers().add(header.name(), header.value());
            }
        } catch (MalformedEventException e) {
            LOG.warnf("outbox row for %s (key %s) published without CloudEvents headers: %s", topic, key, e.getMessage());
        }
        record.headers().add(new RecordHeader("opencredit.event-type", type.getBytes(StandardCharsets.UTF_8)));
        if (frontier != null) {
            record.headers().add(new RecordHeader(FRONTIER_HEADER, frontier.getBytes(StandardCharsets.UTF_8)));
        }
        record.headers().add(new RecordHeader(WRITTEN_AT_HEADER, writtenAt.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /**
     * The oldest rows, as many as hold up to a batch of records (at least one row: a bundle may
     * hold more). Only the small columns of the head are read to choose them.
     */
    private List<Row> readBatch(Connection connection) throws SQLException {
        int batch = config.outbox().batchSize();
        List<Row> rows = new ArrayList<>();
        int records = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "WITH head AS (SELECT id, records, sum(records) OVER (ORDER BY id) AS upto "
                        + "FROM (SELECT id, records FROM oc_outbox ORDER BY id LIMIT ?) h) "
                        + "SELECT o.id, o.topic, o.record_key, o.event_type, o.payload, o.traceparent, o.records, o.frontier, "
                        + "(extract(epoch FROM o.created_at) * 1000000)::bigint "
                        + "FROM head JOIN oc_outbox o ON o.id = head.id WHERE head.upto - head.records < ? ORDER BY o.id")) {
            select.setInt(1, batch);
            select.setInt(2, batch);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getString(6),
                            rs.getInt(7), rs.getString(8), Long.toString(rs.getLong(9)));
                    rows.add(row);
                    records += row.records;
                }
            }
        }
        if (records < batch) {
            backlog.set(records);
        } else if (System.nanoTime() - lastBacklogCount >= BACKLOG_COUNT_INTERVAL_NANOS) {
            lastBacklogCount = System.nanoTime();
            try (PreparedStatement count = connection.prepareStatement("SELECT coalesce(sum(records), 0) FROM oc_outbox");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                backlog.set(rs.getLong(1));
            }
        }
        return rows;
    }

    private static void delete(Connection connection, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oc_outbox WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", ids));
            delete.executeUpdate();
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, RELAY_LOCK);
            unlock.execute();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("outbox relay lock not released (%s): the session is gone, and the lock with it", e.toString());
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = kafkaClients.producer(producerSettings(config.serviceName()));
        }
        return producer;
    }

    /**
     * The relay producer's own settings: acknowledged by all replicas, idempotent (per-key order holds across retries),
     * large lz4 batches, and an outcome within {@link #SEND_TIMEOUT} so that a round never waits forever.
     */
    public static Map<String, Object> producerSettings(String serviceName) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox");
        return props;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing producer failed", e);
            }
            producer = null;
        }
    }


    /** An outbox row: one event, or a bundle of {@code records} events (its type is {@link Outbox#BUNDLE}). */
    private record Row(long id, String topic, String key, String type, byte[] payload, String traceparent, int records,
                       String frontier, String writtenAt) {
    }
}
