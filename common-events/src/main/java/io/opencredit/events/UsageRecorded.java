package io.opencredit.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A validated and rated usage record (SPEC T3). {@code amount} = quantity × unit price, in the
 * subscription's currency. Ineligible usage (T4) is recorded but billed to card, never to credit.
 */
public record UsageRecorded(
        String usageId,
        String meterId,
        String service,
        BigDecimal quantity,
        String unit,
        Money unitPrice,
        Money amount,
        boolean eligible,
        Instant usageTime) implements EventPayload {

    public UsageRecorded {
        Require.text(usageId, "usageId");
        Require.text(meterId, "meterId");
        Require.text(service, "service");
        Require.present(quantity, "quantity");
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity must not be negative, got " + quantity);
        }
        Require.text(unit, "unit");
        Require.notNegative(unitPrice, "unitPrice");
        Require.notNegative(amount, "amount");
        Require.present(usageTime, "usageTime");
    }
}
