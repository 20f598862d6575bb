package io.opencredit.ledger.messaging;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.ledger.config.LedgerConfig;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.persistence.LedgerStore;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
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
 * {@link LedgerStore#appliedUsageIds}); a cached state is used only while its version equals the
 * stream's, and a rolled-back batch evicts what it touched.
 *
 * <p>Several consumer loops may call {@link #handle} at once (opencredit.consumer.concurrency), each
 * with its own partitions and transaction. The cache is locked only to get and put: a subscription's
 * state is used by one batch at a time because its stream row is locked first ({@link LedgerStore#lock},
 * held to the commit), and the version check catches a state that another loop moved on meanwhile.
 */
@ApplicationScoped
public class LedgerEventHandler implements EventHandler {

    private static final Logger LOG = Logger.getLogger(LedgerEventHandler.class);

    private final LedgerStore store;
    private final SuiteClock clock;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<UUID, SubscriptionLedger> cache;

    public LedgerEventHandler(LedgerStore store, SuiteClock clock, TransactionSynchronizationRegistry transactions,
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

    static boolean folds(EventPayload payload) {
        return payload instanceof CreditAdded || payload instanceof UsageRecorded || payload instanceof SubscriptionCreated
                || payload instanceof CoAdministratorAdded || payload instanceof SubscriptionLinkedToEnterpriseAgreement;
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        List<EventEnvelope> relevant = new ArrayList<>(events.size());
        Set<UUID> touched = new LinkedHashSet<>();
        for (ConsumedEvent event : events) {
            EventEnvelope envelope = event.envelope();
            if (envelope.subscriptionId() != null && folds(envelope.payload())) {
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
        for (EventEnvelope envelope : relevant) {
            if (envelope.payload() instanceof UsageRecorded usage) {
                usageIds.computeIfAbsent(envelope.subscriptionId(), k -> new HashSet<>()).add(usage.usageId());
            }
        }
        store.appliedUsageIds(usageIds).forEach((id, applied) -> states.get(id).knowApplied(applied));
        Instant now = clock.now();
        Map<UUID, List<LedgerStore.Caused>> facts = new LinkedHashMap<>();
        for (EventEnvelope envelope : relevant) {
            SubscriptionLedger ledger = states.get(envelope.subscriptionId());
            SubscriptionLedger.Decision decision = ledger.handle(envelope.payload(), now);
            if (decision.ignored() != null) {
                LOG.infof("ledger ignored %s %s of %s: %s", envelope.type(), envelope.eventId(), envelope.subscriptionId(),
                        decision.ignored());
            }
            List<LedgerStore.Caused> list = facts.computeIfAbsent(envelope.subscriptionId(), k -> new ArrayList<>());
            for (LedgerFact fact : decision.facts()) {
                list.add(new LedgerStore.Caused(fact, envelope.eventId()));
            }
        }
        List<LedgerStore.Change> changes = new ArrayList<>();
        for (Map.Entry<UUID, List<LedgerStore.Caused>> entry : facts.entrySet()) {
            changes.add(new LedgerStore.Change(states.get(entry.getKey()), versions.get(entry.getKey()), entry.getValue()));
        }
        store.commit(changes);
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
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    synchronized (cache) {
                        ids.forEach(cache::remove);
                    }
                }
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
