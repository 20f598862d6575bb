package io.opencredit.runtime.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.MalformedEventException;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.trace.TraceContext;
import io.opencredit.runtime.util.Sleep;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * One Kafka consumer thread for one {@link EventHandler}. Per poll: malformed records go to the
 * {@code .dlq}; the valid ones are deduplicated by event id and handed to the handler in one
 * transaction that also stores the processed ids and the next positions, fenced by the epoch of
 * this instance's claim on each partition. A batch that keeps failing is retried record by
 * record, and a record that still fails is dead-lettered so the consumer keeps going.
 */
public final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final EventHandler handler;
    private final String consumerName;
    private final KafkaClients kafkaClients;
    private final Map<String, Object> settings;
    private final PositionStore positions;
    private final DeadLetters deadLetters;
    private final int batchAttempts;
    private final MeterRegistry registry;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLettered;
    /** The partitions this loop owns: the epoch of its claim and the position it last stored (claimed or committed). */
    private final Map<TopicPartition, Owned> owned = new ConcurrentHashMap<>();

    private record Owned(long epoch, long storedOffset) {
    }
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long lastPollMillis = System.currentTimeMillis();

    ConsumerLoop(EventHandler handler, String consumerName, KafkaClients kafkaClients, Map<String, Object> settings,
                 PositionStore positions, DeadLetters deadLetters, int batchAttempts, MeterRegistry registry) {
        this.handler = handler;
        this.consumerName = consumerName;
        this.kafkaClients = kafkaClients;
        this.settings = settings;
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.batchAttempts = batchAttempts;
        this.registry = registry;
        this.applied = Counter.builder("opencredit.events.applied").tag("consumer", consumerName).register(registry);
        this.duplicates = Counter.builder("opencredit.events.duplicates").tag("consumer", consumerName).register(registry);
        this.deadLettered = Counter.builder("opencredit.events.dead-lettered").tag("consumer", consumerName).register(registry);
    }

    /**
     * The own settings of every OpenCredit consumer group member (the loops and the gateway's usage intake), put on top
     * of the configured {@code kafka.*} ones by {@link KafkaClients}: positions are kept in the database, never
     * auto-committed.
     */
    public static Map<String, Object> consumerSettings(String group, String clientId, int maxPollRecords,
                                                       RuntimeConfig.Consumer settings) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        // room for a whole batch in one partition's fetch (about 1 KiB an event), so a poll can fill it
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(1 << 20, maxPollRecords * 1024)));
        // partition p of every topic a handler reads goes to the same member: events are keyed by subscription id, so
        // one subscription's events of all its topics (the ledger: credit and usage) are folded by one consumer in turn.
        // The cooperative sticky assignor spread a subscription's topics over members (instances, or the loops of one).
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(settings.sessionTimeout().toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(settings.sessionTimeout().toMillis() / 3));
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(settings.maxPollInterval().toMillis()));
        return props;
    }

    boolean isAlive() {
        return running && System.currentTimeMillis() - lastPollMillis < Duration.ofMinutes(2).toMillis();
    }

    void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(settings);
                 KafkaClientMetrics metrics = new KafkaClientMetrics(kafka)) {
                metrics.bindTo(registry);
                consumer = kafka;
                kafka.subscribe(handler.topics(), new Rebalance(kafka));
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                    lastPollMillis = System.currentTimeMillis();
                    if (!records.isEmpty()) {
                        process(kafka, records);
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warnf("%s woken up unexpectedly; restarting", consumerName);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed; restarting the consumer", consumerName);
                Sleep.quietly(Duration.ofSeconds(1));
            } finally {
                owned.clear();
            }
        }
    }

    private void process(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        List<Decoded> batch = new ArrayList<>(polled.size());
        try {
            for (Decoding decoding : decodeAll(polled)) {
                batch.add(decodedOrDeadLettered(decoding));
            }
            applyWithRetries(batch);
            commitToKafkaForMonitoring(kafka, batch);
        } catch (FencedException e) {
            LOG.warnf("%s: %s; re-reading positions", consumerName, e.getMessage());
            reseekOwned(kafka);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: batch could not be applied; it will be read again", consumerName);
            reseekOwned(kafka);
            Sleep.quietly(Duration.ofSeconds(1));
        }
    }

    /** A polled record and its event, or no event when it was malformed and dead-lettered. */
    private record Decoded(ConsumerRecord<byte[], byte[]> record, ConsumedEvent event) {
        TopicPartition partition() {
            return new TopicPartition(record.topic(), record.partition());
        }
    }

    /** A polled record and its envelope, or why it has none. */
    public record Decoding(ConsumerRecord<byte[], byte[]> record, EventEnvelope envelope, MalformedEventException error) {
    }

    /** From this many records a poll is decoded on every core (the database waits meanwhile anyway). */
    private static final int PARALLEL_DECODE_FROM = 256;

    /**
     * Decodes a poll's records, in their order. Decoding is pure, so a large poll is spread over the
     * cores (common fork-join pool): at 3 µs an event it was a seventh of the ledger's fold time,
     * spent while PostgreSQL sat idle. Dead-lettering stays with the caller, in order.
     */
    public static List<Decoding> decodeAll(List<ConsumerRecord<byte[], byte[]>> records) {
        Decoding[] decoded = new Decoding[records.size()];
        IntStream indexes = IntStream.range(0, decoded.length);
        (decoded.length >= PARALLEL_DECODE_FROM ? indexes.parallel() : indexes).forEach(i -> {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            try {
                decoded[i] = new Decoding(record, decode(record), null);
            } catch (MalformedEventException e) {
                decoded[i] = new Decoding(record, null, e);
            }
        });
        return Arrays.asList(decoded);
    }

    private Decoded decodedOrDeadLettered(Decoding decoding) {
        ConsumerRecord<byte[], byte[]> record = decoding.record();
        if (decoding.error() == null) {
            return new Decoded(record, new ConsumedEvent(record.topic(), record.partition(), record.offset(), decoding.envelope()));
        }
        deadLetters.send(consumerName, record, decoding.error().getMessage());
        deadLettered.increment();
        return new Decoded(record, null);
    }

    private void applyWithRetries(List<Decoded> batch) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= batchAttempts; attempt++) {
            try {
                apply(batch);
                return;
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("%s: batch of %d failed (attempt %d of %d): %s", consumerName, batch.size(), attempt, batchAttempts, e);
                Sleep.quietly(Duration.ofMillis(200L * attempt));
            }
        }
        if (batch.size() == 1) {
            deadLetterPoison(batch.get(0), last);
            return;
        }
        for (Decoded one : batch) {
            applyWithRetries(List.of(one));
        }
    }

    /** Applies the batch's events and stores its positions in one transaction. */
    private void apply(List<Decoded> batch) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        List<ConsumedEvent> valid = new ArrayList<>(batch.size());
        for (Decoded decoded : batch) {
            next.put(decoded.partition(), decoded.record().offset() + 1);
            if (decoded.event() != null) {
                valid.add(decoded.event());
            }
        }
        QuarkusTransaction.requiringNew().timeout(120).run(() -> {
            for (Map.Entry<TopicPartition, Long> position : next.entrySet()) {
                advance(position.getKey(), position.getValue());
            }
            boolean byContent = handler.deduplicatesByContent();
            List<ConsumedEvent> fresh = byContent ? valid : deduplicate(valid);
            if (!fresh.isEmpty()) {
                TraceContext.withBatch(traceparents(batch), () -> handler.handle(fresh));
            }
            if (!byContent) {
                positions.markProcessed(consumerName, fresh.stream().map(e -> e.envelope().eventId()).toList());
            }
            applied.increment(fresh.size());
            duplicates.increment(valid.size() - fresh.size());
        });
        stored(next);
    }

    /** The traceparent header of each event in the batch, so derived events continue its trace. */
    private static Map<UUID, String> traceparents(List<Decoded> batch) {
        Map<UUID, String> traceparents = new HashMap<>();
        for (Decoded decoded : batch) {
            Header header = decoded.record().headers().lastHeader(TraceContext.HEADER);
            if (decoded.event() != null && header != null) {
                String value = new String(header.value(), StandardCharsets.UTF_8);
                if (TraceContext.isValid(value)) {
                    traceparents.put(decoded.event().envelope().eventId(), value);
                }
            }
        }
        return traceparents;
    }

    private void advance(TopicPartition tp, long nextOffset) {
        Owned partition = owned.get(tp);
        if (partition == null) {
            throw new FencedException(consumerName + " does not own " + tp);
        }
        positions.advance(consumerName, tp.topic(), tp.partition(), partition.storedOffset(), nextOffset, partition.epoch());
    }

    /** After a commit: the positions it stored are what the next batch expects to find. */
    private void stored(Map<TopicPartition, Long> next) {
        next.forEach((tp, offset) -> owned.computeIfPresent(tp, (k, partition) -> new Owned(partition.epoch(), offset)));
    }

    private List<ConsumedEvent> deduplicate(List<ConsumedEvent> events) {
        Set<UUID> seen = positions.alreadyProcessed(consumerName, events.stream().map(e -> e.envelope().eventId()).toList());
        List<ConsumedEvent> fresh = new ArrayList<>(events.size());
        for (ConsumedEvent event : events) {
            if (seen.add(event.envelope().eventId())) {
                fresh.add(event);
            }
        }
        return fresh;
    }

    private static EventEnvelope decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new MalformedEventException("record has no value");
        }
        EventEnvelope envelope = EventCodec.decode(record.value());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!envelope.key().equals(key)) {
            throw new MalformedEventException("record key '" + key + "' does not match the event's subscription id " + envelope.key());
        }
        return envelope;
    }

    private void deadLetterPoison(Decoded poison, RuntimeException cause) {
        ConsumerRecord<byte[], byte[]> record = poison.record();
        positions.ping(); // a database outage is not a poison record: fail here and retry the batch later
        deadLetters.send(consumerName, record, "handler failed " + batchAttempts + " times: " + cause);
        deadLettered.increment();
        QuarkusTransaction.requiringNew().run(() -> advance(poison.partition(), record.offset() + 1));
        stored(Map.of(poison.partition(), record.offset() + 1));
    }

    private void commitToKafkaForMonitoring(KafkaConsumer<byte[], byte[]> kafka, List<Decoded> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Decoded decoded : batch) {
            offsets.put(decoded.partition(), new OffsetAndMetadata(decoded.record().offset() + 1));
        }
        kafka.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.debugf("%s: lag-monitoring commit failed: %s", consumerName, error);
            }
        });
    }

    private void reseekOwned(KafkaConsumer<byte[], byte[]> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        owned.keySet().retainAll(assigned);
        claimAndSeek(kafka, assigned);
    }

    private void claimAndSeek(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PositionStore.Claim claim = QuarkusTransaction.requiringNew().call(() -> positions.claim(consumerName, tp.topic(), tp.partition()));
            owned.put(tp, new Owned(claim.epoch(), claim.nextOffset()));
            if (claim.hasPosition()) {
                kafka.seek(tp, claim.nextOffset());
            } else {
                kafka.seekToBeginning(List.of(tp));
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> kafka;

        Rebalance(KafkaConsumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            claimAndSeek(kafka, partitions);
            if (!partitions.isEmpty()) {
                LOG.infof("%s owns %s", consumerName, partitions);
                handler.onAssigned(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(owned::remove);
            if (!partitions.isEmpty()) {
                handler.onRevoked(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

}
