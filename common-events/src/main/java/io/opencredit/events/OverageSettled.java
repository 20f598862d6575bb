package io.opencredit.events;

import java.util.UUID;

/** New credit paid earlier overage first (SPEC T7/S2): {@code amount} taken from {@code tokenId}. */
public record OverageSettled(UUID tokenId, Money amount, Money remainingOverage) implements EventPayload {

    public OverageSettled {
        Require.present(tokenId, "tokenId");
        Require.notNegative(amount, "amount");
        Require.notNegative(remainingOverage, "remainingOverage");
    }
}
