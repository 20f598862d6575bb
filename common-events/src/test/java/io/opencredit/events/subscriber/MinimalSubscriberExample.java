package io.opencredit.events.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Keeps the latest balance of every subscription from ledger.events, with nothing but the Kafka client and Jackson. */
public class MinimalSubscriberExample {

    static final String TOPIC = "ledger.events";
    static final String BALANCE_CHANGED = "io.opencredit.BalanceChanged.v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Subscription id to remaining credit. A real subscriber keeps it in its database. */
    final Map<String, BigDecimal> balances = new HashMap<>();
    /** Event ids already applied: delivery is at least once. Keep them with the balances, in one transaction. */
    final Set<String> applied = new HashSet<>();

    public static void main(String[] args) throws IOException {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "my-system.balances");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        MinimalSubscriberExample subscriber = new MinimalSubscriberExample();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(TOPIC));
            while (true) {
                subscriber.pollOnce(consumer);
            }
        }
    }

    /** Applies one poll's records in order, then commits: a crash before the commit reads them again. */
    void pollOnce(Consumer<String, byte[]> consumer) throws IOException {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
            Header type = record.headers().lastHeader("ce_type");
            if (type == null || !BALANCE_CHANGED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                continue; // another event type, or one added after this code was written: skip it
            }
            JsonNode event = JSON.readTree(record.value());
            if (applied.add(event.get("eventId").asText())) {
                // amounts are decimal strings: read them exactly, never as double
                balances.put(record.key(), new BigDecimal(event.at("/payload/remaining/amount").asText()));
            }
        }
        consumer.commitSync();
    }
}
