package io.opencredit.events;

import java.time.Instant;

/** The subscription's balance after a change, for downstream systems (the latest one wins). */
public record BalanceChanged(Money remaining, Money overage, SubscriptionStatus status, Instant asOf)
        implements EventPayload {

    public BalanceChanged {
        Require.notNegative(remaining, "remaining");
        Require.notNegative(overage, "overage");
        Require.present(status, "status");
        Require.present(asOf, "asOf");
    }
}
