package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Thirty days before a token expires, the ledger forecasts that at the current burn rate ({@code burnPerDay}) part
 * of it, {@code forecastUnused}, will still be unused at {@code expiresAt} and be lost (SPEC F1). Once per token.
 */
public record TokenWillExpireUnused(
        UUID tokenId,
        Instant expiresAt,
        Money forecastUnused,
        Money burnPerDay) implements EventPayload {

    public TokenWillExpireUnused {
        Require.present(tokenId, "tokenId");
        Require.present(expiresAt, "expiresAt");
        Require.present(forecastUnused, "forecastUnused");
        if (!forecastUnused.isPositive()) {
            throw new IllegalArgumentException("forecastUnused must be positive, got " + forecastUnused);
        }
        Require.notNegative(burnPerDay, "burnPerDay");
    }
}
