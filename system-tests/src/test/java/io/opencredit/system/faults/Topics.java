package io.opencredit.system.faults;

import io.opencredit.local.LocalSuite;
import io.opencredit.system.faults.InvariantChecker.Source;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka and JDBC access of the fault run: the final read of the topics from offset 0 with a
 * fresh consumer (no group), copies and poison records for the topics, and the consumers' lag as
 * the services store it (their positions in PostgreSQL, against the topics' end offsets).
 */
final class Topics {

    static final List<String> EVENT_TOPICS = List.of("activation.events", "billing.events", "ledger.events", "alerting.events");
    static final List<String> DATABASES = List.of("activation", "billing", "ledger", "alerting");
    static final String USAGE_INTAKE = "billing.usage-intake";
    /** The gateways' intake consumer group ({@code <service name>.usage-intake}). */
    static final String INTAKE_GROUP = "billing-gateway.usage-intake";

    private final LocalSuite suite;

    /** On the suite's broker and PostgreSQL, wherever its ports are. */
    Topics(LocalSuite suite) {
        this.suite = suite;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props);
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return new KafkaProducer<>(props);
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    /** Every record of the topics, from offset 0 to the end offsets seen when the read starts. */
    List<TopicRecord> readAll(List<String> topics) {
        List<TopicRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : topics) {
                all.addAll(partitions(consumer, topic));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(all, Duration.ofSeconds(30));
            List<TopicPartition> todo = all.stream().filter(tp -> end.get(tp) > 0).toList();
            consumer.assign(todo);
            consumer.seekToBeginning(todo);
            Set<TopicPartition> open = new HashSet<>(todo);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the final read did not reach the end of " + open);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        records.add(new TopicRecord(r.topic(), r.partition(), r.offset(),
                                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value()));
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        }
        return records;
    }

    /** The topics whose consumers dead-letter: the event topics and the usage intake. */
    static final List<String> CONSUMED_TOPICS = List.of("activation.events", "billing.events", "ledger.events", "alerting.events",
            USAGE_INTAKE);

    private final Map<String, Long> deadLetterCounts = new java.util.TreeMap<>();
    private KafkaProducer<byte[], byte[]> intakeProducer;

    /** Dead letters per {@code .dlq} topic, as the last {@link #deadLetterSources()} read them. */
    Map<String, Long> deadLetterCounts() {
        return deadLetterCounts;
    }

    /**
     * Publishes one record to {@code billing.usage-intake} and returns where it landed once the
     * broker acknowledged it (all replicas); throws when it could not be sent.
     */
    synchronized Source publishIntake(String key, byte[] value) throws Exception {
        if (intakeProducer == null) {
            intakeProducer = producer();
        }
        RecordMetadata metadata = intakeProducer.send(new ProducerRecord<>(USAGE_INTAKE,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get(150, java.util.concurrent.TimeUnit.SECONDS);
        return new Source(USAGE_INTAKE, metadata.partition(), metadata.offset());
    }

    /** Closes the intake producer, if any. */
    synchronized void close() {
        if (intakeProducer != null) {
            intakeProducer.close(Duration.ofSeconds(10));
            intakeProducer = null;
        }
    }

    /** Where each dead letter came from (its source headers), over all {@code .dlq} topics. */
    Set<Source> deadLetterSources() {
        Set<Source> sources = new HashSet<>();
        deadLetterCounts.clear();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : CONSUMED_TOPICS) {
                all.addAll(partitions(consumer, topic + ".dlq"));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(all, Duration.ofSeconds(30));
            List<TopicPartition> todo = all.stream().filter(tp -> end.get(tp) > 0).toList();
            consumer.assign(todo);
            consumer.seekToBeginning(todo);
            Set<TopicPartition> open = new HashSet<>(todo);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    deadLetterCounts.merge(r.topic(), 1L, Long::sum);
                    String topic = header(r, "opencredit.dlq.source-topic");
                    String partition = header(r, "opencredit.dlq.source-partition");
                    String offset = header(r, "opencredit.dlq.source-offset");
                    if (topic != null && partition != null && offset != null) {
                        sources.add(new Source(topic, Integer.parseInt(partition), Long.parseLong(offset)));
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        }
        return sources;
    }

    private String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Re-publishes {@code count} existing records of the topics byte for byte (key, value, headers); returns how many. */
    int duplicate(List<String> topics, int count, java.util.Random random) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> pool = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : topics) {
                all.addAll(partitions(consumer, topic));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pool.size() < 2_000 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(pool::add);
            }
        }
        if (pool.isEmpty()) {
            return 0;
        }
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                ConsumerRecord<byte[], byte[]> original = pool.get(random.nextInt(pool.size()));
                ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(original.topic(), original.partition(), original.key(), original.value());
                original.headers().forEach(h -> copy.headers().add(h));
                producer.send(copy).get();
                sent++;
            }
        }
        return sent;
    }

    /** Publishes poison records to each topic, keyed by a real subscription; returns where they landed. */
    List<Source> poison(List<String> topics, UUID subscription, java.util.Random random) throws Exception {
        String key = subscription.toString();
        String other = UUID.randomUUID().toString();
        List<byte[]> values = new ArrayList<>();
        values.add(("not json at all " + random.nextInt()).getBytes(StandardCharsets.UTF_8));
        values.add(null);
        values.add("{}".getBytes(StandardCharsets.UTF_8));
        // a type that is not an event name is malformed; a well-formed unknown type would be skipped (SPEC F6)
        values.add(("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"no such event\",\"version\":1,\"subscriptionId\":\"" + key
                + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"producer\":\"faults\",\"causationId\":null,\"payload\":{}}")
                .getBytes(StandardCharsets.UTF_8));
        values.add(("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"UsageRecorded\",\"version\":1,\"subscriptionId\":\"" + other
                + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"producer\":\"faults\",\"causationId\":null,\"payload\":{\"usageId\":\"x\"}}")
                .getBytes(StandardCharsets.UTF_8));
        List<Source> sources = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String topic : topics) {
                for (byte[] value : values) {
                    RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
                    sources.add(new Source(topic, metadata.partition(), metadata.offset()));
                }
            }
        }
        return sources;
    }

    /** The gateways' intake consumer group: Kafka-committed offsets (it keeps no position table) against the end. */
    private Map<String, Long> intakeLag() throws Exception {
        Map<String, Long> lag = new HashMap<>();
        Properties props = new Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrap());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props);
             KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(INTAKE_GROUP).partitionsToOffsetAndMetadata().get(30, java.util.concurrent.TimeUnit.SECONDS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions(consumer, USAGE_INTAKE), Duration.ofSeconds(30));
            end.forEach((tp, endOffset) -> {
                var at = committed.get(tp);
                long behind = endOffset - (at == null ? 0 : at.offset());
                if (behind != 0) {
                    lag.put(INTAKE_GROUP + " " + tp, behind);
                }
            });
        }
        return lag;
    }

    /** End offsets of the event topics. */
    Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : EVENT_TOPICS) {
                all.addAll(partitions(consumer, topic));
            }
            return consumer.endOffsets(all, Duration.ofSeconds(30));
        }
    }

    /**
     * The lag of every service consumer on the event topics, from the positions the services store
     * with their effects ("consumer topic-partition" → records not yet applied), plus unpublished
     * outbox rows per database ("outbox db") and unsent emails ("mail").
     */
    Map<String, Long> backlog() throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<String, Long> backlog = new HashMap<>(intakeLag());
        for (String database : DATABASES) {
            try (Connection connection = DriverManager.getConnection(suite.jdbcUrl(database), "postgres", "postgres");
                 Statement statement = connection.createStatement()) {
                Map<String, Set<String>> topicsOf = new HashMap<>();
                Map<String, Long> positions = new HashMap<>();
                try (ResultSet rs = statement.executeQuery("SELECT consumer, topic, kafka_partition, next_offset FROM oc_consumer_position")) {
                    while (rs.next()) {
                        String topic = rs.getString(2);
                        if (!EVENT_TOPICS.contains(topic)) {
                            continue;
                        }
                        topicsOf.computeIfAbsent(rs.getString(1), c -> new HashSet<>()).add(topic);
                        // -1 is the services' "no position yet" (read from the start): nothing applied
                        positions.put(rs.getString(1) + " " + topic + "-" + rs.getInt(3), Math.max(0, rs.getLong(4)));
                    }
                }
                topicsOf.forEach((consumer, topics) -> end.forEach((tp, endOffset) -> {
                    if (topics.contains(tp.topic())) {
                        long at = positions.getOrDefault(consumer + " " + tp, 0L);
                        if (endOffset - at != 0) {
                            backlog.put(consumer + " " + tp, endOffset - at);
                        }
                    }
                }));
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM oc_outbox")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        backlog.put("outbox " + database, rs.getLong(1));
                    }
                }
                if (database.equals("alerting")) {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM delivery WHERE status IN ('PENDING', 'SENDING')")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            backlog.put("mail", rs.getLong(1));
                        }
                    }
                }
            }
        }
        return backlog;
    }

    /** Every stored position ("database consumer topic-partition" → next offset), for the never-backwards check of I6. */
    Map<String, Long> positions() throws SQLException {
        Map<String, Long> positions = new HashMap<>();
        for (String database : DATABASES) {
            try (Connection connection = DriverManager.getConnection(suite.jdbcUrl(database), "postgres", "postgres");
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT consumer, topic, kafka_partition, next_offset FROM oc_consumer_position")) {
                while (rs.next()) {
                    positions.put(database + " " + rs.getString(1) + " " + rs.getString(2) + "-" + rs.getInt(3), rs.getLong(4));
                }
            }
        }
        return positions;
    }

    /** Deliveries the alerting service marked UNCERTAIN, as "eventId|recipient". */
    Set<String> uncertainDeliveries() throws SQLException {
        Set<String> uncertain = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(suite.jdbcUrl("alerting"), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT event_id, recipient FROM delivery WHERE status = 'UNCERTAIN'")) {
            while (rs.next()) {
                uncertain.add(rs.getString(1) + "|" + rs.getString(2).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return uncertain;
    }
}
