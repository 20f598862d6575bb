package io.opencredit.events;

import java.util.UUID;

/** A token fell to at most {@code thresholdPercent} of its original amount (SPEC A1); once per token. */
public record TokenBalanceLow(UUID tokenId, Money original, Money remaining, int thresholdPercent)
        implements EventPayload {

    public TokenBalanceLow {
        Require.present(tokenId, "tokenId");
        Require.notNegative(original, "original");
        Require.notNegative(remaining, "remaining");
    }
}
