package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A new token of credit (SPEC T1), from an OSA key or a card top-up. The ledger folds this event
 * and never has to interpret a key. {@code keyCode} and {@code resellerId} are set for keys,
 * {@code paymentReference} for cards.
 */
public record CreditAdded(
        UUID tokenId,
        CreditSource source,
        Money amount,
        Instant activatedAt,
        Instant expiresAt,
        String keyCode,
        String resellerId,
        String paymentReference) implements EventPayload {

    public CreditAdded {
        Require.present(tokenId, "tokenId");
        Require.present(source, "source");
        Require.present(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        Require.present(activatedAt, "activatedAt");
        Require.present(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(activatedAt)) {
            throw new IllegalArgumentException("expiresAt must be after activatedAt");
        }
        if (source == CreditSource.OSA_KEY) {
            Require.text(keyCode, "keyCode");
        } else {
            Require.text(paymentReference, "paymentReference");
        }
    }
}
