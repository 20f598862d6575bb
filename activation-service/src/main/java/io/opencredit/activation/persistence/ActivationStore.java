package io.opencredit.activation.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.activation.persistence.Rows.ActivationRow;
import io.opencredit.activation.persistence.Rows.KeyRow;
import io.opencredit.activation.persistence.Rows.LedgerViewRow;
import io.opencredit.activation.persistence.Rows.SubscriptionRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The activation service's tables, plain JDBC in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ActivationStore {

    private static final String KEY_COLUMNS =
            "code, units, currency, purchased_on, activate_by, reseller_id, sku, status, issued_at, issued_by";
    private static final String ACTIVATION_COLUMNS =
            "key_code, subscription_id, token_id, amount, currency, activated_at, expires_at, activated_by, request_hash";
    private static final String SUBSCRIPTION_COLUMNS =
            "id, name, country, cloud, currency, language, account_email, account_created_on, status, enrollment_number,"
                    + " linked_at, linked_by, created_at, created_by";

    private final AgroalDataSource dataSource;

    public ActivationStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---- keys -----------------------------------------------------------------------------------

    /** Inserts a key; false when the code exists already (the caller draws another). */
    public boolean insertKey(KeyRow key) {
        return update("INSERT INTO osa_key (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                key.code(), key.units(), key.currency(), key.purchasedOn(), key.activateBy(),
                key.resellerId(), key.sku(), key.status(), Timestamp.from(key.issuedAt()), key.issuedBy()) == 1;
    }

    public Optional<KeyRow> findKey(String code) {
        return queryOne("SELECT " + KEY_COLUMNS + " FROM osa_key WHERE code = ?", ActivationStore::key, code);
    }

    /**
     * K4: moves the key from ISSUED to ACTIVATED; false if it is not ISSUED (anymore). A concurrent
     * activation of the same key waits here on the row lock until the first commits or rolls back.
     */
    public boolean claimKey(String code) {
        return update("UPDATE osa_key SET status = 'ACTIVATED' WHERE code = ? AND status = 'ISSUED'", code) == 1;
    }

    public void insertActivation(ActivationRow a) {
        update("INSERT INTO key_activation (" + ACTIVATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.keyCode(), a.subscriptionId(), a.tokenId(), a.amount(), a.currency(), Timestamp.from(a.activatedAt()),
                Timestamp.from(a.expiresAt()), a.activatedBy(), a.requestHash());
    }

    public Optional<ActivationRow> findActivation(String keyCode) {
        return queryOne("SELECT " + ACTIVATION_COLUMNS + " FROM key_activation WHERE key_code = ?", ActivationStore::activation, keyCode);
    }

    // ---- subscriptions --------------------------------------------------------------------------

    public void insertSubscription(SubscriptionRow s) {
        update("INSERT INTO subscription (" + SUBSCRIPTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.name(), s.country(), s.cloud(), s.currency(), s.language(), s.accountEmail(),
                s.accountCreatedOn(), s.status(), s.enrollmentNumber(), ts(s.linkedAt()), s.linkedBy(),
                Timestamp.from(s.createdAt()), s.createdBy());
    }

    /** The subscription, its row locked until the transaction ends (writers of one subscription serialise). */
    public Optional<SubscriptionRow> lockSubscription(UUID id) {
        return subscription("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscription WHERE id = ? FOR UPDATE", id);
    }

    public Optional<SubscriptionRow> findSubscription(UUID id) {
        return subscription("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscription WHERE id = ?", id);
    }

    private Optional<SubscriptionRow> subscription(String sql, UUID id) {
        Optional<SubscriptionRow> row = queryOne(sql, rs -> subscriptionRow(rs, List.of()), id);
        return row.map(s -> new SubscriptionRow(s.id(), s.name(), s.country(), s.cloud(), s.currency(), s.language(),
                s.accountEmail(), s.accountCreatedOn(), s.status(), s.enrollmentNumber(), s.linkedAt(), s.linkedBy(),
                s.createdAt(), s.createdBy(), coAdministrators(id)));
    }

    public List<String> coAdministrators(UUID subscriptionId) {
        return query("SELECT email FROM co_administrator WHERE subscription_id = ? ORDER BY added_at, email",
                rs -> rs.getString(1), subscriptionId);
    }

    /** Adds a co-administrator; false if already one. */
    public boolean insertCoAdministrator(UUID subscriptionId, String email, Instant at, String by) {
        return update("INSERT INTO co_administrator (subscription_id, email, added_at, added_by) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING", subscriptionId, email, Timestamp.from(at), by) == 1;
    }

    public void linkToEnterpriseAgreement(UUID subscriptionId, String enrollmentNumber, Instant at, String by) {
        update("UPDATE subscription SET status = 'LINKED_TO_EA', enrollment_number = ?, linked_at = ?, linked_by = ? WHERE id = ?",
                enrollmentNumber, Timestamp.from(at), by, subscriptionId);
    }

    // ---- ledger read model ----------------------------------------------------------------------

    public Optional<LedgerViewRow> ledgerView(UUID subscriptionId) {
        return queryOne("SELECT subscription_id, remaining, currency, ledger_status, as_of, deprovisioned_at FROM ledger_view"
                + " WHERE subscription_id = ?", rs -> new LedgerViewRow(rs.getObject(1, UUID.class), rs.getBigDecimal(2),
                trim(rs.getString(3)), rs.getString(4), instant(rs, 5), instant(rs, 6)), subscriptionId);
    }

    /** Keeps the latest balance (by its as-of instant; equal or later replaces). */
    public void recordBalance(UUID subscriptionId, BigDecimal remaining, String currency, String status, Instant asOf) {
        update("INSERT INTO ledger_view (subscription_id, remaining, currency, ledger_status, as_of, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (subscription_id) DO UPDATE SET remaining = EXCLUDED.remaining,"
                        + " currency = EXCLUDED.currency, ledger_status = EXCLUDED.ledger_status, as_of = EXCLUDED.as_of, updated_at = now()"
                        + " WHERE ledger_view.as_of IS NULL OR ledger_view.as_of <= EXCLUDED.as_of",
                subscriptionId, remaining, currency, status, Timestamp.from(asOf));
    }

    public void recordDeprovisioned(UUID subscriptionId, Instant at) {
        update("INSERT INTO ledger_view (subscription_id, deprovisioned_at, updated_at) VALUES (?, ?, now())"
                        + " ON CONFLICT (subscription_id) DO UPDATE SET deprovisioned_at = COALESCE(ledger_view.deprovisioned_at, EXCLUDED.deprovisioned_at),"
                        + " updated_at = now()",
                subscriptionId, Timestamp.from(at));
    }

    // ---- plumbing -------------------------------------------------------------------------------

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static KeyRow key(ResultSet rs) throws SQLException {
        return new KeyRow(rs.getString(1).trim(), rs.getInt(2), trim(rs.getString(3)), rs.getObject(4, LocalDate.class),
                rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), rs.getString(10));
    }

    private static ActivationRow activation(ResultSet rs) throws SQLException {
        return new ActivationRow(rs.getString(1).trim(), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getBigDecimal(4), trim(rs.getString(5)), instant(rs, 6), instant(rs, 7), rs.getString(8), rs.getString(9));
    }

    private static SubscriptionRow subscriptionRow(ResultSet rs, List<String> coAdmins) throws SQLException {
        return new SubscriptionRow(rs.getObject(1, UUID.class), rs.getString(2), trim(rs.getString(3)), rs.getString(4),
                trim(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class), rs.getString(9),
                rs.getString(10), instant(rs, 11), rs.getString(12), instant(rs, 13), rs.getString(14), coAdmins);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
