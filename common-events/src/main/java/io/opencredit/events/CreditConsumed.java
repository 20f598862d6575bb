package io.opencredit.events;

import java.util.UUID;

/** One debit of one token by one usage record (SPEC T2); a record spanning tokens makes several. */
public record CreditConsumed(String usageId, UUID tokenId, Money amount, Money tokenRemaining)
        implements EventPayload {

    public CreditConsumed {
        Require.text(usageId, "usageId");
        Require.present(tokenId, "tokenId");
        Require.notNegative(amount, "amount");
        Require.notNegative(tokenRemaining, "tokenRemaining");
    }
}
