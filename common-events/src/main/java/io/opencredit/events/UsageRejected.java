package io.opencredit.events;

import java.time.Instant;

/**
 * A usage record from the intake topic that the gateway held and then refused (SPEC R3): published so that a
 * record is never dropped silently. {@code reason} is a short machine code: {@link #UNKNOWN_SUBSCRIPTION} (its
 * subscription did not become known within the park horizon) or {@link #PARK_FULL} (the gateway already held as
 * many records as it may). The record itself goes to {@code billing.usage-intake.dlq}, from where it can be
 * replayed. {@code meterId} and {@code quantity} are the record's as written (text, not rated: no price is known
 * without the subscription); {@code detail} optional text for people.
 */
public record UsageRejected(
        String usageId,
        String meterId,
        String quantity,
        String reason,
        String detail,
        Instant parkedAt,
        Instant rejectedAt) implements EventPayload {

    /** The subscription did not become known within the park horizon. */
    public static final String UNKNOWN_SUBSCRIPTION = "unknown-subscription";
    /** The gateway held its maximum of parked records already. */
    public static final String PARK_FULL = "park-full";

    public UsageRejected {
        Require.text(usageId, "usageId");
        Require.text(reason, "reason");
        Require.present(parkedAt, "parkedAt");
        Require.present(rejectedAt, "rejectedAt");
    }
}
