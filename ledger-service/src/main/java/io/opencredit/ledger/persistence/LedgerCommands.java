package io.opencredit.ledger.persistence;

import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.UsageRecorded;
import io.opencredit.ledger.domain.Amounts;
import io.opencredit.ledger.domain.Correction;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.LedgerRejection;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Commands over HTTP (alert rule changes, A3; operator corrections, F4) go through the same serialised path as
 * folding: the subscription's stream row is locked, the state loaded at its version, the command folded at
 * {@code now} (with any time-driven facts that fell due first) and the facts committed like any others, with the
 * outbox rows of the published ones, so a replay sees the command exactly where it happened. A dry run (F3) does
 * the same and commits nothing: the caller's transaction ends with the lock released and no row written.
 */
@ApplicationScoped
public class LedgerCommands {

    /** What a command decided: the state after it and its facts (empty for a repeat, whose state is the first result). */
    public record Outcome(SubscriptionLedger state, List<LedgerFact> facts, Instant at, boolean repeat) {
    }

    private final EventStore store;
    private final LedgerReads reads;
    private final SuiteClock clock;

    public LedgerCommands(EventStore store, LedgerReads reads, SuiteClock clock) {
        this.store = store;
        this.reads = reads;
        this.clock = clock;
    }

    /** The state after the command, or empty when the subscription has no stream. Throws {@link LedgerRejection}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SubscriptionLedger> execute(UUID subscriptionId, LedgerPayload.Internal command) {
        return execute(subscriptionId, command, false).map(Outcome::state);
    }

    /** {@link #execute(UUID, LedgerPayload.Internal)}, or with {@code dryRun} what it would decide, nothing stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Outcome> execute(UUID subscriptionId, LedgerPayload.Internal command, boolean dryRun) {
        Map<UUID, Long> versions = store.lock(List.of(subscriptionId), false);
        if (!versions.containsKey(subscriptionId)) {
            return Optional.empty();
        }
        SubscriptionLedger loaded = store.load(List.of(subscriptionId)).get(subscriptionId);
        Instant now = clock.now();
        LedgerFold.Result result = LedgerFold.fold(loaded, command, now);
        if (result.rejection() != null) {
            throw result.rejection();
        }
        if (!dryRun) {
            commit(versions.get(subscriptionId), result, null, now);
        }
        return Optional.of(new Outcome(result.state(), result.facts(), now, false));
    }

    /**
     * An operator's correction (F4). Applied once per {@link Correction#key}: a repeat answers the first result (the
     * stream refolded up to the last fact the first one caused) and changes nothing; a repeated adjustment reference
     * with another amount is refused (409). A void reads the usage's facts from the store first: the state keeps no
     * usage history.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Outcome> correct(UUID subscriptionId, Correction correction, boolean dryRun) {
        Map<UUID, Long> versions = store.lock(List.of(subscriptionId), false);
        if (!versions.containsKey(subscriptionId)) {
            return Optional.empty();
        }
        SubscriptionLedger loaded = store.load(List.of(subscriptionId)).get(subscriptionId);
        UUID commandId = correction.commandId(subscriptionId);
        if (loaded.corrected(correction.key())) {
            return Optional.of(firstResult(subscriptionId, correction, commandId));
        }
        if (correction instanceof Correction.VoidUsage request) {
            correction = new Correction.VoidUsage(request.usageId(), request.reason(), usageFacts(subscriptionId, request.usageId()));
        }
        Instant now = clock.now();
        LedgerFold.Result result = LedgerFold.correct(loaded, correction, now);
        if (result.rejection() != null) {
            throw result.rejection();
        }
        if (!dryRun) {
            commit(versions.get(subscriptionId), result, commandId, now);
        }
        return Optional.of(new Outcome(result.state(), result.facts(), now, false));
    }

    private void commit(long version, LedgerFold.Result result, UUID causationId, Instant now) {
        List<EventStore.Caused> facts = new ArrayList<>();
        for (LedgerFact fact : result.facts()) {
            facts.add(new EventStore.Caused(fact, causationId));
        }
        store.commit(List.of(new EventStore.Change(result.state(), version, facts)), now);
    }

    /** The facts a void needs: the usage's UsageRecorded, its debits and the overage it left (the stream streamed). */
    private List<LedgerFact> usageFacts(UUID subscriptionId, String usageId) {
        List<LedgerFact> facts = new ArrayList<>();
        reads.visit(subscriptionId, stored -> {
            Record payload = stored.fact().payload();
            if (payload instanceof UsageRecorded usage && usage.usageId().equals(usageId)
                    || payload instanceof CreditConsumed consumed && consumed.usageId().equals(usageId)
                    || payload instanceof OverageRecorded overage && overage.usageId().equals(usageId)) {
                facts.add(stored.fact());
            }
            return true;
        });
        return facts;
    }

    /**
     * The state right after the first application of a correction: the stream up to the last fact it caused. Two
     * streamed passes (find that fact, then fold up to it), so a long stream is never held in memory.
     */
    private Outcome firstResult(UUID subscriptionId, Correction correction, UUID commandId) {
        FirstApplication first = new FirstApplication(commandId);
        reads.visit(subscriptionId, first);
        if (correction instanceof Correction.Adjust adjust && adjust.amount() != null
                && first.adjusted.compareTo(adjust.amount()) != 0) {
            throw new LedgerRejection(LedgerRejection.Kind.CONFLICT, "F4-reference-reused", "adjustment " + adjust.reference()
                    + " was applied with the amount " + first.adjusted.stripTrailingZeros().toPlainString() + ", not " + adjust.amount().toPlainString());
        }
        SubscriptionLedger state = new SubscriptionLedger(subscriptionId);
        if (first.lastVersion >= 0) {
            reads.visit(subscriptionId, stored -> {
                if (stored.fact().stored()) {
                    state.apply(stored.fact());
                }
                return stored.version() < first.lastVersion;
            });
        }
        return new Outcome(state, List.of(), first.at == null ? clock.now() : first.at, true);
    }

    /** The first pass of {@link #firstResult}: the last fact a correction caused and what its adjustments added. */
    private static final class FirstApplication implements Predicate<StoredFact> {
        private final UUID commandId;
        long lastVersion = -1;
        Instant at;
        BigDecimal adjusted = Amounts.ZERO;

        FirstApplication(UUID commandId) {
            this.commandId = commandId;
        }

        @Override
        public boolean test(StoredFact stored) {
            if (commandId.equals(stored.causationId())) {
                lastVersion = stored.version();
                at = stored.fact().at();
                if (stored.fact().payload() instanceof CreditAdjusted adjustment) {
                    adjusted = adjusted.add(adjustment.amount().amount());
                }
            }
            return true;
        }
    }
}
