package io.opencredit.runtime.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opencredit.events.CurrencyMismatchException;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.MalformedEventException;
import io.opencredit.events.UnknownEventTypeException;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consistency.Frontier;
import io.opencredit.runtime.consistency.FrontierStore;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.trace.KafkaTracing;
import io.opencredit.runtime.trace.TraceContext;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * One Kafka consumer for one {@link EventHandler}, run as a loop of the {@link Supervisor}. Per poll: malformed
 * records go to the {@code .dlq}; the valid ones are deduplicated by event id and handed to the handler in one
 * transaction that also stores the processed ids and the next positions, fenced by the epoch of this instance's
 * claim on each partition.
 *
 * <p>A batch that keeps failing is applied partition by partition, then record by record (SPEC O8). A record the
 * handler refuses by a rule ({@link #neverApplicable}) is dead-lettered and passed. Any other failure may pass (the
 * database away, a lock timeout): that partition is sought back to the record, paused and tried again after an
 * exponential backoff, for as long as the failure lasts, while the other partitions go on and polling keeps the
 * consumer in its group.
 */
public final class ConsumerLoop implements SupervisedLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final EventHandler handler;
    private final String consumerName;
    private final KafkaClients kafkaClients;
    private final Map<String, Object> settings;
    private final PositionStore positions;
    private final FrontierStore frontiers;
    private final DeadLetters deadLetters;
    private final KafkaTracing tracing;
    private final int batchAttempts;
    private final MeterRegistry registry;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLettered;
    /** The partitions this loop owns: the epoch of its claim and the position it last stored (claimed or committed). */
    private final Map<TopicPartition, Owned> owned = new ConcurrentHashMap<>();

    /** Partitions paused after a failure that may pass: how often in a row it failed and when to try again. */
    private final Map<TopicPartition, Retry> retrying = new HashMap<>();
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Counter retries;

    private record Owned(long epoch, long storedOffset) {
    }

    private record Retry(int attempts, long resumeAtNanos) {
    }

    private volatile KafkaConsumer<byte[], byte[]> consumer;

    ConsumerLoop(EventHandler handler, String consumerName, KafkaClients kafkaClients, Map<String, Object> settings,
                 PositionStore positions, FrontierStore frontiers, DeadLetters deadLetters, KafkaTracing tracing,
                 int batchAttempts, MeterRegistry registry, Duration initialBackoff, Duration maxBackoff) {
        this.handler = handler;
        this.consumerName = consumerName;
        this.kafkaClients = kafkaClients;
        this.settings = settings;
        this.positions = positions;
        this.frontiers = frontiers;
        this.deadLetters = deadLetters;
        this.tracing = tracing;
        this.batchAttempts = batchAttempts;
        this.registry = registry;
        this.applied = Counter.builder("opencredit.events.applied").tag("consumer", consumerName).register(registry);
        this.duplicates = Counter.builder("opencredit.events.duplicates").tag("consumer", consumerName).register(registry);
        this.deadLettered = Counter.builder("opencredit.events.dead-lettered").tag("consumer", consumerName).register(registry);
        this.retries = Counter.builder("opencredit.events.retries").tag("consumer", consumerName)
                .description("a partition paused after a failure that may pass, to be tried again").register(registry);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
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

    @Override
    public void wakeup() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** One life: a fresh Kafka consumer, polled until the loop stops; whatever fails ends it for the supervisor. */
    @Override
    public void run(Loop loop) {
        try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(settings);
             KafkaClientMetrics metrics = new KafkaClientMetrics(kafka)) {
            metrics.bindTo(registry);
            consumer = kafka;
            kafka.subscribe(handler.topics(), new Rebalance(kafka));
            while (loop.running()) {
                loop.beat();
                resumeDue(kafka);
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    process(loop, kafka, records);
                }
            }
        } catch (WakeupException e) {
            if (loop.running()) {
                throw e;
            }
        } finally {
            consumer = null;
            owned.clear();
            retrying.clear();
        }
    }

    private void process(Loop loop, KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        List<Decoded> batch = new ArrayList<>(polled.size());
        try {
            for (Decoding decoding : decodeAll(polled)) {
                batch.add(decodedOrDeadLettered(decoding));
            }
            applyBatch(loop, kafka, batch);
        } catch (FencedException e) {
            LOG.warnf("%s: %s; re-reading positions", consumerName, e.getMessage());
            reseekOwned(kafka);
        } catch (RuntimeException e) {
            // e.g. dead-lettering a malformed record failed (the broker away): each partition of the poll is read
            // again from its stored position, later
            Map<TopicPartition, Long> first = new LinkedHashMap<>();
            polled.forEach(record -> first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset()));
            first.forEach((tp, offset) -> {
                Owned partition = owned.get(tp);
                retryLater(kafka, tp, partition != null && partition.storedOffset() >= 0 ? partition.storedOffset() : offset, e);
            });
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

    /**
     * SPEC F6: counts a well-formed event of a type {@code consumer} does not know, which it skips, in
     * {@code opencredit.events.unknown-type{consumer,type}}: every consumer of the suite's topics does (the clock follower too).
     */
    public static void countUnknownType(MeterRegistry registry, String consumer, UnknownEventTypeException unknown) {
        Counter.builder("opencredit.events.unknown-type")
                .description("well-formed events of a type this consumer does not know, skipped")
                .tag("consumer", consumer).tag("type", unknown.type()).register(registry).increment();
    }

    private Decoded decodedOrDeadLettered(Decoding decoding) {
        ConsumerRecord<byte[], byte[]> record = decoding.record();
        if (decoding.error() == null) {
            return new Decoded(record, new ConsumedEvent(record.topic(), record.partition(), record.offset(), decoding.envelope()));
        }
        if (decoding.error() instanceof UnknownEventTypeException unknown) {
            // SPEC F6: a newer producer's type is skipped (its position advances with the batch) and counted
            countUnknownType(registry, consumerName, unknown);
            LOG.debugf("%s: %s-%d@%d skipped: %s", consumerName, record.topic(), record.partition(), record.offset(), unknown.getMessage());
            return new Decoded(record, null);
        }
        deadLetters.send(consumerName, record, decoding.error().getMessage());
        deadLettered.increment();
        return new Decoded(record, null);
    }

    /**
     * Applies a poll: whole (a short blip is retried as such), else partition by partition, each up to the record
     * that fails. Partitions that succeed commit; one that fails is dead-lettered or retried later as the failure says.
     */
    private void applyBatch(Loop loop, KafkaConsumer<byte[], byte[]> kafka, List<Decoded> batch) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= batchAttempts; attempt++) {
            try {
                apply(batch);
                succeeded(kafka, batch);
                return;
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("%s: batch of %d failed (attempt %d of %d): %s", consumerName, batch.size(), attempt, batchAttempts, e);
                if (neverApplicable(e)) {
                    break;
                }
                loop.beat();
                loop.pause(Duration.ofMillis(200L * attempt));
            }
        }
        Map<TopicPartition, List<Decoded>> slices = byPartition(batch);
        if (last != null && !neverApplicable(last) && !databaseAnswers()) {
            // the database is away: every partition of the batch waits, none is tried record by record
            for (Map.Entry<TopicPartition, List<Decoded>> slice : slices.entrySet()) {
                retryLater(kafka, slice.getKey(), slice.getValue().get(0).record().offset(), last);
            }
            return;
        }
        for (Map.Entry<TopicPartition, List<Decoded>> slice : slices.entrySet()) {
            loop.beat();
            applyPartition(loop, kafka, slice.getKey(), slice.getValue());
        }
    }

    private void applyPartition(Loop loop, KafkaConsumer<byte[], byte[]> kafka, TopicPartition tp, List<Decoded> slice) {
        if (slice.size() > 1) {
            try {
                apply(slice);
                succeeded(kafka, slice);
                return;
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.debugf("%s: %d records of %s failed together; one by one now: %s", consumerName, slice.size(), tp, e);
            }
        }
        for (Decoded one : slice) {
            loop.beat();
            try {
                apply(List.of(one));
                succeeded(kafka, List.of(one));
            } catch (FencedException e) {
                throw e;
            } catch (RuntimeException e) {
                RuntimeException failure = e;
                if (neverApplicable(e)) {
                    try {
                        deadLetterUnapplicable(one, e);
                        continue;
                    } catch (FencedException fenced) {
                        throw fenced;
                    } catch (RuntimeException dlqFailed) {
                        failure = dlqFailed;
                    }
                }
                retryLater(kafka, tp, one.record().offset(), failure);
                return;
            }
        }
    }

    /**
     * Whether a handler's failure says the event can never be applied (SPEC O8): it refused it by a rule
     * ({@link UnapplicableEventException}), its payload does not read ({@link MalformedEventException}), or its amounts
     * are in another currency than the state they apply to ({@link CurrencyMismatchException}). Everything else,
     * a bug included, may pass and is retried: losing an event to the {@code .dlq} is worse than a partition that
     * waits, visibly, in {@code opencredit.events.retries} and the consumer lag.
     */
    public static boolean neverApplicable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnapplicableEventException || cause instanceof MalformedEventException
                    || cause instanceof CurrencyMismatchException) {
                return true;
            }
        }
        return false;
    }

    private boolean databaseAnswers() {
        try {
            positions.ping();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<TopicPartition, List<Decoded>> byPartition(List<Decoded> batch) {
        Map<TopicPartition, List<Decoded>> slices = new LinkedHashMap<>();
        for (Decoded decoded : batch) {
            slices.computeIfAbsent(decoded.partition(), k -> new ArrayList<>()).add(decoded);
        }
        return slices;
    }

    /** A partition that failed in a way that may pass: back to the record, paused until its backoff is over. */
    private void retryLater(KafkaConsumer<byte[], byte[]> kafka, TopicPartition tp, long offset, RuntimeException cause) {
        Retry previous = retrying.get(tp);
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        Duration pause = Supervisor.backoff(attempts, initialBackoff, maxBackoff);
        retrying.put(tp, new Retry(attempts, System.nanoTime() + pause.toNanos()));
        retries.increment();
        if (kafka.assignment().contains(tp)) {
            kafka.seek(tp, offset);
            kafka.pause(List.of(tp));
        }
        LOG.warnf("%s: %s@%d failed (attempt %d in a row) and may pass; trying again in %d ms, not dead-lettered: %s",
                consumerName, tp, offset, attempts, pause.toMillis(), cause);
    }

    private void resumeDue(KafkaConsumer<byte[], byte[]> kafka) {
        if (retrying.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<TopicPartition> due = new ArrayList<>();
        for (TopicPartition tp : kafka.paused()) {
            Retry retry = retrying.get(tp);
            if (retry == null || now - retry.resumeAtNanos() >= 0) {
                due.add(tp);
            }
        }
        if (!due.isEmpty()) {
            kafka.resume(due);
        }
    }

    private void succeeded(KafkaConsumer<byte[], byte[]> kafka, List<Decoded> applied) {
        for (Decoded decoded : applied) {
            Retry retry = retrying.remove(decoded.partition());
            if (retry != null) {
                LOG.infof("%s: %s applied again after %d failed attempts", consumerName, decoded.partition(), retry.attempts());
            }
        }
        commitToKafkaForMonitoring(kafka, applied);
    }

    /**
     * Applies the batch's events and stores its positions in one transaction, with the consistency frontiers the
     * events carried (SPEC R2): the handler's own writes carry them on, and the service's frontier rises to them.
     */
    private void apply(List<Decoded> batch) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        List<ConsumedEvent> valid = new ArrayList<>(batch.size());
        for (Decoded decoded : batch) {
            next.put(decoded.partition(), decoded.record().offset() + 1);
            if (decoded.event() != null) {
                valid.add(decoded.event());
            }
        }
        Map<UUID, Frontier> seen = frontiers(batch);
        QuarkusTransaction.requiringNew().timeout(120).run(() -> {
            for (Map.Entry<TopicPartition, Long> position : next.entrySet()) {
                advance(position.getKey(), position.getValue());
            }
            boolean byContent = handler.deduplicatesByContent();
            List<ConsumedEvent> fresh = byContent ? valid : deduplicate(valid);
            if (!fresh.isEmpty()) {
                frontiers.whileApplying(seen, () -> tracing.process(consumerName, fresh, traceparents(batch), () -> handler.handle(fresh)));
            }
            if (!byContent) {
                positions.markProcessed(consumerName, fresh.stream().map(e -> e.envelope().eventId()).toList());
            }
            // after the handler: its own rows of a subscription are locked before the frontier's, as in a request
            frontiers.merge(seen);
            applied.increment(fresh.size());
            duplicates.increment(valid.size() - fresh.size());
        });
        stored(next);
        frontiers.changed();
    }

    /**
     * The largest frontier per subscription among the batch's events (repeats included: what they carried was
     * applied before). A header that does not read is left out: it can only make a read wait, never answer early.
     */
    private Map<UUID, Frontier> frontiers(List<Decoded> batch) {
        Map<UUID, Frontier> seen = new HashMap<>();
        for (Decoded decoded : batch) {
            Header header = decoded.record().headers().lastHeader(OutboxRelay.FRONTIER_HEADER);
            if (decoded.event() == null || header == null || decoded.event().envelope().subscriptionId() == null) {
                continue;
            }
            try {
                Frontier frontier = Frontier.parse(new String(header.value(), StandardCharsets.UTF_8));
                seen.merge(decoded.event().envelope().subscriptionId(), frontier, Frontier::merge);
            } catch (IllegalArgumentException e) {
                LOG.debugf("%s: %s ignored: %s", consumerName, OutboxRelay.FRONTIER_HEADER, e.getMessage());
            }
        }
        return seen;
    }

    /** The traceparent header of each event in the batch: the parent of its CONSUMER span. */
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

    private void deadLetterUnapplicable(Decoded refused, RuntimeException cause) {
        ConsumerRecord<byte[], byte[]> record = refused.record();
        deadLetters.send(consumerName, record, "can never be applied: " + cause);
        deadLettered.increment();
        QuarkusTransaction.requiringNew().run(() -> advance(refused.partition(), record.offset() + 1));
        stored(Map.of(refused.partition(), record.offset() + 1));
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
            partitions.forEach(retrying::remove);
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
