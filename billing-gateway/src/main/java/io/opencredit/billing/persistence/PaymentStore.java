package io.opencredit.billing.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Card payments credited (SPEC S5), one row per payment reference. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PaymentStore {

    public record PaymentRow(String paymentReference, UUID subscriptionId, BigDecimal amount, String currency, Instant paidAt,
                             String requestHash, UUID tokenId, UUID eventId, Instant activatedAt, Instant expiresAt) {
    }

    private final AgroalDataSource dataSource;

    public PaymentStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the payment; false if its reference was credited already (a concurrent twin waits on the row). */
    public boolean insert(PaymentRow p, Instant receivedAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO payment (payment_reference, subscription_id, amount, currency, paid_at, request_hash, token_id, event_id,"
                             + " activated_at, expires_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, p.paymentReference());
            insert.setObject(2, p.subscriptionId());
            insert.setBigDecimal(3, p.amount());
            insert.setString(4, p.currency());
            insert.setTimestamp(5, Timestamp.from(p.paidAt()));
            insert.setString(6, p.requestHash());
            insert.setObject(7, p.tokenId());
            insert.setObject(8, p.eventId());
            insert.setTimestamp(9, Timestamp.from(p.activatedAt()));
            insert.setTimestamp(10, Timestamp.from(p.expiresAt()));
            insert.setTimestamp(11, Timestamp.from(receivedAt));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the payment", e);
        }
    }

    public Optional<PaymentRow> find(String reference) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT payment_reference, subscription_id, amount, currency, paid_at, request_hash, token_id, event_id,"
                             + " activated_at, expires_at FROM payment WHERE payment_reference = ?")) {
            select.setString(1, reference);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PaymentRow(rs.getString(1), rs.getObject(2, UUID.class), rs.getBigDecimal(3), rs.getString(4).trim(),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getObject(7, UUID.class), rs.getObject(8, UUID.class),
                        rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the payment", e);
        }
    }
}
