package io.opencredit.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.events.EventCodec;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.ConsumerLoop;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.trace.KafkaTracing;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The Kafka intake of usage ({@code billing.usage-intake}): meters publish raw usage records, the
 * same JSON object as one record of {@code POST /usage}, keyed by subscription id. These are not
 * suite events (no envelope), so common-runtime's {@code EventHandler} cannot read them; this is a
 * plain consumer loop. Each poll (up to {@code opencredit.billing.intake.max-poll-records}) goes
 * through {@link io.opencredit.billing.domain.UsageIntake} as one batch; records for a subscription the gateway does
 * not know yet are held ({@link UsageParking}, SPEC R3); records that are malformed or refused go to
 * {@code billing.usage-intake.dlq} with the reason in {@code opencredit.dlq.reason}; then the
 * offsets are committed. Delivery is at least once; the intake log (T5) makes a redelivered
 * record a duplicate, published once. If the batch cannot be stored (database down) nothing is
 * committed and the consumer re-reads from the last commit.
 *
 * <p>Runs as the loop {@code usage-intake} of the {@link Supervisor} (SPEC O4). A poll that cannot be stored is
 * tried partition by partition; a partition that still fails is sought back to its first record, paused and tried
 * again after an exponential backoff for as long as the failure lasts, never dead-lettered (SPEC O8), while the
 * other partitions go on. Malformed and refused records are dead-lettered only once their batch is stored, so a
 * retried batch does not dead-letter them twice.
 */
@ApplicationScoped
public class UsageIntakeConsumer implements SupervisedLoop {

    private static final Logger LOG = Logger.getLogger(UsageIntakeConsumer.class);

    private final UsageParking parking;
    private final DeadLetters deadLetters;
    private final BillingConfig config;
    private final RuntimeConfig runtime;
    private final KafkaClients kafkaClients;
    private final ObjectReader reader;
    private final Supervisor supervisor;
    private final KafkaTracing tracing;
    /** Partitions paused after a failure that may pass: how often in a row it failed and when to try again. */
    private final Map<TopicPartition, Retry> retrying = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Loop loop;

    private record Retry(int attempts, long resumeAtNanos) {
    }

    public UsageIntakeConsumer(UsageParking parking, DeadLetters deadLetters, BillingConfig config, RuntimeConfig runtime,
                               KafkaClients kafkaClients, Supervisor supervisor, KafkaTracing tracing) {
        this.parking = parking;
        this.deadLetters = deadLetters;
        this.config = config;
        this.runtime = runtime;
        this.kafkaClients = kafkaClients;
        this.supervisor = supervisor;
        this.tracing = tracing;
        // the suite's mapper (decimals read exactly, a repeated field refused as in POST /usage); one record a value
        this.reader = EventCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.intake().enabled() || !runtime.consumer().enabled()) {
            return;
        }
        loop = supervisor.start("usage-intake", supervisor.config().consumerStall(), this);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    @Override
    public void wakeup() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private String consumerName() {
        return runtime.serviceName() + ".usage-intake";
    }

    private Map<String, Object> properties() {
        return ConsumerLoop.consumerSettings(consumerName(),
                consumerName() + "-" + UUID.randomUUID().toString().substring(0, 8),
                Math.min(config.intake().maxPollRecords(), config.usage().maxBatch()), runtime.consumer());
    }

    /** One life: a fresh consumer, polled until the loop stops; it re-reads from the last committed offsets. */
    @Override
    public void run(Loop loop) {
        try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(properties())) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.USAGE_INTAKE), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(retrying::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // read from the last committed offsets
                }
            });
            while (loop.running()) {
                loop.beat();
                resumeDue(kafka);
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    store(loop, kafka, records);
                }
            }
        } catch (WakeupException e) {
            if (loop.running()) {
                throw e;
            }
        } finally {
            consumer = null;
            retrying.clear();
        }
    }

    /** Stores a poll and commits it: whole, else partition by partition, a failing partition retried later. */
    private void store(Loop loop, KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        try {
            process(all(records));
            kafka.commitSync();
            records.partitions().forEach(this::succeeded);
            return;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            if (records.partitions().size() == 1) {
                TopicPartition tp = records.partitions().iterator().next();
                retryLater(kafka, tp, records.records(tp).get(0).offset(), e);
                return;
            }
            LOG.debugf("usage intake: a poll of %d partitions failed; one by one now: %s", records.partitions().size(), e);
        }
        for (TopicPartition tp : records.partitions()) {
            loop.beat();
            List<ConsumerRecord<byte[], byte[]>> slice = records.records(tp);
            try {
                process(slice);
                kafka.commitSync(Map.of(tp, new OffsetAndMetadata(slice.get(slice.size() - 1).offset() + 1)));
                succeeded(tp);
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                retryLater(kafka, tp, slice.get(0).offset(), e);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> all(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        return all;
    }

    /** A partition that could not be stored (the database away, a lock timeout): read again later, not dead-lettered. */
    private void retryLater(KafkaConsumer<byte[], byte[]> kafka, TopicPartition tp, long offset, RuntimeException cause) {
        Retry previous = retrying.get(tp);
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        Duration pause = Supervisor.backoff(attempts, supervisor.config().initialBackoff(), supervisor.config().maxBackoff());
        retrying.put(tp, new Retry(attempts, System.nanoTime() + pause.toNanos()));
        if (kafka.assignment().contains(tp)) {
            kafka.seek(tp, offset);
            kafka.pause(List.of(tp));
        }
        LOG.warnf("usage intake: %s@%d could not be stored (attempt %d in a row); trying again in %d ms: %s",
                tp, offset, attempts, pause.toMillis(), cause);
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

    private void succeeded(TopicPartition tp) {
        Retry retry = retrying.remove(tp);
        if (retry != null) {
            LOG.infof("usage intake: %s stored again after %d failed attempts", tp, retry.attempts());
        }
    }

    private void process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.size());
        List<JsonNode> values = new ArrayList<>(records.size());
        List<Map.Entry<ConsumerRecord<byte[], byte[]>, String>> malformed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String reason = null;
            JsonNode value = null;
            if (record.value() == null || record.value().length == 0) {
                reason = "record has no value";
            } else {
                try {
                    value = JsonInput.readTree(reader, record.value()); // numbers as their text, for the one decimal reader (O6)
                } catch (IOException e) {
                    reason = "not JSON: " + firstLine(e.getMessage());
                }
                if (reason == null && (value == null || !value.isObject())) {
                    reason = "a usage record must be a JSON object";
                }
                if (reason == null) {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    JsonNode subscription = value.get("subscriptionId");
                    if (key == null || subscription == null || !key.equalsIgnoreCase(subscription.asText())) {
                        reason = "record key '" + key + "' does not match the record's subscriptionId";
                    }
                }
            }
            if (reason != null) {
                malformed.add(new AbstractMap.SimpleImmutableEntry<>(record, reason));
            } else {
                batch.add(record);
                values.add(value);
            }
        }
        // R3: a record for a subscription not known yet is held (parked) in the same transaction, not refused. Each
        // record is taken in under a CONSUMER span of its own (a child of the meter's traceparent, if it sent one),
        // which the UsageRecorded made from it continues (found by usage id)
        IntakeResult result;
        if (values.isEmpty()) {
            result = new IntakeResult(0, 0, List.of());
        } else {
            List<String> usageIds = new ArrayList<>(values.size());
            for (JsonNode value : values) {
                JsonNode id = value.get("id");
                usageIds.add(id != null && id.isTextual() ? id.asText() : null);
            }
            IntakeResult[] taken = new IntakeResult[1];
            tracing.processRecords(consumerName(), batch, usageIds,
                    event -> event.payload() instanceof UsageRecorded usage ? usage.usageId() : null,
                    () -> taken[0] = parking.ingest(batch, values));
            result = taken[0];
        }
        // dead-lettered once the batch is stored: a batch retried after a failure does not send them twice
        malformed.forEach(entry -> deadLetters.send(consumerName(), entry.getKey(), entry.getValue()));
        for (IntakeResult.Rejection rejection : result.rejected()) {
            var problem = rejection.problem();
            String slug = problem.type().toString().substring(problem.type().toString().lastIndexOf('/') + 1);
            deadLetters.send(consumerName(), batch.get(rejection.index()), slug + ": " + problem.detail());
        }
        if (result.accepted() + result.duplicates() > 0 || !result.rejected().isEmpty()) {
            LOG.debugf("usage intake: %d accepted, %d duplicates, %d refused", result.accepted(), result.duplicates(), result.rejected().size());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
