package io.opencredit.ledger.domain;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventDispatch;
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
import java.time.Instant;

/**
 * One thing the ledger decided, at {@code at} on the suite clock. Every fact except
 * {@link BalanceChanged} is appended to the subscription's stream; those of the ledger's own
 * published types also go to {@code ledger.events}.
 */
public record LedgerFact(Instant at, LedgerPayload content) {

    /** What the event store keeps: every fact but the balance notice, which is coalesced and only published. */
    static final EventDispatch STORED = EventDispatch.named("LedgerFact.stored")
            .handles(SubscriptionCreated.class, CoAdministratorAdded.class, CreditAdded.class, UsageRecorded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, CreditConsumed.class, UsageBilledToCard.class,
                    OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class, TokenExpiring.class, TokenExpired.class,
                    SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
                    SubscriptionDeprovisioned.class, CreditForfeited.class, CreditRejected.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    CreditAdjusted.class, UsageVoided.class, CreditDepletionForecast.class, TokenWillExpireUnused.class,
                    ForecastSettingsSet.class, DepletionForecastRearmed.class)
            .ignoring(BalanceChanged.class,
                    KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class); // never ledger facts

    /** The facts that record a usage id (T5: the store keeps the ids of the stored ones). */
    static final EventDispatch USAGE_IDS = EventDispatch.named("LedgerFact.usageId")
            .handles(UsageRecorded.class)
            .ignoring(SubscriptionCreated.class, CoAdministratorAdded.class, CreditAdded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, CreditConsumed.class, UsageBilledToCard.class,
                    OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class, TokenExpiring.class, TokenExpired.class,
                    SubscriptionCreditLow.class, SubscriptionSuspended.class, SubscriptionReactivated.class,
                    SubscriptionDeprovisioned.class, CreditForfeited.class, CreditRejected.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    BalanceChanged.class, KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class,
                    CreditAdjusted.class, UsageVoided.class, // a voided usage id stays applied (T5)
                    CreditDepletionForecast.class, TokenWillExpireUnused.class, ForecastSettingsSet.class, DepletionForecastRearmed.class);

    /** Whether facts of a payload class are published, looked up once per class (asked several times per fact). */
    private static final ClassValue<Boolean> PUBLISHED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> payloadClass) {
            EventCatalog.Descriptor descriptor = EventCatalog.find(payloadClass.getSimpleName());
            return descriptor != null && descriptor.payloadClass() == payloadClass
                    && descriptor.topics().contains(Topics.LEDGER_EVENTS);
        }
    };

    /** A fact of a published event type. */
    public LedgerFact(Instant at, EventPayload event) {
        this(at, LedgerPayload.of(event));
    }

    /** The payload record itself (a published event or an internal fact), for {@code instanceof} and JSON. */
    public Record payload() {
        return content.value();
    }

    /** Whether the fact belongs in the event store (the state is a fold of exactly these). */
    public boolean stored() {
        return STORED.handles(payload());
    }

    /** Whether the fact is published on {@code ledger.events} (recorded inputs and internal facts are not). */
    public boolean published() {
        return PUBLISHED.get(payload().getClass());
    }

    public String type() {
        return content.type();
    }

    /** The usage id this fact records (T5), or null when it records none. */
    public String usageId() {
        return usageIdOf(payload());
    }

    /** The usage id a payload records (T5), or null: the one place that knows which types carry one. */
    public static String usageIdOf(Object payload) {
        return USAGE_IDS.handles(payload) ? ((UsageRecorded) payload).usageId() : null;
    }
}
