package io.opencredit.events;

/**
 * The body of an event published by a service of the suite: the contract other services read. Each implementation
 * is an immutable record whose simple class name is the event's type (a past-tense name) and which is listed in
 * {@link EventCatalog}. Sealed, so the set of published types is closed: adding one means adding it here, to the
 * catalogue (its test compares the two) and to every dispatch over event types, whose completeness tests are keyed
 * on {@link EventCatalog#payloadClasses()}. A service's internal facts are not events: they get a type of their own.
 */
public sealed interface EventPayload permits
        SubscriptionCreated, CoAdministratorAdded, KeyActivated, CreditAdded, SubscriptionLinkedToEnterpriseAgreement,
        UsageRecorded, CreditConsumed, UsageBilledToCard, OverageRecorded, OverageSettled, BalanceChanged,
        TokenBalanceLow, TokenExpiring, TokenExpired, SubscriptionCreditLow, SubscriptionSuspended,
        SubscriptionReactivated, SubscriptionDeprovisioned, CreditForfeited, CreditRejected, UsageRejected, CreditAdjusted, UsageVoided,
        CreditDepletionForecast, TokenWillExpireUnused,
        NotificationSent, ClockAdvanced {

    /** The event type written into the envelope: the record's simple name. */
    default String eventType() {
        return getClass().getSimpleName();
    }
}
