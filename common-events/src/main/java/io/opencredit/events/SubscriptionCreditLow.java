package io.opencredit.events;

import java.util.List;

/** The total remaining credit fell from above to at most an alert's threshold (SPEC A3). */
public record SubscriptionCreditLow(int alertNumber, Money threshold, Money remaining, List<String> recipients)
        implements EventPayload {

    public SubscriptionCreditLow {
        if (alertNumber < 1 || alertNumber > 5) {
            throw new IllegalArgumentException("alertNumber must be 1..5, got " + alertNumber);
        }
        Require.notNegative(threshold, "threshold");
        Require.notNegative(remaining, "remaining");
        recipients = Require.list(recipients, "recipients");
        if (recipients.isEmpty() || recipients.size() > 2) {
            throw new IllegalArgumentException("recipients must hold 1 or 2 addresses");
        }
    }
}
