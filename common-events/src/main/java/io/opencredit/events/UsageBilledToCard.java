package io.opencredit.events;

/** Usage of a meter not eligible for prepaid credit (SPEC T4): recorded, billed to card. */
public record UsageBilledToCard(String usageId, String meterId, Money amount) implements EventPayload {

    public UsageBilledToCard {
        Require.text(usageId, "usageId");
        Require.text(meterId, "meterId");
        Require.notNegative(amount, "amount");
    }
}
