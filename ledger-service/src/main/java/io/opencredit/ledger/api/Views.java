package io.opencredit.ledger.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.opencredit.events.CreditSource;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.domain.TokenState;
import io.opencredit.ledger.domain.TokenStatus;
import io.opencredit.ledger.persistence.FactCodec;
import io.opencredit.runtime.api.RequestDecimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Response and request bodies of the ledger's API (amounts are written as JSON strings). */
public final class Views {

    private Views() {
    }

    public record TokenView(UUID tokenId, CreditSource source, String keyCode, String paymentReference, BigDecimal original,
                            BigDecimal remaining, Instant activatedAt, Instant expiresAt, TokenStatus status) {
    }

    /** {@code knownAt} (F2): the balance is of the entries the ledger had recorded by then (the answer's time when live). */
    public record BalanceView(UUID subscriptionId, String currency, SubscriptionStatus status, BigDecimal remaining,
                              BigDecimal overage, Instant suspendedAt, Instant deprovisionAt, Instant asOf, Instant knownAt,
                              long version, List<TokenView> tokens) {
    }

    /** F2: {@code effectiveAt} when the entry takes effect (usage, activation or due time), {@code recordedAt} when the ledger applied it. */
    public record StatementEntry(long sequence, UUID eventId, String type, Instant occurredAt, Instant effectiveAt,
                                 Instant recordedAt, UUID causationId, Object payload) {
    }

    /** One page of the statement; {@code next} is the cursor of the following page ({@code after}), null on the last. */
    public record StatementView(UUID subscriptionId, String currency, Instant from, Instant to, List<StatementEntry> entries,
                                String next) {
    }

    /** {@code threshold} as sent (a string or number), read by {@link RequestDecimals#parse} (SPEC O6). */
    public record AlertRequest(@JsonDeserialize(using = RequestDecimals.Text.class) String threshold, List<String> recipients) {
    }

    public record AlertView(int alertNumber, BigDecimal threshold, String currency, List<String> recipients, boolean armed) {
    }

    public record ClockAdvanceRequest(String duration) {
    }

    public record VerifyRequest(List<UUID> subscriptionIds) {
    }

    /** F4: {@code amount} as sent (string or number, signed), read by {@link RequestDecimals#parse}. */
    public record AdjustmentRequest(@JsonDeserialize(using = RequestDecimals.Text.class) String amount, String currency,
                                    String reason, String reference) {
    }

    public record VoidRequest(String reason) {
    }

    /** F3: what a command would emit ({@code {type, ...payload}} each) and the balance it would leave; nothing stored. */
    public record DryRunView(boolean dryRun, List<Map<String, Object>> events, BalanceView balanceAfter) {
    }

    /** The balance answer of a folded state (the live one after a command), as of and known at {@code asOf}. */
    public static BalanceView balanceOf(SubscriptionLedger ledger, Instant asOf) {
        return balanceOf(ledger, asOf, asOf);
    }

    /** The balance answer of a folded state (F2: one refolded from the store as of a time, known at another). */
    public static BalanceView balanceOf(SubscriptionLedger ledger, Instant asOf, Instant knownAt) {
        List<TokenView> tokens = ledger.tokens().stream().sorted(TokenState.FIFO)
                .map(t -> new TokenView(t.tokenId(), t.source(), t.keyCode(), t.paymentReference(), t.original(),
                        t.remaining(), t.activatedAt(), t.expiresAt(), t.status()))
                .toList();
        return new BalanceView(ledger.subscriptionId(), ledger.currency(), ledger.status(), ledger.remaining(), ledger.overage(),
                ledger.suspendedAt(), ledger.deprovisionAt(), asOf, knownAt, ledger.version(), tokens);
    }

    /** F3: the dry-run answer of a command's facts and the state it would leave (none: no balance). */
    public static DryRunView dryRun(List<LedgerFact> facts, SubscriptionLedger after, Instant at) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (LedgerFact fact : facts) {
            events.add(event(fact.type(), fact.payload()));
        }
        return new DryRunView(true, events, after == null ? null : balanceOf(after, at));
    }

    /** One event as a dry run shows it: {@code {type, ...payload}}. */
    public static Map<String, Object> event(String type, Object payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.putAll(FactCodec.mapper().convertValue(payload, PAYLOAD));
        return event;
    }

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };
}
