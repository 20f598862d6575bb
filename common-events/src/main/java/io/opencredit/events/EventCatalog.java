package io.opencredit.events;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every event type of the suite, its current schema version, the versions a reader accepts, and
 * the topic it is published on. A JSON Schema per type lives at {@code schemas/<Type>.v<N>.json}.
 * It lists exactly the types {@link EventPayload} permits (checked when the class loads, and by EventCatalogTest).
 */
public final class EventCatalog {

    /** One event type: its record class, the version written now, the topics it travels on. */
    public record Descriptor(String type, Class<? extends EventPayload> payloadClass, int currentVersion,
                             Set<Integer> readableVersions, Set<String> topics) {

        public String schemaResource() {
            return "schemas/" + type + ".v" + currentVersion + ".json";
        }
    }

    private static final Map<String, Descriptor> BY_TYPE = new LinkedHashMap<>();

    static {
        String activation = Topics.ACTIVATION_EVENTS;
        String billing = Topics.BILLING_EVENTS;
        String ledger = Topics.LEDGER_EVENTS;
        register(SubscriptionCreated.class, activation);
        register(CoAdministratorAdded.class, activation);
        register(KeyActivated.class, activation);
        register(CreditAdded.class, activation, billing);
        register(SubscriptionLinkedToEnterpriseAgreement.class, activation);
        register(UsageRecorded.class, billing);
        register(CreditConsumed.class, ledger);
        register(UsageBilledToCard.class, ledger);
        register(OverageRecorded.class, ledger);
        register(OverageSettled.class, ledger);
        register(BalanceChanged.class, ledger);
        register(TokenBalanceLow.class, ledger);
        register(TokenExpiring.class, ledger);
        register(TokenExpired.class, ledger);
        register(SubscriptionCreditLow.class, ledger);
        register(SubscriptionSuspended.class, ledger);
        register(SubscriptionReactivated.class, ledger);
        register(SubscriptionDeprovisioned.class, ledger);
        register(CreditForfeited.class, ledger);
        register(UsageRejected.class, billing);
        register(CreditRejected.class, ledger);
        register(CreditAdjusted.class, ledger);
        register(UsageVoided.class, ledger);
        register(CreditDepletionForecast.class, ledger);
        register(TokenWillExpireUnused.class, ledger);
        register(NotificationSent.class, Topics.ALERTING_EVENTS);
        register(ClockAdvanced.class, Topics.OPS_CLOCK);
        Set<Class<?>> permitted = Set.of(EventPayload.class.getPermittedSubclasses());
        Set<Class<?>> registered = Set.copyOf(BY_TYPE.values().stream().map(Descriptor::payloadClass).toList());
        if (!permitted.equals(registered)) {
            throw new IllegalStateException("EventCatalog registers " + registered + " but EventPayload permits " + permitted);
        }
    }

    private EventCatalog() {
    }

    private static void register(Class<? extends EventPayload> payloadClass, String... topics) {
        String type = payloadClass.getSimpleName();
        BY_TYPE.put(type, new Descriptor(type, payloadClass, 1, Set.of(1), Set.of(topics)));
    }

    public static Collection<Descriptor> all() {
        return Collections.unmodifiableCollection(BY_TYPE.values());
    }

    /**
     * Every published payload class, in catalogue order. A dispatch over event types declares, for each of them,
     * whether it handles or deliberately ignores it; the services' completeness tests iterate this list.
     */
    public static List<Class<? extends EventPayload>> payloadClasses() {
        return BY_TYPE.values().stream().map(Descriptor::payloadClass).toList();
    }

    /** The descriptor of a type, or {@code null} when the suite knows no such type. */
    public static Descriptor find(String type) {
        return BY_TYPE.get(type);
    }

    public static int currentVersion(String type) {
        Descriptor descriptor = BY_TYPE.get(type);
        if (descriptor == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        return descriptor.currentVersion();
    }

    /** Suite-wide events carry no subscription id. */
    public static boolean isSuiteWide(String type) {
        return ClockAdvanced.class.getSimpleName().equals(type);
    }
}
