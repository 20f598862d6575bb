package io.opencredit.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * F5's latency figure: events published on ledger.events at a steady rate for 20 subscriptions, each timed from its
 * publication to its arrival at a receiver on loopback; prints p50, p99 and max. No timed assertion (the machine is
 * shared); what is asserted is that every event arrived once and in order per subscription under that load.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class WebhookLatencyIT {

    private static final Logger LOG = Logger.getLogger(WebhookLatencyIT.class);
    private static final int SUBSCRIPTIONS = 20;
    private static final int EVENTS = Integer.getInteger("webhooks.latency.events", 2000);
    private static final int PER_BATCH = 20;
    private static final Duration BETWEEN_BATCHES = Duration.ofMillis(40); // about 500 events a second

    @Test
    void F5_delivery_latency_under_load_is_measured_and_every_event_arrives_once_in_order() {
        try (Receiver receiver = Receiver.started()) {
            String operator = TestTokens.operator(WebhooksIT.unique("bench"));
            String endpoint = WebhooksIT.register(operator, receiver.url("/bench"), List.of("CreditConsumed"), null).getString("id");
            List<UUID> subscriptions = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                subscriptions.add(UUID.randomUUID());
            }
            Map<String, Instant> publishedAt = new HashMap<>();
            Map<UUID, List<String>> order = new LinkedHashMap<>();
            Instant start = Instant.now();
            for (int sent = 0; sent < EVENTS; ) {
                EventEnvelope[] batch = new EventEnvelope[Math.min(PER_BATCH, EVENTS - sent)];
                for (int i = 0; i < batch.length; i++, sent++) {
                    UUID subscription = subscriptions.get(sent % SUBSCRIPTIONS);
                    batch[i] = WebhooksIT.consumed(subscription, "bench-" + sent);
                    order.computeIfAbsent(subscription, s -> new ArrayList<>()).add(batch[i].eventId().toString());
                }
                Instant now = Instant.now();
                for (EventEnvelope event : batch) {
                    publishedAt.put(event.eventId().toString(), now);
                }
                KafkaTestSupport.produce(Topics.LEDGER_EVENTS, batch);
                Sleep.quietly(BETWEEN_BATCHES);
            }
            Duration publishing = Duration.between(start, Instant.now());
            await().atMost(Duration.ofMinutes(5)).until(() -> receiver.accepted().size() >= EVENTS);
            Sleep.quietly(Duration.ofSeconds(1));
            List<Receiver.Request> accepted = receiver.accepted();
            assertThat(accepted).hasSize(EVENTS);
            for (UUID subscription : subscriptions) {
                assertThat(accepted.stream().map(Receiver.Request::id).filter(order.get(subscription)::contains).toList())
                        .containsExactlyElementsOf(order.get(subscription));
            }
            long[] millis = accepted.stream().mapToLong(r -> Duration.between(publishedAt.get(r.id()), r.at()).toMillis()).sorted().toArray();
            Duration total = Duration.between(start, accepted.get(accepted.size() - 1).at());
            String figure = String.format("webhook latency, %d events over %d subscriptions published in %.1f s (%.0f/s), all "
                            + "delivered in %.1f s: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms", EVENTS, SUBSCRIPTIONS,
                    publishing.toMillis() / 1000.0, EVENTS * 1000.0 / publishing.toMillis(), total.toMillis() / 1000.0,
                    percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis[millis.length - 1]);
            LOG.info(figure);
            System.out.println("F5 " + figure);
            WebhooksIT.remove(operator, endpoint);
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
