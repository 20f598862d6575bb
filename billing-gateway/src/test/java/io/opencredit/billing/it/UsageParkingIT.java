package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.billing.config.IntakeParkingConfig;
import io.opencredit.billing.messaging.ParkingSweep;
import io.opencredit.billing.messaging.UsageParking;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SPEC R3 on Kafka and PostgreSQL: usage published on {@code billing.usage-intake} before the gateway knows its
 * subscription is held, not dead-lettered, and applied once the subscription arrives (exactly once); usage for a
 * subscription that never comes is refused visibly once the horizon passed on the suite clock (C2); what is held
 * survives the gateway's loops starting again and a wake-up that never came.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class UsageParkingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    ParkingSweep sweep;

    @Inject
    UsageParking parking;

    @Inject
    IntakeParkingConfig config;

    @Inject
    Supervisor supervisor;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void R3_usage_published_before_its_subscription_exists_is_applied_once_when_the_subscription_arrives() throws Exception {
        UUID subscription = UUID.randomUUID();
        Instant usageTime = clock.now().minusSeconds(30);
        String first = "r3-first-" + UUID.randomUUID();
        String second = "r3-second-" + UUID.randomUUID();
        byte[] firstRecord = JSON.writeValueAsBytes(record(first, subscription, "vm-b1s-linux", "2", usageTime));
        publish(subscription, firstRecord);
        publish(subscription, JSON.writeValueAsBytes(record(second, subscription, "vm-b1s-linux", "3", usageTime.plusSeconds(1))));
        publish(subscription, firstRecord); // the meter sent it twice

        await().atMost(Duration.ofSeconds(30)).until(() -> held(subscription) == 3);
        // the gauge follows the commit that parked them (set after it): wait for it as for the rows
        await().atMost(Duration.ofSeconds(10)).until(() -> parking.held() >= 3);
        sweep.sweepWholePark(); // nothing to release yet: still held
        assertThat(held(subscription)).isEqualTo(3);

        long announced = System.nanoTime();
        announce(subscription, usageTime.minus(Duration.ofDays(1)));

        List<UsageRecorded> usage = payloads(billingEventsUntil(subscription, events -> payloads(events, UsageRecorded.class).size() >= 2),
                UsageRecorded.class);
        System.out.printf("R3: SubscriptionCreated published -> held usage on billing.events in %d ms%n",
                (System.nanoTime() - announced) / 1_000_000);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(first, second); // in order of arrival
        assertThat(usage.get(0).amount().amount()).isPositive(); // rated in the subscription's currency
        await().atMost(Duration.ofSeconds(10)).until(() -> held(subscription) == 0);

        // the release run again (the sweep, twice) and the record arriving once more: nothing published again
        sweep.sweepWholePark();
        sweep.sweepWholePark();
        publish(subscription, firstRecord);
        String marker = "r3-marker-" + UUID.randomUUID();
        publish(subscription, JSON.writeValueAsBytes(record(marker, subscription, "vm-b1s-linux", "1", usageTime)));
        List<UsageRecorded> all = payloads(billingEventsUntil(subscription, events -> payloads(events, UsageRecorded.class)
                .stream().anyMatch(u -> marker.equals(u.usageId()))), UsageRecorded.class);
        assertThat(all).extracting(UsageRecorded::usageId).containsExactly(first, second, marker);
        assertThat(deadLettersOf(subscription)).isEmpty(); // nothing was dead-lettered for "unknown"
    }

    @Test
    void R3_usage_for_a_subscription_that_never_comes_is_rejected_visibly_after_the_horizon() throws Exception {
        UUID subscription = UUID.randomUUID();
        String usageId = "r3-never-" + UUID.randomUUID();
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, subscription.toString(),
                JSON.writeValueAsBytes(record(usageId, subscription, "vm-b1s-linux", "4.50", clock.now())),
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        await().atMost(Duration.ofSeconds(30)).until(() -> held(subscription) == 1);
        Instant parkedAt = clock.now();
        double rejectedBefore = rejectedCount(UsageRejected.UNKNOWN_SUBSCRIPTION);

        sweep.sweepWholePark(); // within the horizon: still held, nothing refused
        assertThat(held(subscription)).isEqualTo(1);
        assertThat(rejectedCount(UsageRejected.UNKNOWN_SUBSCRIPTION)).isEqualTo(rejectedBefore);

        // C2: the suite clock moves past the horizon; the supervised job notices on its own
        clock.advanceTo(clock.offset().plus(config.parkHorizon()).plus(Duration.ofMinutes(1)));

        List<UsageRejected> rejected = payloads(billingEventsUntil(subscription, events -> !events.isEmpty()), UsageRejected.class);
        assertThat(rejected).singleElement().satisfies(event -> {
            assertThat(event.usageId()).isEqualTo(usageId);
            assertThat(event.reason()).isEqualTo(UsageRejected.UNKNOWN_SUBSCRIPTION);
            assertThat(event.meterId()).isEqualTo("vm-b1s-linux");
            assertThat(event.quantity()).isEqualTo("4.50");
            assertThat(event.parkedAt()).isBefore(parkedAt.plusSeconds(1));
            assertThat(event.rejectedAt()).isAfterOrEqualTo(event.parkedAt().plus(config.parkHorizon()));
        });
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecordsUntil(Topics.dlq(Topics.USAGE_INTAKE),
                records -> records.stream().anyMatch(r -> value(r).contains(usageId)), Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> letter = dead.stream().filter(r -> value(r).contains(usageId)).findFirst().orElseThrow();
        assertThat(KafkaTestSupport.header(letter, DeadLetters.REASON)).startsWith("unknown-subscription: no subscription " + subscription);
        assertThat(KafkaTestSupport.header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.USAGE_INTAKE);
        assertThat(KafkaTestSupport.key(letter)).isEqualTo(subscription.toString());
        assertThat(KafkaTestSupport.header(letter, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rejectedCount(UsageRejected.UNKNOWN_SUBSCRIPTION) == rejectedBefore + 1);
        assertThat(held(subscription)).isZero();
    }

    @Test
    void R3_what_is_held_survives_a_restart_between_park_and_release() throws Exception {
        UUID subscription = UUID.randomUUID();
        Instant usageTime = clock.now().minusSeconds(10);
        String usageId = "r3-restart-" + UUID.randomUUID();
        publish(subscription, JSON.writeValueAsBytes(record(usageId, subscription, "vm-b1s-linux", "5", usageTime)));
        await().atMost(Duration.ofSeconds(30)).until(() -> held(subscription) == 1);

        // every loop of the gateway dies and starts again (fresh consumers, re-read from the committed offsets) ...
        List<Loop> loops = supervisor.loops().stream().filter(loop -> !loop.isPeriodic()).toList();
        Map<String, Long> before = new HashMap<>();
        loops.forEach(loop -> before.put(loop.name(), loop.restarts()));
        loops.forEach(loop -> supervisor.injectError(loop.name()));
        await().atMost(Duration.ofSeconds(60)).until(() -> loops.stream()
                .allMatch(loop -> loop.restarts() > before.get(loop.name()) && loop.isRunning()));
        // ... and forgets what it held in memory: the cached subscriptions, the count of held records
        store.clearCache();
        parking.recount();
        assertThat(held(subscription)).isEqualTo(1); // re-reading the intake topic parked it once, not twice

        // the view learns the subscription, but the wake-up is lost (as if the process ended right after that commit)
        SubscriptionCreated created = created(usageTime.minus(Duration.ofDays(1)));
        QuarkusTransaction.requiringNew().run(() -> store.created(subscription, created));

        List<UsageRecorded> usage = payloads(billingEventsUntil(subscription, events -> !events.isEmpty()), UsageRecorded.class);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(usageId); // released by the periodic sweep
        await().atMost(Duration.ofSeconds(10)).until(() -> held(subscription) == 0);
    }

    private static void publish(UUID subscription, byte[] value) {
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, subscription.toString(), value);
    }

    private static SubscriptionCreated created(Instant createdAt) {
        return new SubscriptionCreated("Contoso R3", "NO", "public", "USD", "r3@example.com", LocalDate.of(2020, 1, 15),
                "en", "r3@example.com", createdAt);
    }

    /** The subscription as activation announces it, on activation.events. */
    private static void announce(UUID subscription, Instant createdAt) {
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(subscription, created(createdAt),
                Producers.ACTIVATION, null, createdAt));
    }

    /** Records held for the subscription, read from the table. */
    private long held(UUID subscription) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM parked_usage WHERE subscription_id = ?")) {
            count.setObject(1, subscription);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private double rejectedCount(String reason) {
        var counter = registry.find("opencredit.usage.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(UUID subscription) {
        return KafkaTestSupport.readRecords(Topics.dlq(Topics.USAGE_INTAKE)).stream()
                .filter(r -> subscription.toString().equals(KafkaTestSupport.key(r))).toList();
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }
}
