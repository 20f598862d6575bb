package io.opencredit.billing.messaging;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's read model of subscriptions: currency, country, created-at and administrators
 * from activation.events; deprovisioning and the latest balance from ledger.events; tokens (for
 * estimates) from the activation service's CreditAdded (card tokens are recorded when credited).
 * Other events are ignored. Runs in the consumer batch's transaction; duplicates never reach it.
 */
@ApplicationScoped
public class SubscriptionViewHandler implements EventHandler {

    private final SubscriptionStore store;

    public SubscriptionViewHandler(SubscriptionStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "subscription-view";
    }

    @Override
    public List<String> topics() {
        // not billing.events: reading back every UsageRecorded would double the write load of intake;
        // card tokens are recorded by CardPayments in the payment's own transaction
        return List.of(Topics.ACTIVATION_EVENTS, Topics.LEDGER_EVENTS);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent consumed : events) {
            EventEnvelope envelope = consumed.envelope();
            UUID id = envelope.subscriptionId();
            if (id == null) {
                continue;
            }
            Object payload = envelope.payload();
            if (payload instanceof SubscriptionCreated created) {
                store.created(id, created.currency(), created.country(), created.createdAt(), created.accountEmail(), created.createdBy());
            } else if (payload instanceof CoAdministratorAdded added) {
                store.addAdministrator(id, added.email());
            } else if (payload instanceof SubscriptionLinkedToEnterpriseAgreement linked) {
                store.linkedToEnterpriseAgreement(id, linked.linkedAt());
            } else if (payload instanceof SubscriptionDeprovisioned gone) {
                store.deprovisioned(id, gone.deprovisionedAt());
            } else if (payload instanceof BalanceChanged balance) {
                store.balance(id, balance.remaining().amount(), balance.status().name(), balance.asOf());
            } else if (payload instanceof CreditAdded credit) {
                store.tokenAdded(credit.tokenId(), id, credit.amount().amount(), credit.activatedAt(), credit.expiresAt());
            } else if (payload instanceof TokenExpired expired) {
                store.tokenClosed(expired.tokenId());
            } else if (payload instanceof CreditForfeited forfeited) {
                store.tokenClosed(forfeited.tokenId());
            }
        }
    }
}
