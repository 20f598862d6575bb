package io.opencredit.billing.messaging;

import io.opencredit.billing.persistence.SubscriptionStore;
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
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.events.UsageVoided;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's read model of subscriptions: currency, country, created-at and administrators
 * from activation.events; deprovisioning and the latest balance from ledger.events; tokens (for
 * estimates) from the activation service's CreditAdded (card tokens are recorded when credited).
 * Runs in the consumer batch's transaction; duplicates never reach it. Once a batch with a {@code SubscriptionCreated}
 * committed, it wakes the release of intake usage held for that subscription ({@link ParkingSweep}, SPEC R3).
 *
 * <p>{@link #DISPATCH} declares every event type of the suite handled (the keys of {@link #HANDLED}, the table the
 * dispatch applies) or ignored; {@code EventDispatchCompletenessTest} fails for a new type that is in neither.
 */
@ApplicationScoped
public class SubscriptionViewHandler implements EventHandler {

    /** What an event of a handled type does to the view of its subscription. */
    @FunctionalInterface
    interface Apply<T extends EventPayload> {
        void apply(SubscriptionStore store, UUID subscriptionId, T event);
    }

    static final Map<Class<? extends EventPayload>, Apply<EventPayload>> HANDLED = Map.ofEntries(
            on(SubscriptionCreated.class, SubscriptionStore::created),
            on(CoAdministratorAdded.class, (store, id, added) -> store.addAdministrator(id, added.email())),
            on(SubscriptionLinkedToEnterpriseAgreement.class, (store, id, linked) ->
                    store.linkedToEnterpriseAgreement(id, linked.linkedAt())),
            on(SubscriptionDeprovisioned.class, (store, id, gone) -> store.deprovisioned(id, gone.deprovisionedAt())),
            on(BalanceChanged.class, (store, id, balance) ->
                    store.balance(id, balance.remaining().amount(), balance.status().name(), balance.asOf())),
            on(CreditAdded.class, (store, id, credit) -> store.tokenAdded(credit.tokenId(), id, credit.amount().amount(),
                    credit.activatedAt(), credit.expiresAt())),
            on(TokenExpired.class, (store, id, expired) -> store.tokenClosed(expired.tokenId())),
            on(CreditForfeited.class, (store, id, forfeited) -> store.tokenClosed(forfeited.tokenId())),
            // R4: the ledger rejected the credit, so its token holds nothing (PaymentRefundHandler marks a card payment)
            on(CreditRejected.class, (store, id, rejected) -> store.tokenClosed(rejected.tokenId())));

    /**
     * What the view handles (exactly the keys of {@link #HANDLED}, so the two cannot drift) and the types that change
     * nothing the gateway keeps (those of topics it does not read are listed too, so that none is forgotten).
     */
    static final EventDispatch DISPATCH = EventDispatch.named("SubscriptionViewHandler.handle").handles(HANDLED.keySet())
            .ignoring(KeyActivated.class, UsageRecorded.class, CreditConsumed.class, UsageBilledToCard.class,
                    OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class, TokenExpiring.class,
                    SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
                    UsageRejected.class, NotificationSent.class, ClockAdvanced.class,
                    CreditAdjusted.class, UsageVoided.class, // F4: the balance they change arrives as BalanceChanged
                    CreditDepletionForecast.class, TokenWillExpireUnused.class); // F1: forecasts, for people

    private final SubscriptionStore store;
    private final ParkingSweep parking;
    private final TransactionCallbacks callbacks;

    public SubscriptionViewHandler(SubscriptionStore store, ParkingSweep parking, TransactionCallbacks callbacks) {
        this.store = store;
        this.parking = parking;
        this.callbacks = callbacks;
    }

    private static <T extends EventPayload> Map.Entry<Class<? extends EventPayload>, Apply<EventPayload>> on(
            Class<T> type, Apply<T> apply) {
        return Map.entry(type, (store, id, event) -> apply.apply(store, id, type.cast(event)));
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
        List<UUID> created = new ArrayList<>();
        for (ConsumedEvent consumed : events) {
            EventEnvelope envelope = consumed.envelope();
            UUID id = envelope.subscriptionId();
            if (DISPATCH.handles(envelope.payload()) && id != null) {
                HANDLED.get(envelope.payload().getClass()).apply(store, id, envelope.payload());
                if (envelope.payload() instanceof SubscriptionCreated) {
                    created.add(id);
                }
            }
        }
        if (!created.isEmpty()) {
            // R3: intake usage held for these subscriptions is released once they are known, i.e. after this commit
            callbacks.afterCommit(() -> parking.wake(created));
        }
    }
}
