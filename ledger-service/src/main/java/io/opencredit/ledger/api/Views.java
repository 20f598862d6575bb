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
import io.opencredit.runtime.api.OpenApiContract;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
                                 Instant recordedAt, UUID causationId,
                                 @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                                         description = "the event's fields, as its JSON Schema in docs/ describes them")
                                 Object payload) {
    }

    /** One page of the statement; {@code next} is the cursor of the following page ({@code after}), null on the last. */
    public record StatementView(UUID subscriptionId, String currency, Instant from, Instant to, List<StatementEntry> entries,
                                @Schema(description = "the cursor of the following page (pass it as 'after'); null on the last page")
                                String next) {
    }

    /** {@code threshold} as sent (a string or number), read by {@link RequestDecimals#parse} (SPEC O6). */
    public record AlertRequest(@Schema(required = true, type = SchemaType.STRING, pattern = OpenApiContract.DECIMAL_PATTERN,
                                       description = "the remaining credit below which the alert fires, in the subscription's"
                                               + " currency, at least 0." + OpenApiContract.NUMBER_TOO, example = "\"20.00\"")
                               @JsonDeserialize(using = RequestDecimals.Text.class) String threshold,
                               @Schema(required = true, description = "1 or 2 email addresses", example = "[\"ops@example.com\"]")
                               List<String> recipients) {
    }

    public record AlertView(@Schema(required = true, example = "1") int alertNumber, BigDecimal threshold, String currency, List<String> recipients, boolean armed) {
    }

    public record ClockAdvanceRequest(@Schema(required = true, description = "ISO-8601 duration, forward only", example = "P30D")
                                      String duration) {
    }

    public record VerifyRequest(List<UUID> subscriptionIds) {
    }

    /** F4: {@code amount} as sent (string or number, signed), read by {@link RequestDecimals#parse}. */
    public record AdjustmentRequest(@Schema(required = true, type = SchemaType.STRING, pattern = OpenApiContract.DECIMAL_PATTERN,
                                            description = "credit to add (positive) or take (negative), not zero."
                                                    + OpenApiContract.NUMBER_TOO, example = "\"-12.50\"")
                                    @JsonDeserialize(using = RequestDecimals.Text.class) String amount,
                                    @Schema(required = true, example = "USD") String currency,
                                    @Schema(required = true, description = "at most 500 characters", example = "goodwill for outage 2026-02")
                                    String reason,
                                    @Schema(required = true, description = "the operator's case number, at most 100 characters;"
                                            + " once per subscription", example = "CASE-1234") String reference) {
    }

    public record VoidRequest(String reason) {
    }

    /** F3: what a command would emit ({@code {type, ...payload}} each) and the balance it would leave; nothing stored. */
    public record DryRunView(@Schema(required = true, description = "always true") boolean dryRun,
                             @Schema(description = "each event as {type, ...its fields}") List<Map<String, Object>> events,
                             @Schema(description = "absent when the command leaves no subscription") BalanceView balanceAfter) {
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
