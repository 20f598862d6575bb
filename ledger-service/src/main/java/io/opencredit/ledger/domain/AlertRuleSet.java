package io.opencredit.ledger.domain;

import io.opencredit.events.Money;
import java.util.List;

/**
 * Ledger-internal fact (never published): alert {@code alertNumber} (1..5) of the subscription now
 * has this threshold and these recipients (SPEC A3). Stored in the subscription's stream so a
 * replay sees alert rules exactly where they changed relative to the balance. Also the command that asks for it.
 */
public record AlertRuleSet(int alertNumber, Money threshold, List<String> recipients) implements LedgerPayload.Internal {

    public AlertRuleSet {
        recipients = List.copyOf(recipients);
    }
}
