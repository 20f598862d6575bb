package io.opencredit.events;

import java.time.Instant;

/** Credit arrived within 90 days of suspension; overage was settled first (SPEC S2). */
public record SubscriptionReactivated(Instant reactivatedAt, Money overageSettled, Money remaining)
        implements EventPayload {

    public SubscriptionReactivated {
        Require.present(reactivatedAt, "reactivatedAt");
        Require.notNegative(overageSettled, "overageSettled");
        Require.notNegative(remaining, "remaining");
    }
}
