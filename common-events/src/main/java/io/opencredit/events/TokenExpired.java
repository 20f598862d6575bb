package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/** A token reached its expiry; what it still held is lost (SPEC T8). */
public record TokenExpired(UUID tokenId, Money forfeited, Instant expiredAt) implements EventPayload {

    public TokenExpired {
        Require.present(tokenId, "tokenId");
        Require.notNegative(forfeited, "forfeited");
        Require.present(expiredAt, "expiredAt");
    }
}
