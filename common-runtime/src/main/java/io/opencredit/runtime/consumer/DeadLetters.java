package io.opencredit.runtime.consumer;

import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Sends records that cannot be processed to the topic's {@code .dlq} companion, unchanged, with
 * the reason and origin in headers, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "opencredit.dlq.reason";
    public static final String SOURCE_TOPIC = "opencredit.dlq.source-topic";
    public static final String SOURCE_PARTITION = "opencredit.dlq.source-partition";
    public static final String SOURCE_OFFSET = "opencredit.dlq.source-offset";
    public static final String CONSUMER = "opencredit.dlq.consumer";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaClients kafkaClients;
    private final RuntimeConfig config;
    private KafkaProducer<byte[], byte[]> producer;

    public DeadLetters(RuntimeConfig config, KafkaClients kafkaClients) {
        this.config = config;
        this.kafkaClients = kafkaClients;
    }

    /** The dead-letter producer's own settings: every record acknowledged by all replicas, none written twice. */
    public static Map<String, Object> producerSettings(String serviceName) {
        return Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-dlq");
    }

    public void send(String consumer, ConsumerRecord<byte[], byte[]> record, String reason) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.dlq(record.topic()), record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        dead.headers().add(CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(dead).get(30, TimeUnit.SECONDS);
            LOG.warnf("%s: %s-%d@%d dead-lettered: %s", consumer, record.topic(), record.partition(), record.offset(), reason);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("cannot dead-letter " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = kafkaClients.producer(producerSettings(config.serviceName()));
        }
        return producer;
    }

    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }
}
