package io.opencredit.testkit;

import io.opencredit.events.CloudEventsHeaders;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka clients (no SmallRye) against {@link RealInfrastructure#kafkaBootstrap()}: create
 * topics, write raw records and events, read a topic from its beginning with a fresh consumer.
 * <p>
 * Readers assign every partition of the topic and seek to the beginning (no consumer group, nothing
 * committed), read {@code read_committed} like the services, and never create a topic by asking
 * for it. Records are returned in the order polled: in offset order within a partition.
 */
public final class KafkaTestSupport {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private static KafkaProducer<byte[], byte[]> producer;
    private static String producerBootstrap;

    private KafkaTestSupport() {
    }

    // --------------------------------------------------------------------------------- topics

    /** Creates the topic with {@code partitions} partitions; does nothing if it already exists. */
    public static void createTopic(String topic, int partitions) {
        createTopics(partitions, topic);
    }

    /** Creates the topics, each with {@code partitions} partitions; existing ones are left as they are. */
    public static void createTopics(int partitions, String... topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
            }
            admin.createTopics(newTopics).values().forEach((topic, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + topic, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("cannot create topic " + topic, e);
                }
            });
        }
    }

    /** The number of partitions of an existing topic. */
    public static int partitionCount(String topic) {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names of all topics (internal ones excluded). */
    public static Set<String> topics() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // -------------------------------------------------------------------------------- writing

    /** Writes one record as is (null key or value allowed) and waits for the acknowledgement. */
    public static RecordMetadata produceRaw(String topic, String key, byte[] value) {
        return produceRaw(topic, null, key, value, List.of());
    }

    /** Like {@link #produceRaw(String, String, byte[])}, with headers (values written as UTF-8). */
    public static RecordMetadata produceRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes(key), value);
        headers.forEach((name, header) -> record.headers().add(name, bytes(header)));
        return send(record);
    }

    /**
     * Writes one record: to {@code partition}, or where the key hashes to when it is null; with the
     * given headers; waits for the acknowledgement.
     */
    public static RecordMetadata produceRaw(String topic, Integer partition, String key, byte[] value,
                                            Iterable<Header> headers) {
        return send(new ProducerRecord<>(topic, partition, bytes(key), value, headers));
    }

    /**
     * Writes events as a producer of the suite does: {@link EventCodec#encode(EventEnvelope)} as the
     * value, {@link EventEnvelope#key()} as the key; one after the other, each acknowledged.
     */
    public static List<RecordMetadata> produce(String topic, EventEnvelope... events) {
        List<RecordMetadata> written = new ArrayList<>(events.length);
        for (EventEnvelope event : events) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes(event.key()), EventCodec.encode(event));
            CloudEventsHeaders.of(event).forEach(header -> record.headers().add(header.name(), header.value()));
            written.add(send(record));
        }
        return written;
    }

    /** Writes one event with headers (values written as UTF-8). */
    public static RecordMetadata produce(String topic, EventEnvelope event, Map<String, String> headers) {
        return produceRaw(topic, event.key(), EventCodec.encode(event), headers);
    }

    private static RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer().send(record).get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot produce to " + record.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + record.topic(), e);
        }
    }

    // -------------------------------------------------------------------------------- reading

    /**
     * Reads the topic from its beginning with a fresh consumer until the records read so far satisfy
     * {@code until} (tested after every poll, also on an empty topic), and returns them all.
     *
     * @throws AssertionError when {@code timeout} passes first (or the topic does not exist)
     */
    public static List<ConsumerRecord<byte[], byte[]>> readRecordsUntil(String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> until, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> view = Collections.unmodifiableList(records);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                throw new AssertionError("topic " + topic + " does not exist (waited " + timeout + ")");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            do {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                if (until.test(view)) {
                    return records;
                }
            } while (System.nanoTime() < deadline);
        }
        throw new AssertionError("topic " + topic + " did not reach the expected state within " + timeout
                + "; it holds " + records.size() + " record(s)");
    }

    /**
     * Like {@link #readRecordsUntil}, on the records decoded with {@link EventCodec#decode(byte[])};
     * records that are not valid events (poison pills, tombstones) are skipped.
     */
    public static List<EventEnvelope> readEventsUntil(String topic, Predicate<List<EventEnvelope>> until,
                                                      Duration timeout) {
        List<EventEnvelope> events = new ArrayList<>();
        List<EventEnvelope> view = Collections.unmodifiableList(events);
        int[] decoded = {0};
        readRecordsUntil(topic, records -> {
            for (; decoded[0] < records.size(); decoded[0]++) {
                decodeIfEvent(records.get(decoded[0]).value()).ifPresent(events::add);
            }
            return until.test(view);
        }, timeout);
        return events;
    }

    /**
     * Every record on the topic now: reads from the beginning up to the end offsets taken when it
     * starts. An absent topic reads as empty.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readRecords(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read topic " + topic + " to its end " + end
                            + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Every event on the topic now (see {@link #readRecords(String)}); records that are no event are skipped. */
    public static List<EventEnvelope> readEvents(String topic) {
        List<EventEnvelope> events = new ArrayList<>();
        readRecords(topic).forEach(r -> decodeIfEvent(r.value()).ifPresent(events::add));
        return events;
    }

    /** Same as {@link #readEvents(String)}; {@code quiet} is not needed any more and ignored. */
    public static List<EventEnvelope> readAllEvents(String topic, Duration quiet) {
        return readEvents(topic);
    }

    // ------------------------------------------------------------------------------- records

    /** Decodes the record's value as an event ({@link io.opencredit.events.MalformedEventException} if it is none). */
    public static EventEnvelope decode(ConsumerRecord<byte[], byte[]> record) {
        return EventCodec.decode(record.value());
    }

    /** The record key as UTF-8 text, or null. */
    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The last value of the header as UTF-8 text, or null if the record does not have it. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** All headers as UTF-8 text, in order; for a repeated header, its last value. */
    public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** The ids of events of one type for one subscription, in topic order. */
    public static List<UUID> ids(List<EventEnvelope> events, Class<?> type, UUID subscriptionId) {
        return events.stream().filter(e -> type.isInstance(e.payload()) && subscriptionId.equals(e.subscriptionId()))
                .map(EventEnvelope::eventId).toList();
    }

    // ------------------------------------------------------------------------------- clients

    private static Optional<EventEnvelope> decodeIfEvent(byte[] value) {
        try {
            return Optional.of(EventCodec.decode(value));
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                        long deadline) {
        while (true) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (!partitions.isEmpty() || System.nanoTime() > deadline) {
                return partitions;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return partitions;
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrap()));
    }

    /** One producer for all writes, re-created if the bootstrap servers change. */
    private static synchronized KafkaProducer<byte[], byte[]> producer() {
        String bootstrap = RealInfrastructure.kafkaBootstrap();
        if (producer == null || !bootstrap.equals(producerBootstrap)) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "opencredit-test-kit");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props);
            producerBootstrap = bootstrap;
        }
        return producer;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
