package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/** A token with credit left expires in 30 days (SPEC A2). */
public record TokenExpiring(UUID tokenId, Money remaining, Instant expiresAt) implements EventPayload {

    public TokenExpiring {
        Require.present(tokenId, "tokenId");
        Require.notNegative(remaining, "remaining");
        Require.present(expiresAt, "expiresAt");
    }
}
