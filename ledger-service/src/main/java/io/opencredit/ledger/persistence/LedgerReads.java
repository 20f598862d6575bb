package io.opencredit.ledger.persistence;

import static io.opencredit.ledger.persistence.ArrayRows.utc;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CreditSource;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.BitemporalFold;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.domain.TokenStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the API and the verifier read: a subscription's stream (the statement, {@code asOf}, the rebuild) and its
 * projections (balance row, tokens, alert rules, administrators). Plain JDBC: the stream is read as the event
 * store keeps it (LZ4-compressed commits, {@link CommitCodec}), and the projections are written by the hot batch
 * statements of {@link ProjectionWriter}, so one mapping of each table stays in this package's SQL.
 */
@ApplicationScoped
public class LedgerReads {

    public record Balance(UUID subscriptionId, long version, String currency, SubscriptionStatus status, BigDecimal remaining,
                          BigDecimal overage, Instant suspendedAt, Instant deprovisionAt, Instant nextDueAt) {
    }

    public record Token(UUID tokenId, CreditSource source, String keyCode, String paymentReference, BigDecimal original,
                        BigDecimal remaining, Instant activatedAt, Instant expiresAt, TokenStatus status) {
    }

    /** Commits fetched per round trip by the streamed reads. */
    private static final int FETCH = 100;

    private final AgroalDataSource dataSource;

    public LedgerReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ------------------------------------------------------------------ the stream

    /**
     * Hands each fact of a subscription's stream to {@code visitor}, oldest first, and answers whether the stream
     * exists. Streamed: PostgreSQL's driver fetches {@value #FETCH} commits at a time (a cursor needs the transaction),
     * each is decoded, visited and dropped, so no caller holds a whole history in memory (issue 22). The visitor
     * answers {@code false} to stop early.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean visit(UUID subscriptionId, Predicate<StoredFact> visitor) {
        boolean any = false;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT first_version, facts, recorded_at FROM ledger_commit WHERE subscription_id = ? ORDER BY first_version")) {
            select.setObject(1, subscriptionId);
            select.setFetchSize(FETCH);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    any = true;
                    Instant recordedAt = instant(rs, 3);
                    for (CommitCodec.Read read : CommitCodec.read(rs.getBytes(2), rs.getLong(1))) {
                        if (!visitor.test(new StoredFact(subscriptionId, read.version(), read.eventId(), read.causationId(), read.fact(),
                                read.effectiveAt(), recordedAt))) {
                            return true;
                        }
                    }
                }
            }
            return any;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stream of " + subscriptionId, e);
        }
    }

    /**
     * F2: the subscription's state as of {@code asOf} as known at {@code knownAt} ({@link BitemporalFold}), or empty
     * for a subscription with no stream. {@linkplain #visit Visited}: the read stops at the first commit recorded after
     * {@code knownAt}; memory is the fold's state (O(tokens + alerts), no usage ids) plus one fetch.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<SubscriptionLedger> stateAsOf(UUID subscriptionId, Instant asOf, Instant knownAt) {
        BitemporalFold fold = new BitemporalFold(subscriptionId, asOf, knownAt);
        boolean any = visit(subscriptionId, stored -> fold.accept(stored.fact(), stored.effectiveAt(), stored.recordedAt()));
        return any ? Optional.of(fold.state()) : Optional.empty();
    }

    /**
     * One page of the statement: at most {@code max} entries after version {@code afterVersion}, oldest first, with
     * {@code from}/{@code to} bounding occurred-at (inclusive) when given, each with its effective and recorded time.
     * Streamed like {@link #visit}: the read stops after {@code max} entries, whatever the stream's length.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<StoredFact> page(UUID subscriptionId, Instant from, Instant to, long afterVersion, int max) {
        StringBuilder sql = new StringBuilder(
                "SELECT first_version, facts, recorded_at FROM ledger_commit WHERE subscription_id = ? AND last_version > ?");
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
            select.setLong(i++, afterVersion);
            if (from != null) {
                select.setObject(i++, utc(from));
            }
            if (to != null) {
                select.setObject(i, utc(to));
            }
            select.setFetchSize(FETCH);
            try (ResultSet rs = select.executeQuery()) {
                while (facts.size() < max && rs.next()) {
                    Instant recordedAt = instant(rs, 3);
                    for (CommitCodec.Read read : CommitCodec.read(rs.getBytes(2), rs.getLong(1))) {
                        Instant at = read.fact().at();
                        if (read.version() > afterVersion && facts.size() < max
                                && (from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to))) {
                            facts.add(new StoredFact(subscriptionId, read.version(), read.eventId(), read.causationId(), read.fact(),
                                    read.effectiveAt(), recordedAt));
                        }
                    }
                }
            }
            return facts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the statement of " + subscriptionId, e);
        }
    }

    /** The usage ids recorded as applied to a subscription (T5), for verification against its stream. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> appliedUsageIds(UUID subscriptionId) {
        return texts("SELECT usage_id FROM ledger_usage WHERE subscription_id = ?", subscriptionId, "applied usage ids");
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

    // ------------------------------------------------------------------ the projections

    /** The administrators of a subscription (account admin and co-administrators); empty when unknown. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<String> admins(UUID subscriptionId) {
        return texts("SELECT email FROM ledger_admin WHERE subscription_id = ?", subscriptionId, "administrators");
    }

    public Optional<Balance> balance(UUID subscriptionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT version, currency, status, remaining, overage, suspended_at, deprovision_at, next_due_at "
                             + "FROM ledger_subscription WHERE subscription_id = ?")) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Balance(subscriptionId, rs.getLong(1), rs.getString(2),
                        SubscriptionStatus.valueOf(rs.getString(3)), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        instant(rs, 6), instant(rs, 7), instant(rs, 8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the balance of " + subscriptionId, e);
        }
    }

    /** A subscription's balance row and its tokens in FIFO order (T2), read together. */
    public record Current(Balance balance, List<Token> tokens) {
    }

    /**
     * The balance and the tokens as one commit left them: one statement, so one snapshot (two reads could straddle a
     * commit and answer an old total next to new tokens, as CI once saw). Empty for an unknown subscription.
     */
    public Optional<Current> current(UUID subscriptionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT s.version, s.currency, s.status, s.remaining, s.overage, s.suspended_at, s.deprovision_at, s.next_due_at, "
                             + "t.token_id, t.source, t.key_code, t.payment_reference, t.original, t.remaining, t.activated_at, "
                             + "t.expires_at, t.status FROM ledger_subscription s "
                             + "LEFT JOIN ledger_token t ON t.subscription_id = s.subscription_id WHERE s.subscription_id = ? "
                             + "ORDER BY t.expires_at, t.activated_at, t.token_id::text")) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                Balance balance = null;
                List<Token> tokens = new ArrayList<>();
                while (rs.next()) {
                    if (balance == null) {
                        balance = new Balance(subscriptionId, rs.getLong(1), rs.getString(2), SubscriptionStatus.valueOf(rs.getString(3)),
                                rs.getBigDecimal(4), rs.getBigDecimal(5), instant(rs, 6), instant(rs, 7), instant(rs, 8));
                    }
                    UUID tokenId = rs.getObject(9, UUID.class);
                    if (tokenId != null) {
                        tokens.add(new Token(tokenId, CreditSource.valueOf(rs.getString(10)), rs.getString(11), rs.getString(12),
                                rs.getBigDecimal(13), rs.getBigDecimal(14), instant(rs, 15), instant(rs, 16),
                                TokenStatus.valueOf(rs.getString(17))));
                    }
                }
                return balance == null ? Optional.empty() : Optional.of(new Current(balance, tokens));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the balance of " + subscriptionId, e);
        }
    }

    public List<AlertRule> alerts(UUID subscriptionId) {
        List<AlertRule> rules = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT alert_number, threshold, recipients, armed FROM ledger_alert_rule WHERE subscription_id = ? ORDER BY alert_number")) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Array recipients = rs.getArray(3);
                    rules.add(new AlertRule(rs.getInt(1), rs.getBigDecimal(2).setScale(6),
                            Arrays.asList((String[]) recipients.getArray()), rs.getBoolean(4)));
                }
            }
            return rules;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the alerts of " + subscriptionId, e);
        }
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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
