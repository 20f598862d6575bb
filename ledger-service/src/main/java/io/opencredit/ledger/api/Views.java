package io.opencredit.ledger.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.opencredit.events.CreditSource;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.ledger.domain.TokenStatus;
import io.opencredit.runtime.api.RequestDecimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response and request bodies of the ledger's API (amounts are written as JSON strings). */
public final class Views {

    private Views() {
    }

    public record TokenView(UUID tokenId, CreditSource source, String keyCode, String paymentReference, BigDecimal original,
                            BigDecimal remaining, Instant activatedAt, Instant expiresAt, TokenStatus status) {
    }

    public record BalanceView(UUID subscriptionId, String currency, SubscriptionStatus status, BigDecimal remaining,
                              BigDecimal overage, Instant suspendedAt, Instant deprovisionAt, Instant asOf,
                              long version, List<TokenView> tokens) {
    }

    public record StatementEntry(long sequence, UUID eventId, String type, Instant occurredAt, UUID causationId,
                                 Object payload) {
    }

    public record StatementView(UUID subscriptionId, String currency, Instant from, Instant to, List<StatementEntry> entries) {
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
}
