package io.opencredit.events;

/** The part of a usage record no token could pay (SPEC T7); {@code totalOverage} is now owed. */
public record OverageRecorded(String usageId, Money amount, Money totalOverage) implements EventPayload {

    public OverageRecorded {
        Require.text(usageId, "usageId");
        Require.notNegative(amount, "amount");
        Require.notNegative(totalOverage, "totalOverage");
    }
}
