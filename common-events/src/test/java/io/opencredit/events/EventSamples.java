package io.opencredit.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Valid instances of every event type, and reflection over their records. A type with an optional
 * or conditional field has one sample per case (a key and a card {@link CreditAdded}), so that a
 * field counts as required only when every valid shape of the event needs it.
 */
final class EventSamples {

    static final UUID SUBSCRIPTION = UUID.fromString("0b0c1d2e-3f40-4152-8364-75869708a9ba");
    static final UUID EVENT = UUID.fromString("11111111-2222-4333-8444-555555555555");
    static final UUID CAUSE = UUID.fromString("99999999-8888-4777-8666-555555555555");
    static final UUID TOKEN = UUID.fromString("7e1f0c3a-5b2d-4e6f-9a8b-0c1d2e3f4a5b");
    static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");
    /** When the ledger applied the usage the UsageVoided samples void. */
    static final Instant USAGE_APPLIED_AT = Instant.parse("2026-02-27T14:02:11.482913Z");
    static final String KEY = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2";

    private EventSamples() {
    }

    /** Every valid shape of the type's payload; fails for a type without samples. */
    static List<EventPayload> samples(String type) {
        return switch (type) {
            case "SubscriptionCreated" -> List.of(new SubscriptionCreated("Fjordkraft Lab", "NO", "public", "NOK",
                    "admin@fjordkraft.example", LocalDate.parse("2019-05-02"), "nb", "admin@fjordkraft.example", AT));
            case "CoAdministratorAdded" -> List.of(new CoAdministratorAdded("ops@reseller.example", "admin@fjordkraft.example"));
            case "KeyActivated" -> List.of(
                    new KeyActivated(KEY, 3, "NOK", "reseller-42", "AAA-12345", TOKEN, AT, "admin@fjordkraft.example"),
                    new KeyActivated(KEY, 1, "NOK", "reseller-42", null, TOKEN, AT, "admin@fjordkraft.example"));
            case "CreditAdded" -> List.of(
                    new CreditAdded(TOKEN, CreditSource.OSA_KEY, Money.of("3210", "NOK"), AT, AT.plus(Duration.ofDays(365)),
                            KEY, "reseller-42", null),
                    new CreditAdded(TOKEN, CreditSource.CREDIT_CARD, Money.of("150.5", "NOK"), AT, AT.plus(Duration.ofDays(365)),
                            null, null, "pay_3Nq8x"));
            case "SubscriptionLinkedToEnterpriseAgreement" -> List.of(
                    new SubscriptionLinkedToEnterpriseAgreement("EA-5551234", AT, "admin@fjordkraft.example"));
            case "UsageRecorded" -> List.of(new UsageRecorded("usage-0001", "meter-vm-d2", "Virtual Machines",
                    new BigDecimal("12.500"), "hour", Money.of("0.123456", "NOK"), Money.of("1.5432", "NOK"), true, AT));
            case "CreditConsumed" -> List.of(new CreditConsumed("usage-0001", TOKEN, Money.of("1.5432", "NOK"),
                    Money.of("3208.4568", "NOK")));
            case "UsageBilledToCard" -> List.of(new UsageBilledToCard("usage-0002", "meter-marketplace", Money.of("99", "NOK")));
            case "OverageRecorded" -> List.of(new OverageRecorded("usage-0003", Money.of("4.25", "NOK"), Money.of("10.75", "NOK")));
            case "OverageSettled" -> List.of(new OverageSettled(TOKEN, Money.of("10.75", "NOK"), Money.zero("NOK")));
            case "BalanceChanged" -> List.of(new BalanceChanged(Money.of("3208.4568", "NOK"), Money.zero("NOK"),
                    SubscriptionStatus.ACTIVE, AT));
            case "TokenBalanceLow" -> List.of(new TokenBalanceLow(TOKEN, Money.of("1070", "NOK"), Money.of("321", "NOK"), 30));
            case "TokenExpiring" -> List.of(new TokenExpiring(TOKEN, Money.of("321", "NOK"), AT.plus(Duration.ofDays(30))));
            case "TokenExpired" -> List.of(new TokenExpired(TOKEN, Money.of("300.5", "NOK"), AT));
            case "SubscriptionCreditLow" -> List.of(
                    new SubscriptionCreditLow(2, Money.of("500", "NOK"), Money.of("499.99", "NOK"),
                            List.of("finance@fjordkraft.example", "cfo@fjordkraft.example")));
            case "SubscriptionSuspended" -> List.of(new SubscriptionSuspended(AT, Money.of("12.5", "NOK"),
                    AT.plus(Duration.ofDays(90))));
            case "SubscriptionReactivated" -> List.of(new SubscriptionReactivated(AT, Money.of("12.5", "NOK"),
                    Money.of("1057.5", "NOK")));
            case "SubscriptionDeprovisioned" -> List.of(new SubscriptionDeprovisioned(AT));
            case "CreditForfeited" -> List.of(new CreditForfeited(TOKEN, Money.of("1057.5", "NOK"),
                    CreditForfeited.ENTERPRISE_AGREEMENT_LINK));
            case "CreditRejected" -> List.of(
                    new CreditRejected(TOKEN, CreditSource.OSA_KEY, KEY, Money.of("3210", "NOK"),
                            CreditRejected.DEPROVISIONED, "the subscription was deprovisioned"),
                    new CreditRejected(TOKEN, CreditSource.CREDIT_CARD, "pay_3Nq8x", Money.of("150.5", "NOK"),
                            CreditRejected.ENTERPRISE_AGREEMENT, null));
            case "UsageRejected" -> List.of(
                    new UsageRejected("usage-0001", "meter-vm-d2", "12.500", UsageRejected.UNKNOWN_SUBSCRIPTION,
                            "no subscription became known within PT24H", AT, AT.plus(Duration.ofHours(24))),
                    new UsageRejected("usage-0002", null, null, UsageRejected.PARK_FULL, null, AT, AT));
            case "CreditAdjusted" -> List.of(
                    new CreditAdjusted("case-4711", TOKEN, Money.of("500", "NOK"), Money.of("500", "NOK"),
                            Instant.parse("2027-03-01T10:15:30.123456Z"), "goodwill after the outage of 2026-02-27"),
                    new CreditAdjusted("case-4712", TOKEN, Money.of("-120.5", "NOK"), Money.of("3089.5", "NOK"),
                            Instant.parse("2027-01-15T09:00:00Z"), "usage billed twice by the meter"));
            case "UsageVoided" -> List.of(
                    new UsageVoided("usage-2026-02-27-0042", TOKEN, Money.of("12.75", "NOK"), UsageVoided.RETURNED,
                            "the meter counted the test cluster", USAGE_APPLIED_AT),
                    new UsageVoided("usage-2026-02-27-0042", TOKEN, Money.of("3.25", "NOK"), UsageVoided.FORFEITED,
                            "the meter counted the test cluster", USAGE_APPLIED_AT),
                    new UsageVoided("usage-2026-02-27-0042", null, Money.of("4.5", "NOK"), UsageVoided.OVERAGE_CANCELLED,
                            "the meter counted the test cluster", USAGE_APPLIED_AT),
                    // as in the events written before usageAppliedAt was added (absent there, read as null)
                    new UsageVoided("usage-2026-02-27-0042", TOKEN, Money.of("12.75", "NOK"), UsageVoided.RETURNED,
                            "the meter counted the test cluster", null));
            case "CreditDepletionForecast" -> List.of(new CreditDepletionForecast(LocalDate.parse("2026-03-12"), 11,
                    Money.of("250.5", "NOK"), Money.of("2755.5", "NOK")));
            case "TokenWillExpireUnused" -> List.of(new TokenWillExpireUnused(TOKEN, Instant.parse("2026-03-31T10:15:30.123456Z"),
                    Money.of("1200", "NOK"), Money.of("40", "NOK")));
            case "NotificationSent" -> List.of(new NotificationSent(UUID.fromString("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"),
                    "TokenBalanceLow", List.of("admin@fjordkraft.example"), "Kreditten er snart brukt opp", "nb", AT));
            case "ClockAdvanced" -> List.of(new ClockAdvanced(Duration.ofDays(30), Duration.ofDays(30), AT));
            default -> throw new AssertionError("EventSamples has no sample of " + type + "; add one");
        };
    }

    static EventPayload sample(String type) {
        return samples(type).get(0);
    }

    /** The catalog's type names, for parameterized tests. */
    static Stream<String> types() {
        return EventCatalog.all().stream().map(EventCatalog.Descriptor::type);
    }

    /** Every sample of every type, for parameterized tests. */
    static Stream<EventPayload> allSamples() {
        return types().flatMap(type -> samples(type).stream());
    }

    /** The sample in an envelope with fixed ids; suite-wide events have no subscription. */
    static EventEnvelope envelope(EventPayload payload) {
        String type = payload.eventType();
        return new EventEnvelope(EVENT, type, EventCatalog.currentVersion(type),
                EventCatalog.isSuiteWide(type) ? null : SUBSCRIPTION, AT, Producers.LEDGER, CAUSE, payload);
    }

    static Object[] values(Record record) {
        return Arrays.stream(record.getClass().getRecordComponents()).map(component -> {
            try {
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }).toArray();
    }

    /** Builds the record anew with the given component values, through its canonical constructor. */
    static Record construct(Class<?> recordClass, Object[] values) throws Throwable {
        Class<?>[] types = Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Constructor<?> canonical = recordClass.getDeclaredConstructor(types);
        try {
            return (Record) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** True if the record's constructor refuses this sample with the given component set to null. */
    static boolean rejectsNull(Record sample, String component) {
        RecordComponent[] components = sample.getClass().getRecordComponents();
        Object[] values = values(sample);
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                if (components[i].getType().isPrimitive()) {
                    throw new IllegalArgumentException(component + " is primitive and cannot be null");
                }
                values[i] = null;
            }
        }
        try {
            construct(sample.getClass(), values);
            return false;
        } catch (NullPointerException | IllegalArgumentException e) {
            return true;
        } catch (Throwable e) {
            throw new AssertionError("unexpected failure constructing " + sample.getClass().getSimpleName(), e);
        }
    }

    /**
     * The fields this one sample cannot do without on the wire: the reference components its
     * constructor refuses as null, and every primitive (a reader cannot tell a missing number from 0).
     */
    static Set<String> requiredIn(Record sample) {
        Set<String> required = new LinkedHashSet<>();
        for (RecordComponent component : sample.getClass().getRecordComponents()) {
            if (component.getType().isPrimitive() || rejectsNull(sample, component.getName())) {
                required.add(component.getName());
            }
        }
        return required;
    }

    /** The fields every valid shape of the type needs: what its schema's {@code required} must list. */
    static Set<String> requiredAlways(String type) {
        Set<String> required = null;
        for (EventPayload sample : samples(type)) {
            Set<String> here = requiredIn((Record) sample);
            if (required == null) {
                required = here;
            } else {
                required.retainAll(here);
            }
        }
        return required;
    }
}
