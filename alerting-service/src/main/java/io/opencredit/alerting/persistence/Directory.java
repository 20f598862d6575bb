package io.opencredit.alerting.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.alerting.domain.SubscriptionView;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** The read model of who to tell: subscriptions and their administrators, from activation.events. */
@ApplicationScoped
public class Directory {

    private final AgroalDataSource dataSource;

    public Directory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Serialises the writers of these subscriptions (the activation and the ledger consumers) until the
     * transaction ends, so that an alert is never held after its subscription's creation released the
     * held ones. Locks are taken in a fixed order, so two batches cannot deadlock.
     */
    public void lock(Collection<UUID> subscriptionIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            for (UUID id : new TreeSet<>(subscriptionIds)) {
                lock.setInt(1, 0x0A1E);
                lock.setInt(2, id.hashCode());
                lock.executeQuery().close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock subscriptions", e);
        }
    }

    /** Records a subscription; a repeat changes nothing. */
    public void addSubscription(UUID id, String name, String accountEmail, String country, String language,
                                String currency, Instant createdAt) {
        String sql = """
                INSERT INTO alert_subscription (subscription_id, name, account_email, country, language, currency, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO NOTHING""";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.setString(3, accountEmail.strip().toLowerCase(Locale.ROOT));
            insert.setString(4, country.toUpperCase(Locale.ROOT));
            insert.setString(5, language);
            insert.setString(6, currency);
            insert.setTimestamp(7, Jdbc.ts(createdAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record subscription " + id, e);
        }
    }

    public void addCoAdministrator(UUID id, String email, Instant addedAt) {
        String sql = "INSERT INTO alert_co_administrator (subscription_id, email, added_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (subscription_id, email) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, id);
            insert.setString(2, email.strip().toLowerCase(Locale.ROOT));
            insert.setTimestamp(3, Jdbc.ts(addedAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a co-administrator of " + id, e);
        }
    }

    public Optional<SubscriptionView> find(UUID id) {
        try (Connection connection = dataSource.getConnection()) {
            SubscriptionView view = null;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, account_email, country, language, currency FROM alert_subscription WHERE subscription_id = ?")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    view = new SubscriptionView(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), List.of());
                }
            }
            List<String> coAdmins = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT email FROM alert_co_administrator WHERE subscription_id = ? ORDER BY added_at, email")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        coAdmins.add(rs.getString(1));
                    }
                }
            }
            return Optional.of(new SubscriptionView(id, view.name(), view.accountEmail(), view.country(), view.language(),
                    view.currency(), coAdmins));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscription " + id, e);
        }
    }
}
