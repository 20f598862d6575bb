package io.opencredit.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.UsageIntake;
import io.opencredit.events.EventCodec;
import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.ConsumerLoop;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.util.Sleep;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The Kafka intake of usage ({@code billing.usage-intake}): meters publish raw usage records, the
 * same JSON object as one record of {@code POST /usage}, keyed by subscription id. These are not
 * suite events (no envelope), so common-runtime's {@code EventHandler} cannot read them; this is a
 * plain consumer loop. Each poll (up to {@code opencredit.billing.intake.max-poll-records}) goes
 * through {@link UsageIntake} as one batch; records that are malformed or refused go to
 * {@code billing.usage-intake.dlq} with the reason in {@code opencredit.dlq.reason}; then the
 * offsets are committed. Delivery is at least once; the intake log (T5) makes a redelivered
 * record a duplicate, published once. If the batch cannot be stored (database down) nothing is
 * committed and the consumer re-reads from the last commit.
 */
@ApplicationScoped
public class UsageIntakeConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(UsageIntakeConsumer.class);

    private final UsageIntake intake;
    private final DeadLetters deadLetters;
    private final BillingConfig config;
    private final RuntimeConfig runtime;
    private final KafkaClients kafkaClients;
    private final ObjectReader reader;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public UsageIntakeConsumer(UsageIntake intake, DeadLetters deadLetters, BillingConfig config, RuntimeConfig runtime,
                               KafkaClients kafkaClients) {
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.config = config;
        this.runtime = runtime;
        this.kafkaClients = kafkaClients;
        // the suite's mapper (decimals read exactly, a repeated field refused as in POST /usage); one record a value
        this.reader = EventCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.intake().enabled() || !runtime.consumer().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this, "opencredit-usage-intake");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
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

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(properties())) {
                consumer = kafka;
                kafka.subscribe(List.of(Topics.USAGE_INTAKE));
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        process(records);
                        kafka.commitSync();
                    }
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("usage intake consumer woken up unexpectedly; restarting");
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "usage intake failed; re-reading from the last committed offsets");
                Sleep.quietly(Duration.ofSeconds(1));
            }
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        List<JsonNode> values = new ArrayList<>(records.count());
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
                deadLetters.send(consumerName(), record, reason);
            } else {
                batch.add(record);
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            return;
        }
        IntakeResult result = intake.ingest(values);
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
