package io.opencredit.ledger.domain;

import io.opencredit.events.EventPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The fold, the one way into the ledger's decisions: {@code (state, inputs, now) -> (new state, facts)}, a pure
 * function with no framework. The given state is never changed (the fold works on a copy: one per call, so a
 * consumer batch folds all of a subscription's inputs in one call); {@link #replay} folds stored facts back into
 * a state.
 */
public final class LedgerFold {

    /**
     * The new state and one decision per input, in order (its facts, why it changed nothing, or the rule a command
     * broke). {@link #facts}, {@link #ignored} and {@link #rejection} read them as one when there was one input.
     */
    public record Result(SubscriptionLedger state, List<SubscriptionLedger.Decision> decisions) {

        public Result {
            decisions = List.copyOf(decisions);
        }

        /** Every fact decided (stored and published ones; each input's BalanceChanged closes its own). */
        public List<LedgerFact> facts() {
            if (decisions.size() == 1) {
                return decisions.get(0).facts();
            }
            List<LedgerFact> facts = new ArrayList<>();
            decisions.forEach(d -> facts.addAll(d.facts()));
            return facts;
        }

        /** Why the last input changed nothing, or null. */
        public String ignored() {
            return decisions.isEmpty() ? null : decisions.get(decisions.size() - 1).ignored();
        }

        /** The first rule a command broke, or null. */
        public LedgerRejection rejection() {
            return decisions.stream().map(SubscriptionLedger.Decision::rejection).filter(r -> r != null).findFirst().orElse(null);
        }
    }

    private LedgerFold() {
    }

    /** Folds inputs (consumed events and alert commands) in order at {@code now}. */
    public static Result fold(SubscriptionLedger state, List<LedgerPayload> inputs, Instant now) {
        SubscriptionLedger next = state.copy();
        List<SubscriptionLedger.Decision> decisions = new ArrayList<>(inputs.size());
        for (LedgerPayload input : inputs) {
            decisions.add(next.handle(input, now));
        }
        return new Result(next, decisions);
    }

    public static Result fold(SubscriptionLedger state, LedgerPayload input, Instant now) {
        return fold(state, List.of(input), now);
    }

    public static Result fold(SubscriptionLedger state, EventPayload input, Instant now) {
        return fold(state, LedgerPayload.of(input), now);
    }

    /** Decides an operator's correction (F4) at {@code now}: its facts, why it changed nothing (a repeat), or its rejection. */
    public static Result correct(SubscriptionLedger state, Correction correction, Instant now) {
        SubscriptionLedger next = state.copy();
        return new Result(next, List.of(next.correct(correction, now)));
    }

    /** Moves the state's time to {@code now}: the time-driven facts that fell due (A2, T8, S3), in due-time order. */
    public static Result advanceTo(SubscriptionLedger state, Instant now) {
        SubscriptionLedger next = state.copy();
        return new Result(next, List.of(next.advanceTo(now)));
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
