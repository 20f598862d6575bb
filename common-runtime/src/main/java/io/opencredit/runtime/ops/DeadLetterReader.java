package io.opencredit.runtime.ops;

import io.opencredit.runtime.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code .dlq} topics for the operator endpoints, with a short-lived consumer that assigns
 * itself partitions (no group, nothing committed). A request reads at most {@link #MAX_SCAN}
 * records, so a long dead-letter topic is paged through rather than read whole.
 */
@ApplicationScoped
public class DeadLetterReader {

    /** Records one listing request reads at most (of every consumer); the cursor carries on from there. */
    static final int MAX_SCAN = 5_000;
    /** How long the broker may take to answer one request's reads before the request gives up (503). */
    static final Duration WAIT = Duration.ofSeconds(5);

    /** A page of dead letters, and the cursor of the next one ({@code null} at the end). */
    public record Page(List<DeadLetter> letters, DeadLetterId next) {
    }

    private final KafkaClients kafkaClients;

    public DeadLetterReader(KafkaClients kafkaClients) {
        this.kafkaClients = kafkaClients;
    }

    /** The reader's own settings (no group, never creates a topic by asking for it). */
    public static Map<String, Object> settings() {
        return Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(WAIT.toMillis()),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(WAIT.toMillis()),
                ConsumerConfig.CLIENT_ID_CONFIG, "opencredit-ops-dead-letters");
    }

    /**
     * Up to {@code limit} dead letters of {@code consumers} in {@code dlqTopics}, in id order (topic, partition,
     * offset), after {@code after} (exclusive; {@code null} from the start).
     */
    public Page list(Set<String> consumers, List<String> dlqTopics, DeadLetterId after, int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(settings())) {
            List<TopicPartition> partitions = partitions(kafka, dlqTopics).stream()
                    .filter(tp -> after == null || compare(tp, after) >= 0).toList();
            Map<TopicPartition, Long> begins = kafka.beginningOffsets(partitions, WAIT);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, WAIT);
            int scanned = 0;
            DeadLetterId last = null;
            for (TopicPartition tp : partitions) {
                long start = begins.getOrDefault(tp, 0L);
                if (after != null && compare(tp, after) == 0) {
                    start = Math.max(start, after.offset() + 1);
                }
                long end = ends.getOrDefault(tp, 0L);
                if (start >= end) {
                    continue;
                }
                kafka.assign(List.of(tp));
                kafka.seek(tp, start);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (kafka.position(tp, WAIT) < end) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("reading " + tp + " took longer than " + WAIT);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                        if (record.offset() >= end) {
                            continue;
                        }
                        DeadLetter letter = DeadLetter.of(record);
                        last = letter.id();
                        scanned++;
                        if (consumers.contains(letter.consumer())) {
                            letters.add(letter);
                        }
                        if (letters.size() >= limit || scanned >= MAX_SCAN) {
                            return new Page(letters, last);
                        }
                    }
                }
            }
        }
        return new Page(letters, null);
    }

    /** The dead letter at {@code id}, if there is one there. */
    public Optional<DeadLetter> find(DeadLetterId id) {
        TopicPartition tp = new TopicPartition(id.topic(), id.partition());
        try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(settings())) {
            if (!partitions(kafka, List.of(id.topic())).contains(tp)) {
                return Optional.empty();
            }
            long begin = kafka.beginningOffsets(List.of(tp), WAIT).getOrDefault(tp, 0L);
            long end = kafka.endOffsets(List.of(tp), WAIT).getOrDefault(tp, 0L);
            if (id.offset() < begin || id.offset() >= end) {
                return Optional.empty();
            }
            kafka.assign(List.of(tp));
            kafka.seek(tp, id.offset());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    // a control record or a compacted gap leaves no record at the offset: the first one read says so
                    ConsumerRecord<byte[], byte[]> first = records.iterator().next();
                    return first.offset() == id.offset() ? Optional.of(DeadLetter.of(first)) : Optional.empty();
                }
                if (kafka.position(tp, WAIT) >= end) {
                    return Optional.empty();
                }
            }
            throw new TimeoutException("reading " + tp + " took longer than " + WAIT);
        }
    }

    /** The partitions of the topics that exist, in id order. */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, WAIT);
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    private static int compare(TopicPartition tp, DeadLetterId id) {
        int byTopic = tp.topic().compareTo(id.topic());
        return byTopic != 0 ? byTopic : Integer.compare(tp.partition(), id.partition());
    }
}
