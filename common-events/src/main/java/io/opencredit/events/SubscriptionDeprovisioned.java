package io.opencredit.events;

import java.time.Instant;

/** 90 days after suspension without credit the subscription is gone (SPEC S3). */
public record SubscriptionDeprovisioned(Instant deprovisionedAt) implements EventPayload {

    public SubscriptionDeprovisioned {
        Require.present(deprovisionedAt, "deprovisionedAt");
    }
}
