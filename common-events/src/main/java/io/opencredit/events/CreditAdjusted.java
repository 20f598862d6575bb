package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator's correction of a subscription's credit (SPEC F4), one event per token it touched. A positive
 * {@code amount} is a new token of source {@link CreditSource#ADJUSTMENT} ({@code tokenId}, expiring at
 * {@code expiresAt}, 12 months on); a negative one is what was taken from the token {@code tokenId}, first in, first
 * out. {@code remaining} is that token's credit afterwards. {@code reference} is the operator's own reference, the
 * key that makes the correction happen once however often it is sent; {@code reason} says why, for people.
 */
public record CreditAdjusted(
        String reference,
        UUID tokenId,
        Money amount,
        Money remaining,
        Instant expiresAt,
        String reason) implements EventPayload {

    public CreditAdjusted {
        Require.text(reference, "reference");
        Require.present(tokenId, "tokenId");
        Require.present(amount, "amount");
        if (amount.isZero()) {
            throw new IllegalArgumentException("amount must not be zero");
        }
        Require.notNegative(remaining, "remaining");
        Require.present(expiresAt, "expiresAt");
        Require.text(reason, "reason");
    }
}
