package io.opencredit.ledger.domain;

import io.opencredit.events.CreditSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One credit lot (SPEC T1) as the ledger holds it. Amounts are exact decimals at scale 6 in the
 * subscription's currency. {@code lowBalanceAlerted} and {@code expiringAlerted} make A1 and A2
 * fire once per token.
 */
public record TokenState(
        UUID tokenId,
        CreditSource source,
        String keyCode,
        String paymentReference,
        BigDecimal original,
        BigDecimal remaining,
        Instant activatedAt,
        Instant expiresAt,
        TokenStatus status,
        boolean lowBalanceAlerted,
        boolean expiringAlerted) {

    /** T2: earliest expiry first, then earliest activation, then token id (canonical text order). */
    public static final Comparator<TokenState> FIFO = Comparator.comparing(TokenState::expiresAt)
            .thenComparing(TokenState::activatedAt)
            .thenComparing(t -> t.tokenId().toString());

    public boolean holdsCredit() {
        return status == TokenStatus.ACTIVE && remaining.signum() > 0;
    }

    TokenState withRemaining(BigDecimal newRemaining) {
        TokenStatus newStatus = newRemaining.signum() == 0 ? TokenStatus.USED : TokenStatus.ACTIVE;
        return new TokenState(tokenId, source, keyCode, paymentReference, original, newRemaining, activatedAt,
                expiresAt, newStatus, lowBalanceAlerted, expiringAlerted);
    }

    TokenState closed(TokenStatus closedStatus) {
        return new TokenState(tokenId, source, keyCode, paymentReference, original, Amounts.ZERO, activatedAt,
                expiresAt, closedStatus, lowBalanceAlerted, expiringAlerted);
    }

    TokenState markLowBalanceAlerted() {
        return new TokenState(tokenId, source, keyCode, paymentReference, original, remaining, activatedAt,
                expiresAt, status, true, expiringAlerted);
    }

    TokenState markExpiringAlerted() {
        return new TokenState(tokenId, source, keyCode, paymentReference, original, remaining, activatedAt,
                expiresAt, status, lowBalanceAlerted, true);
    }
}
