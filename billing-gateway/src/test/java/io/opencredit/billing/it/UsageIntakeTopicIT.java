package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The Kafka intake topic billing.usage-intake: raw usage records keyed by subscription id. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class UsageIntakeTopicIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Test
    void a_malformed_record_goes_to_the_dlq_with_its_reason_and_the_next_one_is_still_processed() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        String marker = "not-json-" + UUID.randomUUID();
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), marker.getBytes(StandardCharsets.UTF_8));
        String future = "future-" + UUID.randomUUID();
        Map<String, Object> tooEarly = record(future, s.id(), "vm-b1s-linux", "1", clock.now().plus(Duration.ofMinutes(6)));
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), JSON.writeValueAsBytes(tooEarly));
        String good = "good-" + UUID.randomUUID();
        byte[] goodRecord = JSON.writeValueAsBytes(record(good, s.id(), "vm-b1s-linux", "2", clock.now()));
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), goodRecord);
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), goodRecord); // redelivered: T5

        List<UsageRecorded> usage = payloads(billingEventsUntil(s.id(), e -> !e.isEmpty()), UsageRecorded.class);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(good);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecordsUntil(Topics.dlq(Topics.USAGE_INTAKE),
                records -> records.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(s.id().toString())
                        || new String(r.value(), StandardCharsets.UTF_8).equals(marker)).count() >= 2, Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> notJson = dead.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker)).findFirst().orElseThrow();
        assertThat(KafkaTestSupport.header(notJson, DeadLetters.REASON)).startsWith("not JSON");
        ConsumerRecord<byte[], byte[]> refused = dead.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(future)).findFirst().orElseThrow();
        assertThat(KafkaTestSupport.header(refused, DeadLetters.REASON)).startsWith("T6-usage-in-the-future");
    }

    @Test
    void Tracing_a_meters_traceparent_is_continued_by_the_usage_published_from_its_record() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String traced = "traced-" + UUID.randomUUID();
        String untraced = "untraced-" + UUID.randomUUID();
        // two records of one poll, most likely: each event takes the span of its own record
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(),
                JSON.writeValueAsBytes(record(traced, s.id(), "vm-b1s-linux", "1", clock.now())),
                Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(),
                JSON.writeValueAsBytes(record(untraced, s.id(), "vm-b1s-linux", "1", clock.now())));

        List<ConsumerRecord<byte[], byte[]>> published = KafkaTestSupport.readRecordsUntil(Topics.BILLING_EVENTS,
                records -> records.stream().filter(r -> usageOf(r, traced) || usageOf(r, untraced)).count() == 2, Duration.ofSeconds(30));
        String tracedParent = KafkaTestSupport.header(published.stream().filter(r -> usageOf(r, traced)).findFirst().orElseThrow(), "traceparent");
        String untracedParent = KafkaTestSupport.header(published.stream().filter(r -> usageOf(r, untraced)).findFirst().orElseThrow(), "traceparent");
        assertThat(tracedParent).as("the meter's trace, continued through the intake and the outbox").startsWith("00-" + traceId + "-")
                .doesNotContain("b7ad6b7169203331");
        assertThat(untracedParent).as("a record without a traceparent starts a trace of its own").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain(traceId);
    }

    private static boolean usageOf(ConsumerRecord<byte[], byte[]> record, String usageId) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        return value.contains("\"UsageRecorded\"") && value.contains("\"" + usageId + "\"");
    }
}
