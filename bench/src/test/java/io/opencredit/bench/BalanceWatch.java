package io.opencredit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code billing.events} and {@code ledger.events} as any downstream subscriber would (a plain consumer,
 * every partition assigned, from the end as it was before the load) and stamps each registered {@link Probe} with
 * the Kafka timestamps of its {@code UsageRecorded}, its {@code CreditConsumed} and its {@code BalanceChanged}.
 *
 * <p>{@code BalanceChanged} carries no usage id: the ledger closes each subscription's change in a commit with one
 * {@code BalanceChanged} (the latest), published right after that commit's {@code CreditConsumed} facts, from the same
 * outbox bundle and on the same partition (the key is the subscription). So a usage's balance event is the first
 * {@code BalanceChanged} of its key after the {@code CreditConsumed} naming its usage id; two usages of one key in
 * one commit share it, as they share the balance it reports. Only the registered keys' records are decoded.
 */
final class BalanceWatch implements AutoCloseable {

    static final String BILLING_EVENTS = "billing.events";
    static final String LEDGER_EVENTS = "ledger.events";
    /** When the outbox row was written, epoch microseconds as decimal text (the relays may not set it yet). */
    static final String WRITTEN_AT = "opencredit.written-at";
    private static final String EVENT_TYPE = "opencredit.event-type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Probe> byUsage = new ConcurrentHashMap<>();
    /** Per registered subscription, the probes whose CreditConsumed was seen and whose BalanceChanged was not yet (the watcher's only). */
    private final Map<String, List<Probe>> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> timestampTypes = new ConcurrentSkipListMap<>();
    private final AtomicLong resolved = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    BalanceWatch(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-balance-watch");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(BILLING_EVENTS, LEDGER_EVENTS)) {
            for (PartitionInfo partition : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, partition.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30))); // the seek happens now, not at the first poll
        thread = new Thread(this::watch, "balance-watch");
        thread.setDaemon(true);
        thread.start(); // from here on only the watcher thread touches the consumer, until close() has joined it
    }

    /** Epoch microseconds now, the clock every probe timestamp is on. */
    static long micros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1000;
    }

    /** Watch for this probe's events (before its request is sent). */
    void register(Probe probe) {
        byUsage.put(probe.usageId, probe);
        pending.computeIfAbsent(probe.subscriptionId, k -> new ArrayList<>());
    }

    long resolved() {
        return resolved.get();
    }

    /** The timestamp types of the records of watched subscriptions, with their counts (CreateTime expected). */
    String timestampTypes() {
        StringBuilder text = new StringBuilder();
        timestampTypes.forEach((type, n) -> text.append(text.length() == 0 ? "" : ", ").append(type).append(' ').append(n.get()));
        return text.length() == 0 ? "none seen" : text.toString();
    }

    /**
     * Waits until every accepted probe has its BalanceChanged, or nothing new was resolved for {@code quiet}, or
     * {@code within} passed. True if all were resolved.
     */
    boolean awaitResolved(Collection<Probe> probes, Duration within, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long lastCount = resolved.get();
        long lastProgress = System.nanoTime();
        while (true) {
            if (failure != null) {
                throw failure;
            }
            if (probes.stream().allMatch(p -> !p.accepted() || p.resolved())) {
                return true;
            }
            long now = System.nanoTime();
            long count = resolved.get();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            }
            if (now > deadline || now - lastProgress > quiet.toNanos()) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    private void watch() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long seen = micros();
                for (ConsumerRecord<String, byte[]> record : records) {
                    List<Probe> waiting = record.key() == null ? null : pending.get(record.key());
                    if (waiting != null) {
                        apply(record, waiting, seen);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, List<Probe> waiting, long seen) {
        timestampTypes.computeIfAbsent(record.topic() + " " + record.timestampType(), k -> new AtomicLong()).incrementAndGet();
        long timestamp = TimeUnit.MILLISECONDS.toMicros(record.timestamp());
        String type = header(record, EVENT_TYPE);
        if (BILLING_EVENTS.equals(record.topic()) && "UsageRecorded".equals(type)) {
            Probe probe = byUsage.get(usageId(record.value()));
            if (probe != null && probe.usageRecorded == 0) {
                probe.usageWrittenAt = writtenAt(record);
                probe.usageRecorded = timestamp;
            }
        } else if (LEDGER_EVENTS.equals(record.topic()) && "CreditConsumed".equals(type)) {
            Probe probe = byUsage.get(usageId(record.value()));
            if (probe != null && probe.creditConsumed == 0) { // a usage spanning tokens has several; the first counts
                probe.creditConsumed = timestamp;
                waiting.add(probe);
            }
        } else if (LEDGER_EVENTS.equals(record.topic()) && "BalanceChanged".equals(type) && !waiting.isEmpty()) {
            long writtenAt = writtenAt(record);
            for (Probe probe : waiting) {
                probe.balanceChanged = timestamp;
                probe.balanceWrittenAt = writtenAt;
                probe.balanceSeen = seen;
            }
            resolved.addAndGet(waiting.size());
            waiting.clear();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long writtenAt(ConsumerRecord<String, byte[]> record) {
        String text = header(record, WRITTEN_AT);
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String usageId(byte[] envelope) {
        try {
            return JSON.readTree(envelope).path("payload").path("usageId").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
