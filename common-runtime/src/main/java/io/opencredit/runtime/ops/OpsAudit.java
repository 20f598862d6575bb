package io.opencredit.runtime.ops;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail of operator actions ({@code oc_ops_audit}, each service's migration V20): who did
 * what to which record, when, and the outcome. Rows are only ever added.
 */
@ApplicationScoped
public class OpsAudit {

    /** One audited action. */
    public record Entry(long id, Instant at, String operator, String action, String target, String consumer,
                        String outcome, String detail) {
    }

    /** The action a dead-letter replay is audited as. */
    public static final String REPLAY = "dead-letter-replay";
    private static final int MAX_DETAIL = 4000;

    private final AgroalDataSource dataSource;

    public OpsAudit(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds an entry; part of the caller's transaction, so an applied replay and its entry commit together. */
    public void record(Instant at, String operator, String action, String target, String consumer, String outcome,
                       String detail) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_ops_audit "
                     + "(at, operator, action, target, consumer, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, operator);
            insert.setString(3, action);
            insert.setString(4, target);
            insert.setString(5, consumer);
            insert.setString(6, outcome);
            insert.setString(7, detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the audit trail", e);
        }
    }

    /**
     * Serialises actions on one target until the caller's transaction ends (a transaction-scoped advisory lock), so
     * two operators replaying the same dead letter at once apply it once, on any instance.
     */
    public void lock(String target) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 20))")) {
            lock.setString(1, target);
            lock.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock " + target, e);
        }
    }

    /** Entries newest first, those with an id below {@code before} ({@code null}: from the newest), at most {@code limit}. */
    public List<Entry> list(Long before, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, at, operator, action, target, consumer, "
                     + "outcome, detail FROM oc_ops_audit WHERE id < ? ORDER BY id DESC LIMIT ?")) {
            select.setLong(1, before == null ? Long.MAX_VALUE : before);
            select.setInt(2, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit trail", e);
        }
    }
}
