package io.opencredit.billing.messaging;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
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
import io.opencredit.events.Topics;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The gateway's read model of subscriptions: currency, country, created-at and administrators
 * from activation.events; deprovisioning and the latest balance from ledger.events; tokens (for
 * estimates) from the activation service's CreditAdded (card tokens are recorded when credited).
 * Runs in the consumer batch's transaction; duplicates never reach it.
 *
 * <p>Each event type of the suite is either handled (an action below) or in {@link #IGNORED};
 * {@code EventDispatchCompletenessTest} fails when a new type is in neither.
 */
@ApplicationScoped
public class SubscriptionViewHandler implements EventHandler {

    /** Event types that change nothing the gateway keeps (or travel on topics it does not read). */
    static final Set<Class<? extends EventPayload>> IGNORED = Set.of(KeyActivated.class, UsageRecorded.class,
            CreditConsumed.class, UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class,
            TokenExpiring.class, SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
            NotificationSent.class, ClockAdvanced.class);

    /** What each handled event type does to the view, by payload class. */
    private final Map<Class<? extends EventPayload>, BiConsumer<UUID, EventPayload>> actions = new HashMap<>();

    public SubscriptionViewHandler(SubscriptionStore store) {
        on(SubscriptionCreated.class, (id, created) -> store.created(id, created.currency(), created.country(),
                created.createdAt(), created.accountEmail(), created.createdBy()));
        on(CoAdministratorAdded.class, (id, added) -> store.addAdministrator(id, added.email()));
        on(SubscriptionLinkedToEnterpriseAgreement.class, (id, linked) -> store.linkedToEnterpriseAgreement(id, linked.linkedAt()));
        on(SubscriptionDeprovisioned.class, (id, gone) -> store.deprovisioned(id, gone.deprovisionedAt()));
        on(BalanceChanged.class, (id, balance) -> store.balance(id, balance.remaining().amount(), balance.status().name(), balance.asOf()));
        on(CreditAdded.class, (id, credit) -> store.tokenAdded(credit.tokenId(), id, credit.amount().amount(),
                credit.activatedAt(), credit.expiresAt()));
        on(TokenExpired.class, (id, expired) -> store.tokenClosed(expired.tokenId()));
        on(CreditForfeited.class, (id, forfeited) -> store.tokenClosed(forfeited.tokenId()));
    }

    private <P extends EventPayload> void on(Class<P> type, BiConsumer<UUID, P> action) {
        actions.put(type, (id, payload) -> action.accept(id, type.cast(payload)));
    }

    /** The event types this handler acts on. */
    Set<Class<? extends EventPayload>> handled() {
        return actions.keySet();
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
            BiConsumer<UUID, EventPayload> action = actions.get(envelope.payload().getClass());
            if (id != null && action != null) {
                action.accept(id, envelope.payload());
            }
        }
    }
}
