package io.opencredit.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator voided a usage record (SPEC F4): what it took is given back, one event per part. {@link #RETURNED}:
 * {@code amount} went back to the token {@code tokenId} it was taken from; {@link #FORFEITED}: that token had expired
 * or been forfeited meanwhile, so the amount returned to it is forfeited at once; {@link #OVERAGE_CANCELLED}: the
 * overage the usage left is cancelled ({@code tokenId} null). The usage id stays applied (T5): a redelivery of the
 * usage is still ignored.
 *
 * <p>{@code usageAppliedAt} is when the ledger applied the voided usage (the time of its {@code UsageRecorded}): the
 * UTC day whose burn rate (SPEC F1) the usage counted towards, and from which the void takes {@code amount} back out.
 * Added later to version 1, so null in events stored before it (their voids leave the burn rate as it was); the
 * ledger always fills it.
 */
public record UsageVoided(
        String usageId,
        UUID tokenId,
        Money amount,
        String disposition,
        String reason,
        Instant usageAppliedAt) implements EventPayload {

    /** Given back to the token it came from. */
    public static final String RETURNED = "RETURNED";
    /** Given back to a token that has expired (or was forfeited), so forfeited at once. */
    public static final String FORFEITED = "FORFEITED";
    /** The overage the usage left, cancelled. */
    public static final String OVERAGE_CANCELLED = "OVERAGE_CANCELLED";

    public UsageVoided {
        Require.text(usageId, "usageId");
        Require.present(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        Require.text(disposition, "disposition");
        if (!disposition.equals(RETURNED) && !disposition.equals(FORFEITED) && !disposition.equals(OVERAGE_CANCELLED)) {
            throw new IllegalArgumentException("disposition must be RETURNED, FORFEITED or OVERAGE_CANCELLED, got " + disposition);
        }
        if (!disposition.equals(OVERAGE_CANCELLED)) {
            Require.present(tokenId, "tokenId");
        }
        Require.text(reason, "reason");
    }
}
