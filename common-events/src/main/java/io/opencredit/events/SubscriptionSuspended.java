package io.opencredit.events;

import java.time.Instant;

/** Total remaining credit reached zero (SPEC S1); data is kept until {@code deprovisionAt} (S3). */
public record SubscriptionSuspended(Instant suspendedAt, Money overage, Instant deprovisionAt)
        implements EventPayload {

    public SubscriptionSuspended {
        Require.present(suspendedAt, "suspendedAt");
        Require.notNegative(overage, "overage");
        Require.present(deprovisionAt, "deprovisionAt");
    }
}
