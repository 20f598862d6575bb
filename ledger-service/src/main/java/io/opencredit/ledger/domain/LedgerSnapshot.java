package io.opencredit.ledger.domain;

import io.opencredit.events.SubscriptionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The whole state of one subscription's ledger as plain values (equal states have equal
 * snapshots), except the set of applied usage ids, which the store keeps beside it (T5).
 * {@code version} is the number of facts in the subscription's stream.
 */
public record LedgerSnapshot(
        UUID subscriptionId,
        long version,
        String currency,
        boolean created,
        SubscriptionStatus status,
        List<String> admins,
        List<TokenState> tokens,
        BigDecimal remaining,
        BigDecimal overage,
        Instant suspendedAt,
        Instant deprovisionAt,
        List<AlertRule> alerts,
        Instant lastAt) {

    public LedgerSnapshot {
        admins = List.copyOf(admins);
        tokens = List.copyOf(tokens);
        alerts = List.copyOf(alerts);
    }
}
