package io.opencredit.ledger.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CreditSource;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.TokenStatus;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the ledger's projections: balance row, tokens, alert rules. */
@ApplicationScoped
public class Projections {

    public record Balance(UUID subscriptionId, long version, String currency, SubscriptionStatus status, BigDecimal remaining,
                          BigDecimal overage, Instant suspendedAt, Instant deprovisionAt, Instant nextDueAt) {
    }

    public record Token(UUID tokenId, CreditSource source, String keyCode, String paymentReference, BigDecimal original,
                        BigDecimal remaining, Instant activatedAt, Instant expiresAt, TokenStatus status) {
    }

    private final AgroalDataSource dataSource;

    public Projections(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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

    /** The subscription's tokens in FIFO order (T2). */
    public List<Token> tokens(UUID subscriptionId) {
        List<Token> tokens = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT token_id, source, key_code, payment_reference, original, remaining, activated_at, expires_at, status "
                             + "FROM ledger_token WHERE subscription_id = ? ORDER BY expires_at, activated_at, token_id::text")) {
            select.setObject(1, subscriptionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new Token(rs.getObject(1, UUID.class), CreditSource.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), instant(rs, 7), instant(rs, 8),
                            TokenStatus.valueOf(rs.getString(9))));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tokens of " + subscriptionId, e);
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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
