package io.opencredit.activation.messaging;

import io.opencredit.activation.domain.KeyReturns;
import io.opencredit.activation.persistence.LedgerView;
import io.opencredit.activation.persistence.SubscriptionErasure;
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
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the local read model of the ledger ({@link LedgerView}): the latest {@code BalanceChanged}
 * per subscription (the credit an EA link would forfeit, SPEC S4) and whether the ledger
 * deprovisioned the subscription ({@code SubscriptionDeprovisioned}, SPEC S3 and K8). Runs in the
 * consumer batch's transaction; duplicates never reach it.
 *
 * <p>{@link #DISPATCH} declares every event type of the suite handled (the keys of {@link #HANDLED}, the table the
 * dispatch applies) or ignored; {@code EventDispatchCompletenessTest} fails for a new type that is in neither.
 */
@ApplicationScoped
public class LedgerViewHandler implements EventHandler {

    /** What an event of a handled type does to the view of its subscription. */
    @FunctionalInterface
    interface Apply<T extends EventPayload> {
        void apply(UUID subscriptionId, T event, Instant now);
    }

    static final Map<Class<? extends EventPayload>, Apply<EventPayload>> HANDLED = Map.ofEntries(
            on(BalanceChanged.class, (id, balance, now) -> LedgerView.recordBalance(id, balance.remaining().amount(),
                    balance.remaining().currency(), balance.status().name(), balance.asOf(), now)),
            on(SubscriptionDeprovisioned.class, (id, deprovisioned, now) -> {
                LedgerView.recordDeprovisioned(id, deprovisioned.deprovisionedAt(), now);
                SubscriptionErasure.erase(id); // S3: its data is deleted
            }),
            // R4: a key whose credit the ledger rejected goes back to ISSUED
            on(CreditRejected.class, KeyReturns::onCreditRejected));

    /**
     * What the view handles (exactly the keys of {@link #HANDLED}, so the two cannot drift) and the types it has no
     * use for (those of other topics are listed too, so that none is forgotten).
     */
    static final EventDispatch DISPATCH = EventDispatch.named("LedgerViewHandler.handle").handles(HANDLED.keySet()).ignoring(
            SubscriptionCreated.class, CoAdministratorAdded.class, KeyActivated.class, CreditAdded.class,
            SubscriptionLinkedToEnterpriseAgreement.class, UsageRecorded.class, CreditConsumed.class,
            UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class,
            TokenExpiring.class, TokenExpired.class, SubscriptionCreditLow.class, SubscriptionSuspended.class,
            SubscriptionReactivated.class, CreditForfeited.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class,
            CreditAdjusted.class, UsageVoided.class, // F4: the balance they change arrives as BalanceChanged
            CreditDepletionForecast.class, TokenWillExpireUnused.class); // F1: forecasts, for people (alerting emails them)

    private final SuiteClock clock;

    public LedgerViewHandler(SuiteClock clock) {
        this.clock = clock;
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
        Instant now = clock.now();
        for (ConsumedEvent consumed : events) {
            EventEnvelope envelope = consumed.envelope();
            if (DISPATCH.handles(envelope.payload()) && envelope.subscriptionId() != null) {
                HANDLED.get(envelope.payload().getClass()).apply(envelope.subscriptionId(), envelope.payload(), now);
            }
        }
    }

    private static <T extends EventPayload> Map.Entry<Class<? extends EventPayload>, Apply<EventPayload>> on(
            Class<T> type, Apply<T> apply) {
        return Map.entry(type, (id, event, now) -> apply.apply(id, type.cast(event), now));
    }
}
