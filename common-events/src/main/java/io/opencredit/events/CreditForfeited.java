package io.opencredit.events;

import java.util.UUID;

/** A token's unused credit was forfeited by linking to an Enterprise Agreement (SPEC S4). */
public record CreditForfeited(UUID tokenId, Money amount, String reason) implements EventPayload {

    public static final String ENTERPRISE_AGREEMENT_LINK = "ENTERPRISE_AGREEMENT_LINK";

    public CreditForfeited {
        Require.present(tokenId, "tokenId");
        Require.notNegative(amount, "amount");
        Require.text(reason, "reason");
    }
}
