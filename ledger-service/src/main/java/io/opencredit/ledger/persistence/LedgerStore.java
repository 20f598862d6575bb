package io.opencredit.ledger.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventIds;
import io.opencredit.events.EventPayload;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerSnapshot;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.domain.TokenState;
import io.opencredit.runtime.jdbc.BinaryCopy;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * The ledger's event store and projections on PostgreSQL, plain JDBC in the caller's transaction.
 * A writer locks the subscription rows it will change ({@link #lock}), folds in memory, then
 * {@link #commit}s: each stream's new facts appended as one commit row at the next versions (the
 * primary key (subscription_id, first_version) refuses a concurrent append), their usage ids
 * recorded (T5), the stream row updated only at the version read, the projections rewritten, and the
 * published facts written to the outbox, with one {@code BalanceChanged} per subscription per commit
 * (the latest).
 */
@ApplicationScoped
public class LedgerStore {

    /** The facts one writer decided for one subscription, each with the event that caused it. */
    public record Change(SubscriptionLedger ledger, long expectedVersion, List<Caused> facts) {
    }

    public record Caused(LedgerFact fact, UUID causationId) {
    }

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public LedgerStore(AgroalDataSource dataSource, Outbox outbox) {
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

    /*
     * LATERAL_NOTE. The reads by subscription below are lateral subqueries, each with an ORDER BY or LIMIT of its own,
     * not joins. Statements here are planned once and generically (plan_cache_mode=force_generic_plan, see
     * application.properties), and a plain join planned while ledger_commit or ledger_usage was still small
     * hash-joined a scan of the whole table, and kept that plan until the table was next analyzed: 3 ms per
     * state loaded in the benchmark's rebuild, 26 ms at 35,000 commits in a test of the plan. A lateral
     * subquery is planned on its own, and its cheapest plan at any size is the primary key.
     */

    /** Facts between two snapshots: a snapshot is written when a commit crosses a multiple of this. */
    public static final long SNAPSHOT_EVERY = 256;

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

    // ------------------------------------------------------------------ writing

    /** Appends, projects and publishes the changes; part of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void commit(List<Change> changes) {
        List<Change> real = changes.stream().filter(c -> !c.facts().isEmpty()).toList();
        if (real.isEmpty()) {
            return;
        }
        List<Outbox.Encoded> published = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            appendFacts(connection, real, published);
            updateStreams(connection, real);
            List<Touched> touched = real.stream().map(Touched::of).toList();
            projectTokens(connection, touched);
            projectAdmins(connection, touched);
            projectAlerts(connection, touched);
        } catch (SQLException | IOException e) {
            if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new ConcurrentAppendException("a ledger stream was appended to concurrently: " + e.getMessage());
            }
            throw new IllegalStateException("cannot commit ledger facts", e);
        }
        outbox.appendEncoded(Topics.LEDGER_EVENTS, published);
    }

    // Every write below is one statement for the whole batch: facts by binary COPY, the per-
    // subscription rows as parallel arrays that unnest() turns back into rows, so PostgreSQL plans
    // and executes once per batch instead of once per row.

    /**
     * Each stream's stored facts go in as one commit row and their usage ids as rows of ledger_usage, each
     * table with one binary COPY; the published facts are collected.
     */
    private void appendFacts(Connection connection, List<Change> changes, List<Outbox.Encoded> published)
            throws SQLException, IOException {
        List<UUID> usageSubscriptions = new ArrayList<>();
        List<String> usageIds = new ArrayList<>();
        try (BinaryCopy copy = BinaryCopy.start(connection,
                "COPY ledger_commit (subscription_id, first_version, last_version, first_at, last_at, facts) FROM STDIN (FORMAT binary)")) {
            CommitCodec.Writer commit = new CommitCodec.Writer(64); // one buffer for the batch's commits
            for (Change change : changes) {
                UUID subscriptionId = change.ledger().subscriptionId();
                long version = change.expectedVersion();
                Instant firstAt = null;
                Instant lastAt = null;
                Caused balance = null;
                for (Caused caused : change.facts()) {
                    LedgerFact fact = caused.fact();
                    if (!fact.stored()) { // a BalanceChanged: coalesced, only the latest of the commit is published
                        balance = caused;
                        continue;
                    }
                    UUID eventId = EventIds.next();
                    byte[] json = FactCodec.writeBytes(fact.payload());
                    version++;
                    commit.add(eventId, fact.type(), fact.at(), caused.causationId(), json);
                    firstAt = firstAt == null || fact.at().isBefore(firstAt) ? fact.at() : firstAt;
                    lastAt = lastAt == null || fact.at().isAfter(lastAt) ? fact.at() : lastAt;
                    if (fact.payload() instanceof UsageRecorded usage) {
                        usageSubscriptions.add(subscriptionId);
                        usageIds.add(usage.usageId());
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
                    copy.row(6).uuid(subscriptionId).int8(change.expectedVersion() + 1).int8(version).timestamptz(firstAt)
                            .timestamptz(lastAt).bytes(commit.toBytes());
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

    private static EventEnvelope envelope(UUID subscriptionId, UUID eventId, Caused caused) {
        LedgerFact fact = caused.fact();
        return new EventEnvelope(eventId, fact.type(), EventCatalog.currentVersion(fact.type()), subscriptionId, fact.at(),
                Producers.LEDGER, caused.causationId(), fact.payload());
    }

    private void updateStreams(Connection connection, List<Change> changes) throws SQLException {
        Rows rows = new Rows(13);
        for (Change change : changes) {
            SubscriptionLedger ledger = change.ledger();
            boolean snapshot = ledger.version() / SNAPSHOT_EVERY != change.expectedVersion() / SNAPSHOT_EVERY;
            rows.add(ledger.subscriptionId(), change.expectedVersion(), ledger.version(), ledger.created(), ledger.currency(),
                    ledger.status().name(), ledger.remaining().toPlainString(), ledger.overage().toPlainString(),
                    text(ledger.suspendedAt()), text(ledger.deprovisionAt()), text(dueColumn(ledger.nextDueAt())),
                    snapshot ? FactCodec.write(ledger.snapshot()) : null, snapshot ? ledger.version() : null);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ledger_subscription s SET version = r.v, created = r.cr, currency = r.cu, status = r.st, "
                        + "remaining = r.re::numeric, overage = r.ov::numeric, suspended_at = r.sa::timestamptz, "
                        + "deprovision_at = r.da::timestamptz, next_due_at = r.nd::timestamptz, "
                        + "snapshot = COALESCE(r.sn::json, s.snapshot), snapshot_version = COALESCE(r.sv, s.snapshot_version), "
                        + "updated_at = now() "
                        + "FROM unnest(?::text[]::uuid[], ?::int8[], ?::int8[], ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[], ?::text[], ?::text[], ?::int8[]) AS r(id, ex, v, cr, cu, st, re, ov, sa, da, nd, sn, sv) "
                        + "WHERE s.subscription_id = r.id AND s.version = r.ex")) {
            rows.bind(connection, update, "uuid", "int8", "int8", "bool", "text", "text", "text", "text", "text", "text", "text",
                    "text", "int8");
            int updated = update.executeUpdate();
            if (updated != changes.size()) {
                throw new ConcurrentAppendException((changes.size() - updated) + " of " + changes.size()
                        + " ledger streams are no longer at the version this writer read");
            }
        }
    }

    /** What one change's facts touch, found in one pass over them: tokens, administrators, alert rules removed. */
    private record Touched(Change change, Set<UUID> tokens, boolean admins, boolean alertRemoved) {

        static Touched of(Change change) {
            Set<UUID> tokens = new HashSet<>();
            boolean admins = false;
            boolean alertRemoved = false;
            for (Caused caused : change.facts()) {
                EventPayload payload = caused.fact().payload();
                UUID tokenId = tokenOf(payload);
                if (tokenId != null) {
                    tokens.add(tokenId);
                }
                admins |= payload instanceof SubscriptionCreated || payload instanceof CoAdministratorAdded;
                alertRemoved |= payload instanceof AlertRuleRemoved;
            }
            return new Touched(change, tokens, admins, alertRemoved);
        }
    }

    private void projectTokens(Connection connection, List<Touched> changes) throws SQLException {
        Rows rows = new Rows(10);
        for (Touched touched : changes) {
            Change change = touched.change();
            if (touched.tokens().isEmpty()) {
                continue;
            }
            for (TokenState token : change.ledger().tokens()) {
                if (touched.tokens().contains(token.tokenId())) {
                    rows.add(token.tokenId(), change.ledger().subscriptionId(), token.source().name(), token.keyCode(),
                            token.paymentReference(), token.original().toPlainString(), token.remaining().toPlainString(),
                            text(token.activatedAt()), text(token.expiresAt()), token.status().name());
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO ledger_token (token_id, subscription_id, source, key_code, payment_reference, original, remaining, "
                        + "activated_at, expires_at, status) "
                        + "SELECT t, s, so, k, p, o::numeric, r::numeric, a::timestamptz, e::timestamptz, st "
                        + "FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[]) AS r(t, s, so, k, p, o, r, a, e, st) "
                        + "ON CONFLICT (token_id) DO UPDATE SET remaining = EXCLUDED.remaining, status = EXCLUDED.status")) {
            rows.bind(connection, upsert, "uuid", "uuid", "text", "text", "text", "text", "text", "text", "text", "text");
            upsert.executeUpdate();
        }
    }

    private static UUID tokenOf(EventPayload payload) {
        if (payload instanceof CreditAdded p) {
            return p.tokenId();
        } else if (payload instanceof CreditConsumed p) {
            return p.tokenId();
        } else if (payload instanceof OverageSettled p) {
            return p.tokenId();
        } else if (payload instanceof TokenExpired p) {
            return p.tokenId();
        } else if (payload instanceof CreditForfeited p) {
            return p.tokenId();
        } else if (payload instanceof TokenBalanceLow p) {
            return p.tokenId();
        } else if (payload instanceof TokenExpiring p) {
            return p.tokenId();
        }
        return null;
    }

    private void projectAdmins(Connection connection, List<Touched> changes) throws SQLException {
        List<Change> withAdmins = changes.stream().filter(Touched::admins).map(Touched::change).toList();
        if (withAdmins.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ledger_admin (subscription_id, email) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            boolean any = false;
            for (Change change : withAdmins) {
                for (String email : change.ledger().admins()) {
                    insert.setObject(1, change.ledger().subscriptionId());
                    insert.setString(2, email);
                    insert.addBatch();
                    any = true;
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    private void projectAlerts(Connection connection, List<Touched> changes) throws SQLException {
        List<Change> withAlerts = changes.stream().filter(t -> !t.change().ledger().alerts().isEmpty() || t.alertRemoved())
                .map(Touched::change).toList();
        if (withAlerts.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ledger_alert_rule WHERE subscription_id = ANY (?::text[]::uuid[])");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO ledger_alert_rule (subscription_id, alert_number, threshold, recipients, armed) VALUES (?, ?, ?, ?, ?)")) {
            delete.setArray(1, uuids(connection, withAlerts.stream().map(c -> c.ledger().subscriptionId()).toList()));
            delete.executeUpdate();
            boolean any = false;
            for (Change change : withAlerts) {
                for (AlertRule rule : change.ledger().alerts().values()) {
                    insert.setObject(1, change.ledger().subscriptionId());
                    insert.setInt(2, rule.number());
                    insert.setBigDecimal(3, rule.threshold());
                    insert.setArray(4, connection.createArrayOf("text", rule.recipients().toArray()));
                    insert.setBoolean(5, rule.armed());
                    insert.addBatch();
                    any = true;
                }
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    // ------------------------------------------------------------------ reading

    /** The stream of a subscription, oldest first; {@code from}/{@code to} bound occurred-at (inclusive) when given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredFact> read(UUID subscriptionId, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT first_version, facts FROM ledger_commit WHERE subscription_id = ?");
        if (from != null) {
            sql.append(" AND last_at >= ?");
        }
        if (to != null) {
            sql.append(" AND first_at <= ?");
        }
        sql.append(" ORDER BY first_version");
        List<StoredFact> facts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setObject(i++, subscriptionId);
            if (from != null) {
                select.setObject(i++, utc(from));
            }
            if (to != null) {
                select.setObject(i, utc(to));
            }
            select.setFetchSize(100);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    for (CommitCodec.Read read : CommitCodec.read(rs.getBytes(2), rs.getLong(1))) {
                        Instant at = read.fact().at();
                        if ((from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to))) {
                            facts.add(new StoredFact(subscriptionId, read.version(), read.eventId(), read.causationId(), read.fact()));
                        }
                    }
                }
            }
            return facts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stream of " + subscriptionId, e);
        }
    }

    /** The usage ids recorded as applied to a subscription (T5), for verification against its stream. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> appliedUsageIds(UUID subscriptionId) {
        return texts("SELECT usage_id FROM ledger_usage WHERE subscription_id = ?", subscriptionId, "applied usage ids");
    }

    /** The administrators of a subscription (account admin and co-administrators); empty when unknown. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> admins(UUID subscriptionId) {
        return texts("SELECT email FROM ledger_admin WHERE subscription_id = ?", subscriptionId, "administrators");
    }

    /** The text column a one-parameter query selects for a subscription. */
    private Set<String> texts(String sql, UUID subscriptionId, String what) {
        Set<String> texts = new HashSet<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    texts.add(rs.getString(1));
                }
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
    }

    /** Every subscription stream id (for a full verification). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> allSubscriptions() {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT subscription_id FROM ledger_subscription ORDER BY subscription_id")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list subscriptions", e);
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
        Instant micros = due.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return micros.equals(due) ? due : micros.plusNanos(1000);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** An instant as PostgreSQL reads it into timestamptz (ISO-8601 in UTC). */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * UUIDs as a text array, which the driver sends in binary (it has no binary form for a UUID array: it
     * would quote and escape each as text); SQL casts it back with {@code ?::text[]::uuid[]}.
     */
    static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        String[] text = new String[ids.size()];
        int i = 0;
        for (UUID id : ids) {
            text[i++] = id.toString();
        }
        return connection.createArrayOf("text", text);
    }

    /**
     * Column-wise rows for one unnest() statement, each column bound as a typed array the driver sends in
     * binary (uuid columns as text: SQL casts them with {@code ::text[]::uuid[]}). Column i of every row goes into array i.
     */
    private static final class Rows {
        private final List<List<Object>> columns = new ArrayList<>();

        Rows(int width) {
            for (int i = 0; i < width; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(Object... row) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                columns.get(i).add(row[i]);
            }
        }

        boolean isEmpty() {
            return columns.get(0).isEmpty();
        }

        void bind(Connection connection, PreparedStatement statement, String... types) throws SQLException {
            for (int i = 0; i < types.length; i++) {
                List<Object> column = columns.get(i);
                statement.setArray(i + 1, switch (types[i]) {
                    case "uuid" -> connection.createArrayOf("text", column.stream().map(v -> v == null ? null : v.toString()).toArray(String[]::new));
                    case "int8" -> connection.createArrayOf("int8", column.toArray(Long[]::new));
                    case "bool" -> connection.createArrayOf("bool", column.toArray(Boolean[]::new));
                    case "text" -> connection.createArrayOf("text", column.toArray(String[]::new));
                    default -> throw new IllegalArgumentException("no binary array of " + types[i]);
                });
            }
        }
    }
}
