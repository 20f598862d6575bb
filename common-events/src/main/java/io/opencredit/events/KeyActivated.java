package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/** An OSA key was redeemed into a subscription (SPEC K4); its credit travels as {@link CreditAdded}. */
public record KeyActivated(
        String keyCode,
        int units,
        String currency,
        String resellerId,
        String sku,
        UUID tokenId,
        Instant activatedAt,
        String activatedBy) implements EventPayload {

    public KeyActivated {
        Require.text(keyCode, "keyCode");
        if (units < 1) {
            throw new IllegalArgumentException("units must be at least 1, got " + units);
        }
        Require.text(currency, "currency");
        Require.text(resellerId, "resellerId");
        Require.present(tokenId, "tokenId");
        Require.present(activatedAt, "activatedAt");
        Require.text(activatedBy, "activatedBy");
    }
}
