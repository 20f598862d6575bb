package io.opencredit.ledger.persistence;

import static io.opencredit.ledger.persistence.ArrayRows.Kind.DECIMAL;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.ID;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.INSTANT;
import static io.opencredit.ledger.persistence.ArrayRows.Kind.TEXT;
import static io.opencredit.ledger.persistence.ArrayRows.column;
import static io.opencredit.ledger.persistence.ArrayRows.uuids;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.events.UsageVoided;
import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.AlertRuleSet;
import io.opencredit.ledger.domain.DepletionForecastRearmed;
import io.opencredit.ledger.domain.ForecastSettingsSet;
import io.opencredit.ledger.domain.TokenState;
import io.opencredit.ledger.domain.TokenStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The projections a commit rewrites in its transaction: tokens, administrators and alert rules, each table in one
 * statement for the whole batch. Hand-written SQL on purpose: every batch writes them (see docs/decisions.md).
 */
final class ProjectionWriter {

    /** The facts that change a token, which then gets its row rewritten ({@link #tokenOf}). */
    static final EventDispatch TOKENS = EventDispatch.named("ProjectionWriter.tokenOf")
            .handles(CreditAdded.class, CreditConsumed.class, OverageSettled.class, TokenExpired.class, CreditForfeited.class,
                    TokenBalanceLow.class, TokenExpiring.class, CreditAdjusted.class, UsageVoided.class)
            .ignoring(SubscriptionCreated.class, CoAdministratorAdded.class, UsageRecorded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, UsageBilledToCard.class, OverageRecorded.class,
                    BalanceChanged.class, SubscriptionCreditLow.class, SubscriptionSuspended.class,
                    SubscriptionReactivated.class, SubscriptionDeprovisioned.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    CreditRejected.class, // the credit never became a token
                    CreditDepletionForecast.class, TokenWillExpireUnused.class, ForecastSettingsSet.class, DepletionForecastRearmed.class,
                    KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class);

    /** The facts that add an administrator, after which the subscription's administrators are written. */
    static final EventDispatch ADMINS = EventDispatch.named("ProjectionWriter.admins")
            .handles(SubscriptionCreated.class, CoAdministratorAdded.class)
            .ignoring(CreditAdded.class, UsageRecorded.class, SubscriptionLinkedToEnterpriseAgreement.class,
                    CreditConsumed.class, UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class,
                    BalanceChanged.class, TokenBalanceLow.class, TokenExpiring.class, TokenExpired.class,
                    SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
                    SubscriptionDeprovisioned.class, CreditForfeited.class, CreditRejected.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    CreditAdjusted.class, UsageVoided.class, CreditDepletionForecast.class, TokenWillExpireUnused.class,
                    ForecastSettingsSet.class, DepletionForecastRearmed.class, KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class);

    /**
     * The facts that remove an alert rule: the subscription's rules are rewritten even if none is left. (While any rule
     * is left they are rewritten after every change, since any fact may arm or disarm one.)
     */
    static final EventDispatch ALERT_REMOVALS = EventDispatch.named("ProjectionWriter.alertRemoved")
            .handles(AlertRuleRemoved.class)
            .ignoring(SubscriptionCreated.class, CoAdministratorAdded.class, CreditAdded.class, UsageRecorded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, CreditConsumed.class, UsageBilledToCard.class,
                    OverageRecorded.class, OverageSettled.class, BalanceChanged.class, TokenBalanceLow.class,
                    TokenExpiring.class, TokenExpired.class, SubscriptionCreditLow.class, SubscriptionSuspended.class,
                    SubscriptionReactivated.class, SubscriptionDeprovisioned.class, CreditForfeited.class, CreditRejected.class, AlertRuleSet.class,
                    CreditAdjusted.class, UsageVoided.class, CreditDepletionForecast.class, TokenWillExpireUnused.class,
                    ForecastSettingsSet.class, DepletionForecastRearmed.class, KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class);

    private ProjectionWriter() {
    }

    static void write(Connection connection, List<EventStore.Change> changes) throws SQLException {
        List<Touched> touched = changes.stream().map(Touched::of).toList();
        writeTokens(connection, touched);
        writeAdmins(connection, touched);
        writeAlerts(connection, touched);
    }

    /** What one change's facts touch, found in one pass over them: tokens, administrators, alert rules removed. */
    private record Touched(EventStore.Change change, Set<UUID> tokens, boolean admins, boolean alertRemoved) {

        static Touched of(EventStore.Change change) {
            Set<UUID> tokens = new HashSet<>();
            boolean admins = false;
            boolean alertRemoved = false;
            for (EventStore.Caused caused : change.facts()) {
                Record payload = caused.fact().payload();
                UUID tokenId = tokenOf(payload);
                if (tokenId != null) {
                    tokens.add(tokenId);
                }
                admins |= ADMINS.handles(payload);
                alertRemoved |= ALERT_REMOVALS.handles(payload);
            }
            return new Touched(change, tokens, admins, alertRemoved);
        }
    }

    private static UUID tokenOf(Record payload) {
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
        } else if (payload instanceof CreditAdjusted p) {
            return p.tokenId();
        } else if (payload instanceof UsageVoided p) {
            return p.tokenId(); // null when it cancels overage
        }
        TOKENS.requireIgnored(payload);
        return null;
    }

    /** One token row as the commit leaves it (inserted, or its remaining and status updated). */
    record TokenRow(UUID tokenId, UUID subscriptionId, CreditSource source, String keyCode, String paymentReference,
                    BigDecimal original, BigDecimal remaining, Instant activatedAt, Instant expiresAt, TokenStatus status) {

        static final ArrayRows<TokenRow> COLUMNS = new ArrayRows<>(List.of(
                column("t", ID, TokenRow::tokenId), column("s", ID, TokenRow::subscriptionId),
                column("so", TEXT, TokenRow::source), column("k", TEXT, TokenRow::keyCode),
                column("p", TEXT, TokenRow::paymentReference), column("o", DECIMAL, TokenRow::original),
                column("r", DECIMAL, TokenRow::remaining), column("a", INSTANT, TokenRow::activatedAt),
                column("e", INSTANT, TokenRow::expiresAt), column("st", TEXT, TokenRow::status)));

        static TokenRow of(UUID subscriptionId, TokenState token) {
            return new TokenRow(token.tokenId(), subscriptionId, token.source(), token.keyCode(), token.paymentReference(),
                    token.original(), token.remaining(), token.activatedAt(), token.expiresAt(), token.status());
        }
    }

    private static final String UPSERT_TOKENS = "INSERT INTO ledger_token (token_id, subscription_id, source, key_code, "
            + "payment_reference, original, remaining, activated_at, expires_at, status) "
            + "SELECT t, s, so, k, p, o::numeric, r::numeric, a::timestamptz, e::timestamptz, st FROM " + TokenRow.COLUMNS.unnest("r")
            + " ON CONFLICT (token_id) DO UPDATE SET remaining = EXCLUDED.remaining, status = EXCLUDED.status";

    private static void writeTokens(Connection connection, List<Touched> changes) throws SQLException {
        List<TokenRow> rows = new ArrayList<>();
        for (Touched touched : changes) {
            if (touched.tokens().isEmpty()) {
                continue;
            }
            for (TokenState token : touched.change().ledger().tokens()) {
                if (touched.tokens().contains(token.tokenId())) {
                    rows.add(TokenRow.of(touched.change().ledger().subscriptionId(), token));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_TOKENS)) {
            TokenRow.COLUMNS.bind(connection, upsert, rows);
            upsert.executeUpdate();
        }
    }

    private static void writeAdmins(Connection connection, List<Touched> changes) throws SQLException {
        List<EventStore.Change> withAdmins = changes.stream().filter(Touched::admins).map(Touched::change).toList();
        if (withAdmins.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ledger_admin (subscription_id, email) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            boolean any = false;
            for (EventStore.Change change : withAdmins) {
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

    private static void writeAlerts(Connection connection, List<Touched> changes) throws SQLException {
        List<EventStore.Change> withAlerts = changes.stream().filter(t -> !t.change().ledger().alerts().isEmpty() || t.alertRemoved())
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
            for (EventStore.Change change : withAlerts) {
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
}
