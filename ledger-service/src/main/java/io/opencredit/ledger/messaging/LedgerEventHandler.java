package io.opencredit.ledger.messaging;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.events.UsageVoided;
import io.opencredit.ledger.config.LedgerConfig;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.AlertRuleSet;
import io.opencredit.ledger.domain.DepletionForecastRearmed;
import io.opencredit.ledger.domain.ForecastSettingsSet;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Folds the credit, usage and lifecycle events of {@code activation.events} and
 * {@code billing.events} into the ledger. A whole poll batch is folded in memory (each touched
 * subscription locked and loaded once) and committed in the batch's transaction with the consumed
 * positions (common-runtime), the new facts, projections and the outbox. Folded states stay cached
 * between batches, without their usage ids (the store answers for those, see
 * {@link EventStore#appliedUsageIds}); a cached state is used only while its version equals the
 * stream's, and a rolled-back batch evicts what it touched.
 *
 * <p>Several consumer loops may call {@link #handle} at once (opencredit.consumer.concurrency), each
 * with its own partitions and transaction. The cache is locked only to get and put: a subscription's
 * state is used by one batch at a time because its stream row is locked first ({@link EventStore#lock},
 * held to the commit), and the version check catches a state that another loop moved on meanwhile.
 */
@ApplicationScoped
public class LedgerEventHandler implements EventHandler {

    private static final Logger LOG = Logger.getLogger(LedgerEventHandler.class);

    /** The consumed events the ledger folds (the rest of its topics is skipped before anything is locked). */
    static final EventDispatch FOLDS = EventDispatch.named("LedgerEventHandler.folds")
            .handles(CreditAdded.class, UsageRecorded.class, SubscriptionCreated.class, CoAdministratorAdded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class)
            .ignoring(KeyActivated.class, // its credit arrives as CreditAdded
                    CreditConsumed.class, UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class,
                    BalanceChanged.class, TokenBalanceLow.class, TokenExpiring.class, TokenExpired.class,
                    SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
                    SubscriptionDeprovisioned.class, CreditForfeited.class, CreditRejected.class, NotificationSent.class, ClockAdvanced.class,
                    UsageRejected.class, // usage the gateway refused: nothing was recorded, nothing to debit
                    AlertRuleSet.class, AlertRuleRemoved.class, CreditAdjusted.class, UsageVoided.class, CreditDepletionForecast.class,
                    TokenWillExpireUnused.class, ForecastSettingsSet.class, DepletionForecastRearmed.class); // not on the topics it reads

    private final EventStore store;
    private final SuiteClock clock;
    private final TransactionCallbacks transactions;
    private final Map<UUID, SubscriptionLedger> cache;

    public LedgerEventHandler(EventStore store, SuiteClock clock, TransactionCallbacks transactions,
                              LedgerConfig config) {
        this.store = store;
        this.clock = clock;
        this.transactions = transactions;
        int capacity = config.cacheSize();
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, SubscriptionLedger> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.ACTIVATION_EVENTS, Topics.BILLING_EVENTS);
    }

    /**
     * The fold ignores what it has already applied by its business key, which the store keeps with
     * the facts in the batch's transaction: a usage id (T5), a token id, a created subscription, an
     * administrator already listed, an agreement already linked. A redelivered event repeats that
     * key, so the consumer keeps no processed-event ids for the ledger (one look-up and one insert
     * per event saved); LedgerIT's T1/T5 tests send events twice to prove it.
     */
    @Override
    public boolean deduplicatesByContent() {
        return true;
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        List<EventEnvelope> relevant = new ArrayList<>(events.size());
        Set<UUID> touched = new LinkedHashSet<>();
        for (ConsumedEvent event : events) {
            EventEnvelope envelope = event.envelope();
            if (envelope.subscriptionId() != null && FOLDS.handles(envelope.payload())) {
                relevant.add(envelope);
                touched.add(envelope.subscriptionId());
            }
        }
        if (relevant.isEmpty()) {
            return;
        }
        evictOnRollback(touched);
        Map<UUID, Long> versions = store.lock(touched, true);
        Map<UUID, SubscriptionLedger> states = new LinkedHashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : touched) {
            SubscriptionLedger cached = cached(id);
            if (cached != null && cached.version() == versions.get(id)) {
                states.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        states.putAll(store.load(missing));
        for (UUID id : touched) {
            if (states.get(id).version() != versions.get(id)) {
                throw new IllegalStateException("snapshot of " + id + " is at version " + states.get(id).version()
                        + ", its stream at " + versions.get(id));
            }
        }
        // T5 across batches: which of the batch's usage ids the store already holds (states keep none between batches)
        Map<UUID, Set<String>> usageIds = new HashMap<>();
        Map<UUID, List<EventEnvelope>> inputs = new LinkedHashMap<>();
        for (EventEnvelope envelope : relevant) {
            inputs.computeIfAbsent(envelope.subscriptionId(), k -> new ArrayList<>()).add(envelope);
            String usageId = LedgerFact.usageIdOf(envelope.payload());
            if (usageId != null) {
                usageIds.computeIfAbsent(envelope.subscriptionId(), k -> new HashSet<>()).add(usageId);
            }
        }
        store.appliedUsageIds(usageIds).forEach((id, applied) -> states.get(id).knowApplied(applied));
        // each subscription's inputs folded in batch order, in one call (subscriptions are independent of each other)
        Instant now = clock.now();
        List<EventStore.Change> changes = new ArrayList<>();
        for (Map.Entry<UUID, List<EventEnvelope>> entry : inputs.entrySet()) {
            UUID id = entry.getKey();
            List<EventEnvelope> envelopes = entry.getValue();
            LedgerFold.Result result = LedgerFold.fold(states.get(id),
                    envelopes.stream().map(e -> LedgerPayload.of(e.payload())).toList(), now);
            List<EventStore.Caused> facts = new ArrayList<>();
            for (int i = 0; i < envelopes.size(); i++) {
                EventEnvelope envelope = envelopes.get(i);
                SubscriptionLedger.Decision decision = result.decisions().get(i);
                if (decision.ignored() != null) {
                    LOG.infof("ledger ignored %s %s of %s: %s", envelope.type(), envelope.eventId(), id, decision.ignored());
                }
                for (LedgerFact fact : decision.facts()) {
                    facts.add(new EventStore.Caused(fact, envelope.eventId()));
                }
            }
            states.put(id, result.state());
            changes.add(new EventStore.Change(result.state(), versions.get(id), facts));
        }
        store.commit(changes, now);
        states.values().forEach(SubscriptionLedger::forgetAppliedUsage);
        synchronized (cache) {
            cache.putAll(states);
        }
    }

    private SubscriptionLedger cached(UUID id) {
        synchronized (cache) {
            return cache.get(id);
        }
    }

    private void evictOnRollback(Collection<UUID> touched) {
        List<UUID> ids = List.copyOf(touched);
        transactions.afterRollback(() -> {
            synchronized (cache) {
                ids.forEach(cache::remove);
            }
        });
    }

    @Override
    public void onRevoked(Collection<TopicPartition> partitions) {
        synchronized (cache) {
            cache.clear();
        }
    }
}
