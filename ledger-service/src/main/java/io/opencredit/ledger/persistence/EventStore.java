package io.opencredit.ledger.persistence;

import static io.opencredit.ledger.persistence.ArrayRows.Kind.BOOL;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.DECIMAL;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.INSTANT;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.INT8;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.TEXT;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.ID;
import static io.opencredit.ledger.persistence.ArrayRows.column;
import static io.opencredit.ledger.persistence.ArrayRows.utc;
import static io.opencredit.ledger.persistence.ArrayRows.uuids;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventIds;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.Topics;
import io.opencredit.ledger.domain.EffectiveTime;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.LedgerSnapshot;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.runtime.jdbc.BinaryCopy;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ledger's event store on PostgreSQL, plain JDBC in the caller's transaction. Hand-written SQL on purpose: this
 * is the measured hot path (binary COPY and one {@code unnest} statement per batch; see docs/decisions.md).
 * A writer locks the subscription rows it will change ({@link #lock}), folds in memory, then
 * {@link #commit}s: each stream's new facts appended as one commit row at the next versions (the
 * primary key (subscription_id, first_version) refuses a concurrent append), their usage ids
 * recorded (T5), the stream row updated only at the version read (with the balance columns and, every
 * {@value #SNAPSHOT_EVERY} facts, a snapshot), the projections rewritten ({@link ProjectionWriter}), and the
 * published facts written to the outbox, with one {@code BalanceChanged} per subscription per commit (the latest).
 */
@ApplicationScoped
public class EventStore {

    /** The facts one writer decided for one subscription, each with the event that caused it. */
    public record Change(SubscriptionLedger ledger, long expectedVersion, List<Caused> facts) {
    }

    public record Caused(LedgerFact fact, UUID causationId) {
    }

    /** Facts between two snapshots: a snapshot is written when a commit crosses a multiple of this. */
    public static final long SNAPSHOT_EVERY = 256;

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public EventStore(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    // ------------------------------------------------------------------ locking and loading

    /**
     * Locks the streams of these subscriptions for this transaction (in id order, so writers never
     * deadlock) and returns their versions; with {@code create}, missing streams are created empty.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Long> lock(Collection<UUID> ids, boolean create) {
        List<UUID> sorted = new ArrayList<>(new HashSet<>(ids));
        sorted.sort(null);
        Map<UUID, Long> versions = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return versions;
        }
        try (Connection connection = dataSource.getConnection()) {
            Array array = uuids(connection, sorted);
            if (create) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ledger_subscription (subscription_id) SELECT unnest(?::text[]::uuid[]) ORDER BY 1 ON CONFLICT DO NOTHING")) {
                    insert.setArray(1, array);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subscription_id, version FROM ledger_subscription WHERE subscription_id = ANY (?::text[]::uuid[]) "
                            + "ORDER BY subscription_id FOR UPDATE")) {
                select.setArray(1, array);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    }
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock ledger streams", e);
        }
    }

    /** Subscriptions whose next time-driven fact is due, locked (others are skipped, not waited for). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Long> lockDue(Instant now, int limit) {
        Map<UUID, Long> versions = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT subscription_id, version FROM ledger_subscription WHERE next_due_at <= ? "
                             + "ORDER BY next_due_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setObject(1, utc(now));
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find due subscriptions", e);
        }
    }

    /*
     * LATERAL_NOTE. The reads by subscription below are lateral subqueries, each with an ORDER BY or LIMIT of its own,
     * not joins. Statements here are planned once and generically (plan_cache_mode=force_generic_plan, see
     * application.properties), and a plain join planned while ledger_commit or ledger_usage was still small
     * hash-joined a scan of the whole table, and kept that plan until the table was next analyzed: 3 ms per
     * state loaded in the benchmark's rebuild, 26 ms at 35,000 commits in a test of the plan. A lateral
     * subquery is planned on its own, and its cheapest plan at any size is the primary key.
     */

    /**
     * The folded states of these subscriptions: each from its latest snapshot and the facts stored
     * after it (without the usage ids applied before: see {@link #appliedUsageIds}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, SubscriptionLedger> load(Collection<UUID> ids) {
        Map<UUID, SubscriptionLedger> ledgers = new HashMap<>();
        if (ids.isEmpty()) {
            return ledgers;
        }
        Map<UUID, LedgerSnapshot> snapshots = new HashMap<>();
        Map<UUID, List<LedgerFact>> tails = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            Array array = uuids(connection, ids);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subscription_id, snapshot::text FROM ledger_subscription WHERE subscription_id = ANY (?::text[]::uuid[])")) {
                select.setArray(1, array);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String json = rs.getString(2);
                        if (json != null) {
                            snapshots.put(rs.getObject(1, UUID.class), FactCodec.readSnapshot(json));
                        }
                    }
                }
            }
            // The commits that hold facts after the snapshot (a commit written before V5 may also hold some before it),
            // read per stream through the primary key (see LATERAL_NOTE), in version order: the outer sort keeps no
            // inner order (ordered by subscription alone, the commits of states loaded together came back shuffled)
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT s.subscription_id, c.first_version, c.facts, s.snapshot_version FROM ledger_subscription s "
                            + "CROSS JOIN LATERAL (SELECT first_version, facts FROM ledger_commit "
                            + "WHERE subscription_id = s.subscription_id AND last_version > s.snapshot_version ORDER BY first_version) c "
                            + "WHERE s.subscription_id = ANY (?::text[]::uuid[]) ORDER BY s.subscription_id, c.first_version")) {
                select.setArray(1, array);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        List<LedgerFact> tail = tails.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>());
                        long snapshotVersion = rs.getLong(4);
                        for (CommitCodec.Read read : CommitCodec.read(rs.getBytes(3), rs.getLong(2))) {
                            if (read.version() > snapshotVersion) {
                                tail.add(read.fact());
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load ledger states", e);
        }
        for (UUID id : ids) {
            LedgerSnapshot snapshot = snapshots.get(id);
            SubscriptionLedger ledger = snapshot == null ? new SubscriptionLedger(id)
                    : SubscriptionLedger.restore(snapshot, Set.of());
            tails.getOrDefault(id, List.of()).forEach(ledger::apply);
            ledgers.put(id, ledger);
        }
        return ledgers;
    }

    /**
     * Of these usage ids per subscription, those already applied (T5): one probe of ledger_usage's
     * primary key each. States keep no usage ids between batches (see {@link SubscriptionLedger#knowApplied}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Set<String>> appliedUsageIds(Map<UUID, Set<String>> candidates) {
        Map<UUID, Set<String>> applied = new HashMap<>();
        List<UUID> subscriptions = new ArrayList<>();
        List<String> usageIds = new ArrayList<>();
        candidates.forEach((subscription, ids) -> ids.forEach(id -> {
            subscriptions.add(subscription);
            usageIds.add(id);
        }));
        if (usageIds.isEmpty()) {
            return applied;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT b.s, b.u FROM unnest(?::text[]::uuid[], ?::text[]) AS b(s, u) "
                             + "CROSS JOIN LATERAL (SELECT 1 FROM ledger_usage WHERE subscription_id = b.s AND usage_id = b.u LIMIT 1) u")) {
            select.setArray(1, uuids(connection, subscriptions));
            select.setArray(2, connection.createArrayOf("text", usageIds.toArray(String[]::new)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    applied.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up applied usage ids", e);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Appends, projects and publishes the changes; part of the caller's transaction. {@code recordedAt} is the suite
     * clock's time the writer folded them at (F2: when the ledger applied them, kept per commit).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commit(List<Change> changes, Instant recordedAt) {
        List<Change> real = changes.stream().filter(c -> !c.facts().isEmpty()).toList();
        if (real.isEmpty()) {
            return;
        }
        List<Outbox.Encoded> published = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            appendFacts(connection, real, recordedAt.truncatedTo(ChronoUnit.MICROS), published);
            updateStreams(connection, real);
            ProjectionWriter.write(connection, real);
            StreamErasure.write(connection, real); // S3: a deprovisioned stream keeps no personal data
        } catch (SQLException | IOException e) {
            if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new ConcurrentAppendException("a ledger stream was appended to concurrently: " + e.getMessage());
            }
            throw new IllegalStateException("cannot commit ledger facts", e);
        }
        outbox.appendEncoded(Topics.LEDGER_EVENTS, published);
    }

    /**
     * Each stream's stored facts go in as one commit row (each fact with its effective time, F2) and their usage ids
     * as rows of ledger_usage, each table with one binary COPY; the published facts are collected.
     */
    private void appendFacts(Connection connection, List<Change> changes, Instant recordedAt, List<Outbox.Encoded> published)
            throws SQLException, IOException {
        List<UUID> usageSubscriptions = new ArrayList<>();
        List<String> usageIds = new ArrayList<>();
        try (BinaryCopy copy = BinaryCopy.start(connection,
                "COPY ledger_commit (subscription_id, first_version, last_version, first_at, last_at, facts, recorded_at) "
                        + "FROM STDIN (FORMAT binary)")) {
            CommitCodec.Writer commit = new CommitCodec.Writer(64); // one buffer for the batch's commits
            for (Change change : changes) {
                UUID subscriptionId = change.ledger().subscriptionId();
                long version = change.expectedVersion();
                Instant firstAt = null;
                Instant lastAt = null;
                Caused balance = null;
                List<Instant> effective = EffectiveTime.of(change.facts().stream().map(Caused::fact).toList(),
                        change.ledger()::activatedAt);
                for (int i = 0; i < change.facts().size(); i++) {
                    Caused caused = change.facts().get(i);
                    LedgerFact fact = caused.fact();
                    if (!fact.stored()) { // a BalanceChanged: coalesced, only the latest of the commit is published
                        balance = caused;
                        continue;
                    }
                    UUID eventId = EventIds.next();
                    byte[] json = FactCodec.writeBytes(fact.payload());
                    version++;
                    commit.add(eventId, fact.type(), fact.at(), effective.get(i), caused.causationId(), json);
                    firstAt = firstAt == null || fact.at().isBefore(firstAt) ? fact.at() : firstAt;
                    lastAt = lastAt == null || fact.at().isAfter(lastAt) ? fact.at() : lastAt;
                    String usageId = fact.usageId();
                    if (usageId != null) {
                        usageSubscriptions.add(subscriptionId);
                        usageIds.add(usageId);
                    }
                    if (fact.published()) {
                        EventEnvelope envelope = envelope(subscriptionId, eventId, caused);
                        published.add(new Outbox.Encoded(envelope, EventCodec.encode(envelope, json))); // the stored payload text, written once
                    }
                }
                if (version != change.ledger().version()) {
                    throw new IllegalStateException("stream " + subscriptionId + " would be at " + version
                            + " but the state is at " + change.ledger().version());
                }
                if (commit.count() > 0) {
                    copy.row(7).uuid(subscriptionId).int8(change.expectedVersion() + 1).int8(version).timestamptz(firstAt)
                            .timestamptz(lastAt).bytes(commit.toBytes()).timestamptz(recordedAt);
                }
                if (balance != null) {
                    EventEnvelope envelope = envelope(subscriptionId, EventIds.next(), balance);
                    published.add(new Outbox.Encoded(envelope, EventCodec.encode(envelope)));
                }
            }
            copy.finish();
        }
        if (!usageIds.isEmpty()) {
            try (BinaryCopy copy = BinaryCopy.start(connection, "COPY ledger_usage (subscription_id, usage_id) FROM STDIN (FORMAT binary)")) {
                for (int i = 0; i < usageIds.size(); i++) {
                    copy.row(2).uuid(usageSubscriptions.get(i)).text(usageIds.get(i));
                }
                copy.finish();
            }
        }
    }

    /** A published fact in its envelope (only facts of a published type get here; an internal fact would fail). */
    private static EventEnvelope envelope(UUID subscriptionId, UUID eventId, Caused caused) {
        LedgerFact fact = caused.fact();
        EventPayload event = ((LedgerPayload.Published) fact.content()).event();
        return new EventEnvelope(eventId, fact.type(), EventCatalog.currentVersion(fact.type()), subscriptionId, fact.at(),
                Producers.LEDGER, caused.causationId(), event);
    }

    /** One stream row as the commit leaves it: the version, the balance projection and, when due, a snapshot. */
    record StreamRow(UUID subscriptionId, long expectedVersion, long version, boolean created, String currency,
                     SubscriptionStatus status, BigDecimal remaining, BigDecimal overage, Instant suspendedAt,
                     Instant deprovisionAt, Instant nextDueAt, String snapshot, Long snapshotVersion) {

        static final ArrayRows<StreamRow> COLUMNS = new ArrayRows<>(List.of(
                column("id", ID, StreamRow::subscriptionId), column("ex", INT8, StreamRow::expectedVersion),
                column("v", INT8, StreamRow::version), column("cr", BOOL, StreamRow::created),
                column("cu", TEXT, StreamRow::currency), column("st", TEXT, StreamRow::status),
                column("re", DECIMAL, StreamRow::remaining), column("ov", DECIMAL, StreamRow::overage),
                column("sa", INSTANT, StreamRow::suspendedAt), column("da", INSTANT, StreamRow::deprovisionAt),
                column("nd", INSTANT, StreamRow::nextDueAt), column("sn", TEXT, StreamRow::snapshot),
                column("sv", INT8, StreamRow::snapshotVersion)));

        static StreamRow of(Change change) {
            SubscriptionLedger ledger = change.ledger();
            boolean snapshot = ledger.version() / SNAPSHOT_EVERY != change.expectedVersion() / SNAPSHOT_EVERY;
            return new StreamRow(ledger.subscriptionId(), change.expectedVersion(), ledger.version(), ledger.created(),
                    ledger.currency(), ledger.status(), ledger.remaining(), ledger.overage(), ledger.suspendedAt(),
                    ledger.deprovisionAt(), dueColumn(ledger.nextDueAt()),
                    snapshot ? FactCodec.write(ledger.snapshot()) : null, snapshot ? ledger.version() : null);
        }
    }

    private static final String UPDATE_STREAMS = "UPDATE ledger_subscription s SET version = r.v, created = r.cr, currency = r.cu, "
            + "status = r.st, remaining = r.re::numeric, overage = r.ov::numeric, suspended_at = r.sa::timestamptz, "
            + "deprovision_at = r.da::timestamptz, next_due_at = r.nd::timestamptz, "
            + "snapshot = COALESCE(r.sn::json, s.snapshot), snapshot_version = COALESCE(r.sv, s.snapshot_version), "
            + "updated_at = now() FROM " + StreamRow.COLUMNS.unnest("r")
            + " WHERE s.subscription_id = r.id AND s.version = r.ex";

    /** Every stream row in one statement, each only at the version its writer read (optimistic concurrency). */
    private void updateStreams(Connection connection, List<Change> changes) throws SQLException {
        List<StreamRow> rows = changes.stream().map(StreamRow::of).toList();
        try (PreparedStatement update = connection.prepareStatement(UPDATE_STREAMS)) {
            StreamRow.COLUMNS.bind(connection, update, rows);
            int updated = update.executeUpdate();
            if (updated != changes.size()) {
                throw new ConcurrentAppendException((changes.size() - updated) + " of " + changes.size()
                        + " ledger streams are no longer at the version this writer read");
            }
        }
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }

    /** next_due_at holds microseconds: rounded up, so the scheduler never looks before a fact is due. */
    public static Instant dueColumn(Instant due) {
        if (due == null) {
            return null;
        }
        Instant micros = due.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(due) ? due : micros.plusNanos(1000);
    }
}
