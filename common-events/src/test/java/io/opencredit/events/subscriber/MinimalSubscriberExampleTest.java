package io.opencredit.events.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CloudEventsHeaders;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * SPEC F6: the minimal subscriber of {@code docs/events.md} is this compiled class, word for word, and does what the
 * guide says: it reads the CloudEvents headers, skips the types it has no use for and those it does not know, and
 * applies a redelivered event once.
 */
class MinimalSubscriberExampleTest {

    private static final UUID SUBSCRIPTION = UUID.fromString("0b0c1d2e-3f40-4152-8364-75869708a9ba");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final TopicPartition PARTITION = new TopicPartition(MinimalSubscriberExample.TOPIC, 0);

    private long offset;

    private ConsumerRecord<String, byte[]> record(EventEnvelope event) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset++,
                event.key(), EventCodec.encode(event));
        CloudEventsHeaders.of(event).forEach(header -> record.headers().add(header.name(), header.value()));
        return record;
    }

    private static EventEnvelope balance(String remaining) {
        return EventEnvelope.of(SUBSCRIPTION, new BalanceChanged(Money.of(remaining, "NOK"), Money.zero("NOK"),
                SubscriptionStatus.ACTIVE, AT), Producers.LEDGER, null, AT);
    }

    @Test
    void F6_the_minimal_subscriber_keeps_the_latest_balance_and_skips_other_unknown_and_repeated_events() throws IOException {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        EventEnvelope first = balance("3210");
        EventEnvelope second = balance("3208.4568");
        EventEnvelope consumed = EventEnvelope.of(SUBSCRIPTION, new CreditConsumed("usage-1", UUID.randomUUID(),
                Money.of("1.5432", "NOK"), Money.of("3208.4568", "NOK")), Producers.LEDGER, null, AT);
        ConsumerRecord<String, byte[]> unknown = new ConsumerRecord<>(PARTITION.topic(), 0, offset++, SUBSCRIPTION.toString(),
                "{\"eventId\":\"x\",\"type\":\"CreditGifted\",\"payload\":{\"remaining\":{\"amount\":\"1\"}}}".getBytes(StandardCharsets.UTF_8));
        unknown.headers().add("ce_type", "io.opencredit.CreditGifted.v1".getBytes(StandardCharsets.UTF_8));

        consumer.addRecord(record(first));
        consumer.addRecord(record(consumed));
        consumer.addRecord(record(second));
        consumer.addRecord(unknown);
        consumer.addRecord(record(first)); // redelivered after the second: applied once, so it changes nothing
        MinimalSubscriberExample subscriber = new MinimalSubscriberExample();
        subscriber.pollOnce(consumer);

        assertThat(subscriber.balances).containsExactly(Map.entry(SUBSCRIPTION.toString(), new BigDecimal("3208.4568")));
        assertThat(subscriber.applied).containsExactlyInAnyOrder(first.eventId().toString(), second.eventId().toString());
        assertThat(consumer.committed(java.util.Set.of(PARTITION)).get(PARTITION).offset()).isEqualTo(offset);
    }

    @Test
    void F6_the_guide_shows_the_minimal_subscriber_as_it_compiles() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("docs/events.md"))) {
            root = root.getParent();
            assertThat(root).as("a folder above the module with docs/events.md").isNotNull();
        }
        String guide = Files.readString(root.resolve("docs/events.md"));
        String source = Files.readString(Path.of("src/test/java/io/opencredit/events/subscriber/MinimalSubscriberExample.java"));
        String shown = source.substring(source.indexOf("import "));

        Matcher blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        boolean found = false;
        while (blocks.find()) {
            found |= blocks.group(1).equals(shown);
        }
        assertThat(found).as("docs/events.md has a java block that is MinimalSubscriberExample.java from its imports on").isTrue();
    }
}
