package io.opencredit.ledger.persistence;

import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.LedgerRejection;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rule changes (A3) go through the same serialised path as folding: the subscription's
 * stream row is locked, the state loaded at its version, the command folded at {@code now} (with
 * any time-driven facts that fell due first) and the facts committed like any others, so a replay
 * sees the rule change exactly where it happened.
 */
@ApplicationScoped
public class LedgerCommands {

    private final EventStore store;
    private final SuiteClock clock;

    public LedgerCommands(EventStore store, SuiteClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The state after the command, or empty when the subscription has no stream. Throws {@link LedgerRejection}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SubscriptionLedger> execute(UUID subscriptionId, LedgerPayload.Internal command) {
        Map<UUID, Long> versions = store.lock(List.of(subscriptionId), false);
        if (!versions.containsKey(subscriptionId)) {
            return Optional.empty();
        }
        SubscriptionLedger loaded = store.load(List.of(subscriptionId)).get(subscriptionId);
        LedgerFold.Result result = LedgerFold.fold(loaded, command, clock.now());
        if (result.rejection() != null) {
            throw result.rejection();
        }
        List<EventStore.Caused> facts = new ArrayList<>();
        for (LedgerFact fact : result.facts()) {
            facts.add(new EventStore.Caused(fact, null));
        }
        store.commit(List.of(new EventStore.Change(result.state(), versions.get(subscriptionId), facts)));
        return Optional.of(result.state());
    }
}
