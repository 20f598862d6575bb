package io.opencredit.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code billing.events} and {@code ledger.events} as any downstream subscriber would (a plain consumer,
 * every partition assigned, from the end as it was before the load) on a thread of its own, and hands each record to
 * a {@link BalanceMatcher} with the moment the poll returned it, which stamps the registered {@link Probe}s.
 */
final class BalanceWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final BalanceMatcher matcher = new BalanceMatcher();
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
        for (String topic : List.of(BalanceMatcher.BILLING_EVENTS, BalanceMatcher.LEDGER_EVENTS)) {
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
        matcher.register(probe);
    }

    /** The timestamp types of the records of watched subscriptions, with their counts (CreateTime expected). */
    String timestampTypes() {
        return matcher.timestampTypes();
    }

    /**
     * Waits until every accepted probe has its BalanceChanged, or nothing new was resolved for {@code quiet}, or
     * {@code within} passed. True if all were resolved.
     */
    boolean awaitResolved(Collection<Probe> probes, Duration within, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long lastCount = matcher.resolved();
        long lastProgress = System.nanoTime();
        while (true) {
            if (failure != null) {
                throw failure;
            }
            if (probes.stream().allMatch(p -> !p.accepted() || p.resolved())) {
                return true;
            }
            long now = System.nanoTime();
            long count = matcher.resolved();
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
                    matcher.accept(record, seen);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
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
