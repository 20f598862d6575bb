package io.opencredit.ledger.it;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.testkit.KafkaTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Publishes the ledger's input events as their producers would, and reads ledger.events back. */
final class LedgerTestEvents {

    private LedgerTestEvents() {
    }

    static EventEnvelope created(UUID subscriptionId, String owner, Instant now) {
        return EventEnvelope.of(subscriptionId, new SubscriptionCreated("Contoso " + subscriptionId, "NO", "public", "USD",
                owner, LocalDate.of(2020, 1, 1), "en", owner, now), Producers.ACTIVATION, null, now);
    }

    static EventEnvelope coAdmin(UUID subscriptionId, String email, Instant now) {
        return EventEnvelope.of(subscriptionId, new CoAdministratorAdded(email, email), Producers.ACTIVATION, null, now);
    }

    static EventEnvelope credit(UUID subscriptionId, UUID tokenId, String amount, Instant activatedAt) {
        Instant expires = activatedAt.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
        return EventEnvelope.of(subscriptionId, new CreditAdded(tokenId, CreditSource.OSA_KEY, Money.of(amount, "USD"),
                activatedAt, expires, "KEY-" + tokenId.toString().substring(0, 8), "reseller-1", null),
                Producers.ACTIVATION, null, activatedAt);
    }

    static EventEnvelope usage(UUID subscriptionId, String usageId, String amount, Instant at) {
        return usage(subscriptionId, usageId, Money.of(amount, "USD"), at);
    }

    static EventEnvelope usage(UUID subscriptionId, String usageId, Money money, Instant at) {
        return EventEnvelope.of(subscriptionId, new UsageRecorded(usageId, "vm-d2", "Virtual Machines", BigDecimal.ONE, "hour",
                money, money, true, at), Producers.BILLING, null, at);
    }

    static void activation(EventEnvelope... events) {
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, events);
    }

    static void billing(EventEnvelope... events) {
        KafkaTestSupport.produce(Topics.BILLING_EVENTS, events);
    }

    static List<EventEnvelope> of(List<EventEnvelope> events, UUID subscriptionId) {
        return events.stream().filter(e -> subscriptionId.equals(e.subscriptionId())).toList();
    }

    /** The ledger events of one subscription, once they satisfy {@code until}. */
    static List<EventEnvelope> ledgerEventsUntil(UUID subscriptionId, Predicate<List<EventEnvelope>> until) {
        return of(KafkaTestSupport.readEventsUntil(Topics.LEDGER_EVENTS, events -> until.test(of(events, subscriptionId)),
                Duration.ofSeconds(90)), subscriptionId);
    }

    static long count(List<EventEnvelope> events, Class<? extends EventPayload> type) {
        return events.stream().filter(e -> type.isInstance(e.payload())).count();
    }

    static <T extends EventPayload> List<T> payloads(List<EventEnvelope> events, Class<T> type) {
        return events.stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).toList();
    }
}
