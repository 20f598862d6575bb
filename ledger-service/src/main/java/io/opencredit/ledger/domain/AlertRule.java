package io.opencredit.ledger.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * A subscription credit alert (SPEC A3). {@code armed} is true while the total remaining credit is
 * above the threshold since the last {@code SubscriptionCreditLow} of this alert (or since it was set);
 * it fires once per fall from above to at or below the threshold and re-arms on a rise above it.
 */
public record AlertRule(int number, BigDecimal threshold, List<String> recipients, boolean armed) {

    public AlertRule {
        recipients = List.copyOf(recipients);
    }

    AlertRule withArmed(boolean value) {
        return new AlertRule(number, threshold, recipients, value);
    }
}
