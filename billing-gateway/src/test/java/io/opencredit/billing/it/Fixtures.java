package io.opencredit.billing.it;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Test helpers: subscriptions fed through activation.events, usage records, reading billing.events. */
final class Fixtures {

    private Fixtures() {
    }

    record Subscription(UUID id, String owner, String currency, String country, Instant createdAt) {
    }

    /** Publishes SubscriptionCreated on activation.events and waits until the gateway's read model has it. */
    static Subscription subscription(SubscriptionStore store, String currency, String country, Instant createdAt) {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        SubscriptionCreated created = new SubscriptionCreated("Contoso " + id.toString().substring(0, 4), country, "public", currency,
                owner, LocalDate.of(2020, 1, 15), "en", owner, createdAt);
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id, created, Producers.ACTIVATION, null, createdAt));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.find(id).isPresent());
        return new Subscription(id, owner, currency, country, createdAt);
    }

    static Map<String, Object> record(String id, UUID subscription, String meterId, String quantity, Instant usageTime) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("subscriptionId", subscription.toString());
        record.put("meterId", meterId);
        record.put("quantity", quantity);
        record.put("usageTime", usageTime.toString());
        return record;
    }

    static Map<String, Object> batch(Object... records) {
        return Map.of("records", List.of(records));
    }

    /** billing.events of one subscription once {@code until} holds. */
    static List<EventEnvelope> billingEventsUntil(UUID subscription, Predicate<List<EventEnvelope>> until) {
        return billingEventsUntil(subscription, until, Duration.ofSeconds(30));
    }

    /** As above, waiting at most {@code bound} (a consumer group that several restarts made rebalance may need longer). */
    static List<EventEnvelope> billingEventsUntil(UUID subscription, Predicate<List<EventEnvelope>> until, Duration bound) {
        List<EventEnvelope> mine = new java.util.ArrayList<>();
        KafkaTestSupport.readEventsUntil(Topics.BILLING_EVENTS, events -> {
            mine.clear();
            events.stream().filter(e -> subscription.equals(e.subscriptionId())).forEach(mine::add);
            return until.test(mine);
        }, bound);
        return mine;
    }

    static <T> List<T> payloads(List<EventEnvelope> events, Class<T> type) {
        return events.stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).toList();
    }
}
