package io.opencredit.ledger.domain;

import io.opencredit.events.EventPayload;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The pure fold: {@code (state, input, now) -> (new state, ledger facts)}. The given state is never
 * changed; {@link #replay} folds stored facts back into a state.
 */
public final class LedgerFold {

    /** The new state, the facts decided (stored and published ones, BalanceChanged last) and why nothing changed, if so. */
    public record Result(SubscriptionLedger state, List<LedgerFact> facts, String ignored, LedgerRejection rejection) {
    }

    private LedgerFold() {
    }

    public static Result fold(SubscriptionLedger state, EventPayload input, Instant now) {
        SubscriptionLedger next = state.copy();
        SubscriptionLedger.Decision decision = next.handle(input, now);
        return new Result(next, decision.facts(), decision.ignored(), decision.rejection());
    }

    public static Result advanceTo(SubscriptionLedger state, Instant now) {
        SubscriptionLedger next = state.copy();
        SubscriptionLedger.Decision decision = next.advanceTo(now);
        return new Result(next, decision.facts(), null, null);
    }

    /** The state the stored facts describe (facts that are not stored, such as BalanceChanged, are skipped). */
    public static SubscriptionLedger replay(UUID subscriptionId, List<LedgerFact> facts) {
        SubscriptionLedger ledger = new SubscriptionLedger(subscriptionId);
        for (LedgerFact fact : facts) {
            if (fact.stored()) {
                ledger.apply(fact);
            }
        }
        return ledger;
    }
}
