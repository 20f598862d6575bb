package io.opencredit.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.ledger.messaging.LedgerEventHandler;
import io.opencredit.ledger.persistence.EventStore;
import io.opencredit.ledger.persistence.ProjectionVerifier;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.ConsumerLoop;
import io.opencredit.runtime.consumer.PositionStore;
import io.opencredit.runtime.jdbc.BinaryCopy;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.testkit.CpuMeter;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fold rate against raw consume rate, same topic, same machine, one run (see the README):
 * {@code ./mvnw -o -pl ledger-service test -Dtest=LedgerBenchmark -Dledger.bench=true -Dopencredit.testkit.durable=true}
 * with {@code -Dledger.bench.events=1000000 -Dledger.bench.subscriptions=1000 -Dledger.bench.tokens=10
 * -Dledger.bench.partitions=3 -Dledger.bench.warmup=200000} (the defaults). First folds a warm-up topic over
 * subscriptions of its own (not measured), so that the JIT has compiled the fold. Fills a topic with UsageRecorded events, reads it once with a plain
 * KafkaConsumer (raw rate), then folds it as the service does: its consumer loops
 * (opencredit.consumer.concurrency) over their share of the partitions, batches of opencredit.consumer.max-poll-records,
 * each folded by the ledger's handler and committed in one transaction with its positions (fold rate). Prints both
 * rates, the ratio and the CPU per event, then the PostgreSQL ceiling and the rebuild rate: every stream refolded from
 * the store and compared with the live projections (they must be equal).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger_bench")})
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class LedgerBenchmark {

    private static final int EVENTS = Integer.getInteger("ledger.bench.events", 1_000_000);
    private static final int SUBSCRIPTIONS = Integer.getInteger("ledger.bench.subscriptions", 1_000);
    private static final int TOKENS = Integer.getInteger("ledger.bench.tokens", 10);
    /** As the suite's topics (docker-compose, local suite). */
    private static final int PARTITIONS = Integer.getInteger("ledger.bench.partitions", 3);
    /**
     * Events folded first, on a topic and subscriptions of their own, so that the measured run meets compiled
     * code as a running service does (the JIT compiled the fold for seconds of a cold run); a fifth of the events
     * unless -Dledger.bench.warmup says otherwise, 0 for a cold run.
     */
    private static final int WARMUP = Integer.getInteger("ledger.bench.warmup", EVENTS / 5);

    @Inject
    LedgerEventHandler handler;

    @Inject
    PositionStore positions;

    @Inject
    SuiteClock clock;

    @Inject
    ProjectionVerifier verifier;

    @Inject
    EventStore store;

    @Inject
    RuntimeConfig config;

    @Inject
    KafkaClients kafkaClients;

    /** The service's poll batch (opencredit.consumer.max-poll-records), unless -Dledger.bench.batch says otherwise. */
    private int batch() {
        return Integer.getInteger("ledger.bench.batch", config.consumer().maxPollRecords());
    }

    @Test
    void fold_rate_against_raw_consume_rate() throws Exception {
        Instant now = clock.now();
        if (WARMUP > 0) {
            String warmup = topicOf(WARMUP, newSubscriptions(now), now);
            long rawStart = System.nanoTime();
            long raw = consumeRaw(warmup, WARMUP);
            double rawSeconds = seconds(rawStart);
            long foldStart = System.nanoTime();
            long folded = fold(warmup);
            System.out.printf("warm-up (not measured): %,d events on subscriptions of their own; raw %,.0f events/s, fold %,.0f events/s%n",
                    folded, raw / rawSeconds, folded / seconds(foldStart));
            foldThreadSeconds.reset();
        }
        List<UUID> subscriptions = newSubscriptions(now);
        String topic = topicOf(EVENTS, subscriptions, now);

        long rawStart = System.nanoTime();
        long raw = consumeRaw(topic, EVENTS);
        double rawSeconds = seconds(rawStart);

        Ceiling before = rowsSoFar();
        CpuMeter cpu = new CpuMeter(backendPid());
        Map<String, Double> threadsBefore = CpuMeter.threadSecondsByRole(ROLES, "other");
        double jvmBefore = CpuMeter.jvmSeconds();
        double postgresBefore = cpu.postgresSeconds();
        long foldStart = System.nanoTime();
        long folded = fold(topic);
        double foldSeconds = seconds(foldStart);
        double jvm = CpuMeter.jvmSeconds() - jvmBefore;
        double postgres = cpu.postgresSeconds() - postgresBefore;
        Map<String, Double> threads = CpuMeter.threadSecondsByRole(ROLES, "other");
        threads.replaceAll((role, seconds) -> seconds - threadsBefore.getOrDefault(role, 0.0));
        threads.put("fold", foldThreadSeconds.sum()); // the fold loops have ended: each added its own
        double javaThreads = threads.values().stream().mapToDouble(Double::doubleValue).sum();

        double rawRate = raw / rawSeconds;
        double foldRate = folded / foldSeconds;
        System.out.printf("%nLEDGER BENCHMARK: %,d events, %,d subscriptions, %,d tokens, %d partitions, %d consumer loops, batches of %d, "
                + "PostgreSQL fsync %s, after a warm-up of %,d events%n", EVENTS, SUBSCRIPTIONS, SUBSCRIPTIONS * TOKENS, PARTITIONS, concurrency(),
                batch(), fsync(), WARMUP);
        System.out.printf("  raw consume rate: %,.0f events/s (%,d in %.2f s)%n", rawRate, raw, rawSeconds);
        System.out.printf("  fold rate:        %,.0f events/s (%,d in %.2f s, committed)%n", foldRate, folded, foldSeconds);
        System.out.printf("  ratio fold/raw:   %.3f%n", foldRate / rawRate);
        System.out.printf("  CPU per event:    %.1f µs = JVM %.1f (fold loops %.1f, decoding %.1f, broker %.1f, other threads %.1f, "
                        + "GC/JIT %.1f) + PostgreSQL %.1f; %.2f of %d cores busy (%s)%n",
                1e6 * (jvm + postgres) / folded, 1e6 * jvm / folded, 1e6 * threads.get("fold") / folded,
                1e6 * threads.get("decoding") / folded, 1e6 * threads.get("broker") / folded, 1e6 * threads.get("other") / folded,
                1e6 * (jvm - javaThreads) / folded, 1e6 * postgres / folded, (jvm + postgres) / foldSeconds,
                Runtime.getRuntime().availableProcessors(), CpuMeter.jvmFlags());
        Ceiling ceiling = ceiling(folded, before);
        System.out.printf("  PostgreSQL ceiling: %,.0f events/s (the fold's %,d commit (%,d MB, %,d facts), %,d usage-id, %,d outbox (%,d MB) "
                        + "and %,d processed-id rows copied in %d transactions, no logic: %.2f s); fold at %.0f%% of it%n",
                folded / ceiling.seconds(), ceiling.commits(), ceiling.commitBytes() >> 20, ceiling.facts(), ceiling.usages(), ceiling.outbox(),
                ceiling.outboxBytes() >> 20, ceiling.processed(), ceiling.transactions(), ceiling.seconds(),
                100 * foldRate / (folded / ceiling.seconds()));
        // rebuild: every stream read back from the store and refolded, compared with the live projections
        long rebuildStart = System.nanoTime();
        var report = verifier.verify(subscriptions);
        double rebuildSeconds = seconds(rebuildStart);
        System.out.printf("  rebuild rate:     %,.0f facts/s (%,d facts of %,d streams refolded from the store in %.2f s, consistent=%s)%n%n",
                report.factsReplayed() / rebuildSeconds, report.factsReplayed(), report.subscriptionsChecked(), rebuildSeconds,
                report.consistent());
        assertThat(report.differences()).isEmpty();
    }

    /** {@link #SUBSCRIPTIONS} new subscriptions, created with their tokens. */
    private List<UUID> newSubscriptions(Instant now) {
        List<UUID> subscriptions = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            subscriptions.add(UUID.randomUUID());
        }
        seed(subscriptions, now);
        return subscriptions;
    }

    /** A new topic of {@code events} UsageRecorded events over these subscriptions. */
    private String topicOf(int events, List<UUID> subscriptions, Instant now) throws Exception {
        String topic = "bench.usage-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestSupport.createTopic(topic, PARTITIONS);
        long fillStart = System.nanoTime();
        fill(topic, events, subscriptions, now);
        System.out.printf("filled %s with %,d UsageRecorded events in %.1f s%n", topic, events, seconds(fillStart));
        return topic;
    }

    private void seed(List<UUID> subscriptions, Instant now) {
        List<ConsumedEvent> setup = new ArrayList<>();
        long offset = 0;
        for (UUID id : subscriptions) {
            setup.add(new ConsumedEvent("seed", 0, offset++, EventEnvelope.of(id, new SubscriptionCreated("bench", "NO", "public",
                    "USD", "bench@example.com", LocalDate.of(2020, 1, 1), "en", "bench@example.com", now), Producers.ACTIVATION, null, now)));
            for (int t = 0; t < TOKENS; t++) {
                Instant activated = now.minus(Duration.ofDays(TOKENS - t));
                setup.add(new ConsumedEvent("seed", 0, offset++, EventEnvelope.of(id, new CreditAdded(UUID.randomUUID(),
                        CreditSource.OSA_KEY, Money.of("100000", "USD"), activated, activated.plus(Duration.ofDays(365)),
                        "BENCH-" + t, "r", null), Producers.ACTIVATION, null, now)));
            }
            if (setup.size() >= 2000) {
                List<ConsumedEvent> batch = List.copyOf(setup);
                QuarkusTransaction.requiringNew().run(() -> handler.handle(batch));
                setup.clear();
            }
        }
        List<ConsumedEvent> rest = List.copyOf(setup);
        QuarkusTransaction.requiringNew().run(() -> handler.handle(rest));
    }

    private void fill(String topic, int events, List<UUID> subscriptions, Instant now) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Money price = Money.of("0.01", "USD");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < events; i++) {
                UUID id = subscriptions.get(i % subscriptions.size());
                EventEnvelope event = EventEnvelope.of(id, new UsageRecorded(topic + "-" + i, "vm-d2", "Virtual Machines",
                        BigDecimal.ONE, "hour", price, price, true, now), Producers.BILLING, null, now);
                producer.send(new ProducerRecord<>(topic, id.toString().getBytes(StandardCharsets.UTF_8), EventCodec.encode(event)));
            }
            producer.flush();
        }
    }

    /** The loops' own consumer settings (ConsumerLoop) in a group of the benchmark's own, built as the service builds them. */
    private Map<String, Object> settings() {
        return ConsumerLoop.consumerSettings("bench-" + UUID.randomUUID(), "bench", batch(), config.consumer());
    }

    /** A consumer with the service's settings (ConsumerLoop), assigned every partition of the topic from its start. */
    private KafkaConsumer<byte[], byte[]> consumer(String topic, List<TopicPartition> out) {
        KafkaConsumer<byte[], byte[]> consumer = kafkaClients.consumer(settings());
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            out.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(out);
        consumer.seekToBeginning(out);
        return consumer;
    }

    private long consumeRaw(String topic, int events) {
        List<TopicPartition> partitions = new ArrayList<>();
        long count = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic, partitions)) {
            while (count < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    bytes += record.value().length;
                }
            }
        }
        return bytes > 0 ? count : 0;
    }

    /** Thread roles of the CPU split besides the fold loops (which measure themselves): the parallel decoding of a poll. */
    private static final Map<String, Pattern> ROLES = Map.of("decoding", Pattern.compile("ForkJoinPool\\.commonPool-worker-\\d+"));

    private long backendPid() throws SQLException {
        try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The service's consumer loops per handler (opencredit.consumer.concurrency), unless -Dledger.bench.concurrency says otherwise. */
    private int concurrency() {
        return Integer.getInteger("ledger.bench.concurrency", config.consumer().concurrency());
    }

    /**
     * Folds the topic as the service does: {@link #concurrency()} loops, each with its own consumer and
     * transactions, the topic's partitions dealt out among them (as the group would assign them).
     */
    private long fold(String topic) throws Exception {
        List<TopicPartition> all = new ArrayList<>();
        consumer(topic, all).close();
        int loops = Math.min(concurrency(), all.size());
        List<List<TopicPartition>> shares = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            shares.get(i * loops / all.size()).add(all.get(i)); // in ranges, as the group's range assignor deals them
        }
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(loops, task -> new Thread(task, "bench-fold-" + threadCount.incrementAndGet()));
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (List<TopicPartition> share : shares) {
                results.add(pool.submit(() -> foldPartitions(topic, share)));
            }
            long count = 0;
            for (Future<Long> result : results) {
                count += result.get();
            }
            return count;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** CPU seconds of the fold loops, each adding its own when it ends. */
    private final DoubleAdder foldThreadSeconds = new DoubleAdder();

    /** One consumer loop over these partitions until it has read them to their end offsets. */
    private long foldPartitions(String topic, List<TopicPartition> partitions) {
        try {
            return foldLoop(topic, partitions);
        } finally {
            foldThreadSeconds.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9);
        }
    }

    private long foldLoop(String topic, List<TopicPartition> partitions) {
        String consumerName = "ledger-bench-" + topic;
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafkaClients.<byte[], byte[]>consumer(settings())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            long total = endOffsets.values().stream().mapToLong(Long::longValue).sum();
            Map<TopicPartition, Long> epochs = new HashMap<>();
            Map<TopicPartition, Long> stored = new HashMap<>();
            for (TopicPartition tp : partitions) {
                PositionStore.Claim claim = QuarkusTransaction.requiringNew().call(() -> positions.claim(consumerName, tp.topic(), tp.partition()));
                epochs.put(tp, claim.epoch());
                stored.put(tp, claim.nextOffset());
            }
            while (count < total) {
                List<ConsumedEvent> batch = new ArrayList<>(batch());
                Map<TopicPartition, Long> next = new HashMap<>();
                List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(polled::add);
                for (ConsumerLoop.Decoding decoded : ConsumerLoop.decodeAll(polled)) { // as the service's consumer decodes
                    ConsumerRecord<byte[], byte[]> record = decoded.record();
                    batch.add(new ConsumedEvent(record.topic(), record.partition(), record.offset(), decoded.envelope()));
                    next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                // as ConsumerLoop does: positions, processed ids unless the handler deduplicates by content, the fold
                QuarkusTransaction.requiringNew().run(() -> {
                    next.forEach((tp, offset) -> positions.advance(consumerName, tp.topic(), tp.partition(), stored.get(tp), offset,
                            epochs.get(tp)));
                    List<UUID> ids = batch.stream().map(e -> e.envelope().eventId()).toList();
                    if (!handler.deduplicatesByContent()) {
                        positions.alreadyProcessed(consumerName, ids);
                    }
                    handler.handle(batch);
                    if (!handler.deduplicatesByContent()) {
                        positions.markProcessed(consumerName, ids);
                    }
                });
                stored.putAll(next);
                count += batch.size();
            }
        }
        return count;
    }

    record Ceiling(long commits, long commitBytes, long facts, long usages, long outbox, long outboxBytes, long processed,
                   int transactions, double seconds) {

        Ceiling minus(Ceiling before) {
            return new Ceiling(commits - before.commits, commitBytes - before.commitBytes, facts - before.facts, usages - before.usages,
                    outbox - before.outbox, outboxBytes - before.outboxBytes, 0, 0, 0);
        }
    }

    /**
     * What PostgreSQL alone takes to append the rows the fold appended (event-store commits, usage ids, outbox,
     * processed ids: same counts, same sizes, same indexes, one transaction per poll batch, binary COPY), without
     * any Kafka, decoding or folding: the ceiling the fold rate is bounded by.
     */
    private Ceiling ceiling(long events, Ceiling before) throws Exception {
        Ceiling folded = rowsSoFar().minus(before);
        try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_commit (LIKE ledger_commit INCLUDING ALL)");
            statement.execute("ALTER TABLE bench_commit ALTER COLUMN facts SET STORAGE EXTERNAL");
            statement.execute("ALTER TABLE bench_commit SET (toast_tuple_target = 8160)");
            statement.execute("CREATE TABLE bench_usage (LIKE ledger_usage INCLUDING ALL)");
            statement.execute("CREATE TABLE bench_outbox (LIKE oc_outbox INCLUDING ALL)");
            statement.execute("CREATE TABLE bench_processed (LIKE oc_processed_event INCLUDING ALL)");
        }
        // rows of the fold's average sizes, of bytes that do not compress (the fold's are compressed already)
        Random random = new Random(1);
        byte[] commit = new byte[(int) (folded.commitBytes() / Math.max(1, folded.commits()))];
        byte[] envelope = new byte[(int) (folded.outboxBytes() / Math.max(1, folded.outbox()))];
        random.nextBytes(commit);
        random.nextBytes(envelope);
        int transactions = (int) ((events + batch() - 1) / batch());
        long processedIds = handler.deduplicatesByContent() ? 0 : events;
        List<UUID> streams = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            streams.add(UUID.randomUUID());
        }
        long start = System.nanoTime();
        for (int t = 0; t < transactions; t++) {
            long commits = share(folded.commits(), t, transactions);
            long usages = share(folded.usages(), t, transactions);
            long outbox = share(folded.outbox(), t, transactions);
            long processed = share(processedIds, t, transactions);
            long first = t;
            QuarkusTransaction.requiringNew().run(() -> copyCeilingBatch(streams, first, commits, usages, outbox, processed,
                    commit, envelope));
        }
        return new Ceiling(folded.commits(), folded.commitBytes(), folded.facts(), folded.usages(), folded.outbox(),
                folded.outboxBytes(), processedIds, transactions, seconds(start));
    }

    private Ceiling rowsSoFar() throws SQLException {
        try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement()) {
            return new Ceiling(count(statement, "SELECT count(*) FROM ledger_commit"),
                    count(statement, "SELECT coalesce(sum(length(facts)), 0) FROM ledger_commit"),
                    count(statement, "SELECT coalesce(sum(last_version - first_version + 1), 0) FROM ledger_commit"),
                    count(statement, "SELECT count(*) FROM ledger_usage"), count(statement, "SELECT count(*) FROM oc_outbox"),
                    count(statement, "SELECT coalesce(sum(length(payload)), 0) FROM oc_outbox"), 0, 0, 0);
        }
    }

    private static long share(long total, int index, int parts) {
        return total * (index + 1) / parts - total * index / parts;
    }

    /** One poll batch's rows: commits spread over the streams (versions grow per batch), usage ids, outbox, processed ids. */
    private void copyCeilingBatch(List<UUID> streams, long batchNumber, long commits, long usages, long outbox, long processed,
                                  byte[] commit, byte[] envelope) {
        try (var connection = store.dataSource().getConnection()) {
            try (var copy = BinaryCopy.start(connection, "COPY bench_commit (subscription_id, first_version, last_version, first_at, "
                    + "last_at, facts, recorded_at) FROM STDIN (FORMAT binary)")) {
                Instant at = Instant.now();
                for (long i = 0; i < commits; i++) {
                    copy.row(7).uuid(streams.get((int) (i % streams.size()))).int8(1 + batchNumber * 1_000_000 + i).int8(1 + batchNumber * 1_000_000 + i)
                            .timestamptz(at).timestamptz(at).bytes(commit).timestamptz(at);
                }
                copy.finish();
            }
            try (var copy = BinaryCopy.start(connection, "COPY bench_usage (subscription_id, usage_id) FROM STDIN (FORMAT binary)")) {
                for (long i = 0; i < usages; i++) {
                    copy.row(2).uuid(streams.get((int) (i % streams.size()))).text(UUID.randomUUID().toString());
                }
                copy.finish();
            }
            try (var copy = BinaryCopy.start(connection,
                    "COPY bench_outbox (event_id, topic, record_key, event_type, payload) FROM STDIN (FORMAT binary)")) {
                for (long i = 0; i < outbox; i++) {
                    copy.row(5).uuid(UUID.randomUUID()).text("ledger.events").text(streams.get(0).toString()).text("CreditConsumed").bytes(envelope);
                }
                copy.finish();
            }
            try (var copy = BinaryCopy.start(connection,
                    "COPY bench_processed (consumer, event_id) FROM STDIN (FORMAT binary)")) {
                for (long i = 0; i < processed; i++) {
                    copy.row(2).text("ceiling").uuid(UUID.randomUUID());
                }
                copy.finish();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("ceiling batch failed", e);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** "on" when the benchmark's PostgreSQL is durable (-Dopencredit.testkit.durable=true), as the issue asks. */
    private String fsync() throws SQLException {
        try (var connection = store.dataSource().getConnection();
             var statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW fsync")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
