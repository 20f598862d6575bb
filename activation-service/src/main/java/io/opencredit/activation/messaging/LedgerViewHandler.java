package io.opencredit.activation.messaging;

import io.opencredit.activation.persistence.ActivationStore;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Keeps the local read model of the ledger ({@code ledger_view}): the latest {@code BalanceChanged}
 * per subscription (the credit an EA link would forfeit, SPEC S4) and whether the ledger
 * deprovisioned the subscription ({@code SubscriptionDeprovisioned}, SPEC S3 and K8). Other ledger
 * events are ignored. Runs in the consumer batch's transaction; duplicates never reach it.
 */
@ApplicationScoped
public class LedgerViewHandler implements EventHandler {

    private final ActivationStore store;

    public LedgerViewHandler(ActivationStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ledger-view";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.LEDGER_EVENTS);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent consumed : events) {
            EventEnvelope envelope = consumed.envelope();
            if (envelope.subscriptionId() == null) {
                continue;
            }
            if (envelope.payload() instanceof BalanceChanged balance) {
                store.recordBalance(envelope.subscriptionId(), balance.remaining().amount(), balance.remaining().currency(),
                        balance.status().name(), balance.asOf());
            } else if (envelope.payload() instanceof SubscriptionDeprovisioned deprovisioned) {
                store.recordDeprovisioned(envelope.subscriptionId(), deprovisioned.deprovisionedAt());
            }
        }
    }
}
