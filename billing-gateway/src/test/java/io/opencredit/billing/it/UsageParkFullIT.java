package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.billing.messaging.ParkingSweep;
import io.opencredit.billing.messaging.UsageParking;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRejected;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SPEC R3's bound: with {@code park-max} records held, the next record for an unknown subscription is refused at once
 * and visibly ({@code UsageRejected} reason {@code park-full}, the metric, the {@code .dlq}), so a flood of unknown ids
 * cannot fill the disk unnoticed. A gateway of its own (a bound of 2) on a database of its own.
 */
@QuarkusTest
@TestProfile(UsageParkFullIT.SmallPark.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing_park_full")})
class UsageParkFullIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** At most two held records. */
    public static class SmallPark implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.billing.intake.park-max", "2");
        }
    }

    @Inject
    SuiteClock clock;

    @Inject
    UsageParking parking;

    @Inject
    ParkingSweep sweep;

    @Inject
    MeterRegistry registry;

    @Test
    void R3_beyond_the_maximum_held_a_record_is_refused_at_once_as_park_full() throws Exception {
        sweep.sweepWholePark(); // counts what this database holds: nothing
        assertThat(parking.held()).isZero();
        double before = registry.find("opencredit.usage.rejected").tag("reason", UsageRejected.PARK_FULL).counter().count();
        List<UUID> subscriptions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> usageIds = new ArrayList<>();
        for (UUID subscription : subscriptions) {
            String usageId = "r3-full-" + UUID.randomUUID();
            usageIds.add(usageId);
            KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, subscription.toString(),
                    JSON.writeValueAsBytes(record(usageId, subscription, "vm-b1s-linux", "1", clock.now())));
        }

        Set<UUID> mine = Set.copyOf(subscriptions);
        List<EventEnvelope> events = new ArrayList<>();
        KafkaTestSupport.readEventsUntil(Topics.BILLING_EVENTS, all -> {
            events.clear();
            all.stream().filter(e -> mine.contains(e.subscriptionId())).forEach(events::add);
            return !events.isEmpty();
        }, Duration.ofSeconds(30));
        List<UsageRejected> rejected = payloads(events, UsageRejected.class);
        assertThat(rejected).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo(UsageRejected.PARK_FULL);
            assertThat(usageIds).contains(event.usageId());
            assertThat(event.rejectedAt()).isEqualTo(event.parkedAt()); // refused on arrival
        });
        String refused = rejected.get(0).usageId();
        ConsumerRecord<byte[], byte[]> letter = KafkaTestSupport.readRecordsUntil(Topics.dlq(Topics.USAGE_INTAKE),
                records -> records.stream().anyMatch(r -> value(r).contains(refused)), Duration.ofSeconds(30))
                .stream().filter(r -> value(r).contains(refused)).findFirst().orElseThrow();
        assertThat(KafkaTestSupport.header(letter, DeadLetters.REASON)).startsWith("park-full: ");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("opencredit.usage.rejected")
                .tag("reason", UsageRejected.PARK_FULL).counter().count() == before + 1);
        assertThat(parking.held()).isEqualTo(2); // the other two are held
        assertThat(KafkaTestSupport.readRecords(Topics.dlq(Topics.USAGE_INTAKE)).stream()
                .filter(r -> usageIds.stream().anyMatch(id -> value(r).contains(id))).collect(Collectors.toList()))
                .hasSize(1);
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }
}
