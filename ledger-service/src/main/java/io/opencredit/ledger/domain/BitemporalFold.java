package io.opencredit.ledger.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * F2: the state "as of T, as known at P", folded from the stored entries in stream order, one at a time (so a reader
 * can stream a long history through it). The entries recorded at or before P are a prefix of the stream (the first
 * entry recorded after P ends it, even if a later one carries an earlier time: the ledger knew nothing after it);
 * of those, the entries effective at or before T are applied with the effect they were given when recorded
 * ({@link SubscriptionLedger#apply}, the evolve function: a filter over the recorded effects, not a new fold of the
 * inputs in effective-time order, so a late usage keeps the FIFO debits it got). {@link EffectiveTime} dates entries
 * so that every such selection is a consistent state.
 */
public final class BitemporalFold {

    private final SubscriptionLedger state;
    private final Instant asOf;
    private final Instant knownAt;
    private boolean ended;

    public BitemporalFold(UUID subscriptionId, Instant asOf, Instant knownAt) {
        this.state = new SubscriptionLedger(subscriptionId);
        this.asOf = asOf;
        this.knownAt = knownAt;
    }

    /** Takes the next entry of the stream; false once the entries known at P have ended (the reader may stop). */
    public boolean accept(LedgerFact fact, Instant effectiveAt, Instant recordedAt) {
        if (ended || recordedAt.isAfter(knownAt)) {
            ended = true;
            return false;
        }
        if (fact.stored() && !effectiveAt.isAfter(asOf)) {
            state.apply(fact);
            state.forgetAppliedUsage(); // the T5 ids are not part of a balance: the state stays O(tokens), not O(history)
        }
        return true;
    }

    /** The state of the entries taken so far (its version: how many of them count). */
    public SubscriptionLedger state() {
        return state;
    }
}
