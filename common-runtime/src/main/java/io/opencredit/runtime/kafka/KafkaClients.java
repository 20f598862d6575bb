package io.opencredit.runtime.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Builds every Kafka client of a service (SPEC O2), so that all of them connect the same way: the
 * standard Kafka client settings come from the {@code kafka.*} configuration properties (or the
 * {@code KAFKA_*} environment variables), as in any Quarkus Kafka application, and the client's own
 * settings (group, client id, serializers, what its loop relies on) are put on top. A secured cluster
 * therefore needs configuration only, e.g. {@code kafka.security.protocol=SASL_SSL}.
 *
 * <p>The configured settings are the {@code default-kafka-broker} map of the quarkus-kafka-client
 * extension: every {@code kafka.} property with the prefix removed. Its {@code group.id} (Quarkus fills
 * in the application name) is dropped: each consumer names its own group, or has none. Nothing else in
 * the suite constructs a Kafka client ({@code KafkaClientsTest} checks the main sources).
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> configured;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> configured) {
        Map<String, Object> shared = new HashMap<>(configured);
        shared.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.configured = Map.copyOf(shared);
    }

    /** The settings a client gets: the configured ones, then the client's own {@code settings} on top. */
    public Map<String, Object> config(Map<String, ?> settings) {
        Map<String, Object> merged = new HashMap<>(configured);
        merged.putAll(settings);
        if (merged.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalStateException("kafka.bootstrap.servers is not configured");
        }
        return merged;
    }

    /** A consumer; {@code settings} name its deserializers, which decide {@code K} and {@code V}. */
    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> settings) {
        return new KafkaConsumer<>(config(settings));
    }

    /** A producer; {@code settings} name its serializers, which decide {@code K} and {@code V}. */
    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> settings) {
        return new KafkaProducer<>(config(settings));
    }

    public Admin admin(Map<String, ?> settings) {
        return Admin.create(config(settings));
    }

    public Admin admin() {
        return admin(Map.of());
    }
}
