package io.opencredit.ledger.domain;

import io.opencredit.events.SubscriptionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The whole state of one subscription's ledger as plain values (equal states have equal
 * snapshots), except the set of applied usage ids, which the store keeps beside it (T5).
 * {@code version} is the number of facts in the subscription's stream. {@code rejectedTokens} are the token ids of
 * the credits rejected (R4), so that a redelivered one is not rejected twice; absent from snapshots written before.
 * {@code corrections} are the keys of the operator corrections applied (F4, {@link Correction#key}); absent before them.
 * F1: {@code usageByDay} the eligible usage per UTC day (epoch day) of the last {@link SubscriptionLedger#MAX_BURN_WINDOW_DAYS},
 * the settings ({@code warningDays}, {@code burnWindowDays}) and whether the depletion forecast fired; absent before F1.
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
        Instant lastAt,
        List<UUID> rejectedTokens,
        List<String> corrections,
        java.util.SortedMap<Long, BigDecimal> usageByDay,
        Integer warningDays,
        Integer burnWindowDays,
        Boolean depletionWarned) {

    public LedgerSnapshot {
        admins = List.copyOf(admins);
        tokens = List.copyOf(tokens);
        alerts = List.copyOf(alerts);
        rejectedTokens = rejectedTokens == null ? List.of() : List.copyOf(rejectedTokens);
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
        usageByDay = usageByDay == null ? new java.util.TreeMap<>() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(usageByDay));
        warningDays = warningDays == null ? SubscriptionLedger.DEFAULT_WARNING_DAYS : warningDays;
        burnWindowDays = burnWindowDays == null ? SubscriptionLedger.DEFAULT_BURN_WINDOW_DAYS : burnWindowDays;
        depletionWarned = depletionWarned != null && depletionWarned;
    }
}
