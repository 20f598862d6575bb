package io.opencredit.billing.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.billing.domain.CreditForecast;
import io.opencredit.billing.domain.SubscriptionInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read model of subscriptions (tables {@code subscription_view}, {@code subscription_admin},
 * {@code credit_token}), with an in-memory cache for the usage hot path. Writers (the event
 * handler) invalidate the cached entries after their transaction completes; a reader caches what it
 * loaded only if no invalidation happened meanwhile, so the cache never keeps a stale row.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final int CACHE_LIMIT = 200_000;

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<UUID, SubscriptionInfo> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public SubscriptionStore(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    // ---- reads ----------------------------------------------------------------------------------

    public Optional<SubscriptionInfo> find(UUID id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The known subscriptions among {@code ids} (those whose SubscriptionCreated was read), one query for the uncached. */
    public Map<UUID, SubscriptionInfo> findAll(Collection<UUID> ids) {
        Map<UUID, SubscriptionInfo> found = new HashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : new HashSet<>(ids)) {
            SubscriptionInfo cached = cache.get(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        long before = generation.get();
        Map<UUID, SubscriptionInfo> loaded = load(missing);
        found.putAll(loaded);
        if (generation.get() == before) {
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.putAll(loaded);
        }
        return found;
    }

    private Map<UUID, SubscriptionInfo> load(List<UUID> ids) {
        Map<UUID, Set<String>> admins = new HashMap<>();
        Map<UUID, SubscriptionInfo> result = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            UUID[] array = ids.toArray(UUID[]::new);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subscription_id, email FROM subscription_admin WHERE subscription_id = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("uuid", array));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        admins.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT subscription_id, currency, country, created_at, linked_to_ea_at, deprovisioned_at, ledger_status,"
                            + " remaining, remaining_as_of FROM subscription_view WHERE subscription_id = ANY(?) AND currency IS NOT NULL")) {
                select.setArray(1, connection.createArrayOf("uuid", array));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        result.put(id, new SubscriptionInfo(id, rs.getString(2).trim(), rs.getString(3).trim(), instant(rs.getTimestamp(4)),
                                admins.getOrDefault(id, Set.of()), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                                rs.getString(7), rs.getBigDecimal(8), instant(rs.getTimestamp(9))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscriptions", e);
        }
        return result;
    }

    /** Tokens not expired or forfeited, as announced by CreditAdded. */
    public List<CreditForecast.Token> openTokens(UUID subscriptionId) {
        List<CreditForecast.Token> tokens = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT amount, activated_at, expires_at FROM credit_token WHERE subscription_id = ? AND NOT closed")) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new CreditForecast.Token(rs.getBigDecimal(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tokens", e);
        }
        return tokens;
    }

    // ---- writes (in the consumer's transaction) -------------------------------------------------

    public void created(UUID id, String currency, String country, Instant createdAt, String accountEmail, String createdBy) {
        update("INSERT INTO subscription_view (subscription_id, currency, country, created_at, account_email, created_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO UPDATE SET currency = EXCLUDED.currency,"
                        + " country = EXCLUDED.country, created_at = EXCLUDED.created_at, account_email = EXCLUDED.account_email,"
                        + " created_by = EXCLUDED.created_by",
                id, currency, country.toUpperCase(Locale.ROOT), ts(createdAt), lower(accountEmail), lower(createdBy));
        addAdministrator(id, accountEmail);
        addAdministrator(id, createdBy);
    }

    public void addAdministrator(UUID id, String email) {
        if (email == null || email.isBlank()) {
            return;
        }
        update("INSERT INTO subscription_admin (subscription_id, email) VALUES (?, ?) ON CONFLICT DO NOTHING", id, lower(email));
        invalidate(id);
    }

    public void linkedToEnterpriseAgreement(UUID id, Instant at) {
        upsertColumn(id, "linked_to_ea_at", ts(at));
    }

    public void deprovisioned(UUID id, Instant at) {
        upsertColumn(id, "deprovisioned_at", ts(at));
    }

    /** The latest balance wins (by asOf; an older BalanceChanged read late does not go back). */
    public void balance(UUID id, BigDecimal remaining, String status, Instant asOf) {
        update("INSERT INTO subscription_view (subscription_id, remaining, ledger_status, remaining_as_of) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (subscription_id) DO UPDATE SET remaining = EXCLUDED.remaining, ledger_status = EXCLUDED.ledger_status,"
                        + " remaining_as_of = EXCLUDED.remaining_as_of"
                        + " WHERE subscription_view.remaining_as_of IS NULL OR subscription_view.remaining_as_of <= EXCLUDED.remaining_as_of",
                id, remaining, status, ts(asOf));
        invalidate(id);
    }

    public void tokenAdded(UUID tokenId, UUID subscriptionId, BigDecimal amount, Instant activatedAt, Instant expiresAt) {
        update("INSERT INTO credit_token (token_id, subscription_id, amount, activated_at, expires_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (token_id) DO NOTHING", tokenId, subscriptionId, amount, ts(activatedAt), ts(expiresAt));
    }

    public void tokenClosed(UUID tokenId) {
        update("UPDATE credit_token SET closed = TRUE WHERE token_id = ?", tokenId);
    }

    private void upsertColumn(UUID id, String column, Timestamp value) {
        update("INSERT INTO subscription_view (subscription_id, " + column + ") VALUES (?, ?) ON CONFLICT (subscription_id) DO UPDATE SET "
                + column + " = EXCLUDED." + column, id, value);
        invalidate(id);
    }

    /** Drops the cached entry now and again after the surrounding transaction completes. */
    void invalidate(UUID id) {
        generation.incrementAndGet();
        cache.remove(id);
        if (transactions.getTransactionKey() != null) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                    cache.remove(id);
                }
            });
        }
    }

    /** Forgets every cached entry (tests). */
    public void clearCache() {
        generation.incrementAndGet();
        cache.clear();
    }

    private int update(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the subscription read model", e);
        }
    }

    private static String lower(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
