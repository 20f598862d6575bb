package io.opencredit.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.runtime.clock.ClockFollower;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.ConsumerLoop;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.health.SuiteReadiness;
import io.opencredit.runtime.ops.DeadLetterReader;
import io.opencredit.runtime.outbox.OutboxRelay;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * SPEC O2: every Kafka client takes the standard client settings from configuration ({@code kafka.*}, as Quarkus's
 * {@code default-kafka-broker} map holds them), and its own settings go on top of them.
 */
class KafkaClientsTest {

    /** A secured, managed cluster, as an operator configures it; plus what a careless {@code kafka.*} could set. */
    private static final Map<String, Object> CONFIGURED = Map.of(
            "bootstrap.servers", "kafka-0.kafka:9093,kafka-1.kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ledger\" password=\"secret\";",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.type", "PKCS12",
            // Quarkus fills in the application name as the group; the clients must not take it
            "group.id", "ledger-service",
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "enable.auto.commit", "true");

    private static final Map<String, Object> SECURITY = Map.of(
            "bootstrap.servers", "kafka-0.kafka:9093,kafka-1.kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", CONFIGURED.get("sasl.jaas.config"),
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.type", "PKCS12");

    private final KafkaClients clients = new KafkaClients(CONFIGURED);

    @Test
    void O2_the_configured_security_settings_reach_every_kind_of_client() {
        Map<String, Map<String, Object>> everyClient = new LinkedHashMap<>();
        everyClient.put("event consumer loop", ConsumerLoop.consumerSettings("ledger-service.ledger", "ledger-1", 500, CONSUMER));
        everyClient.put("clock follower", ClockFollower.consumerSettings("ledger-service"));
        everyClient.put("dead-letter producer", DeadLetters.producerSettings("ledger-service"));
        everyClient.put("outbox relay producer", OutboxRelay.producerSettings("ledger-service"));
        everyClient.put("topic initializer admin", Map.of());
        everyClient.put("readiness admin", SuiteReadiness.adminSettings());
        everyClient.put("dead-letter reader", DeadLetterReader.settings());
        everyClient.forEach((client, own) -> assertThat(clients.config(own)).as(client).containsAllEntriesOf(SECURITY));
    }

    @Test
    void O2_a_clients_own_settings_win_over_the_configured_ones() {
        Map<String, Object> loop = clients.config(ConsumerLoop.consumerSettings("ledger-service.ledger", "ledger-1", 500, CONSUMER));
        assertThat(loop)
                .containsEntry("group.id", "ledger-service.ledger")
                .containsEntry("client.id", "ledger-1")
                .containsEntry("key.deserializer", ByteArrayDeserializer.class.getName())
                .containsEntry("value.deserializer", ByteArrayDeserializer.class.getName())
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("isolation.level", "read_committed");

        Map<String, Object> clock = clients.config(ClockFollower.consumerSettings("ledger-service"));
        assertThat(clock).doesNotContainKey("group.id")
                .containsEntry("key.deserializer", ByteArrayDeserializer.class.getName())
                .containsEntry("enable.auto.commit", "false");

        Map<String, Object> relay = clients.config(OutboxRelay.producerSettings("ledger-service"));
        assertThat(relay).doesNotContainKey("group.id")
                .containsEntry("key.serializer", StringSerializer.class.getName())
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "ledger-service-outbox");
        assertThat(clients.config(DeadLetters.producerSettings("ledger-service")))
                .containsEntry("value.serializer", ByteArraySerializer.class.getName())
                .containsEntry("client.id", "ledger-service-dlq");
    }

    @Test
    void O2_the_clients_are_built_from_the_merged_settings() throws Exception {
        // Kafka parses every setting when a client is built: the SASL/TLS settings above are accepted as they are
        // (the JAAS login fails only because no broker or truststore exists here), plain ones connect lazily
        KafkaClients plain = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:1", "group.id", "ledger-service"));
        try (KafkaConsumer<byte[], byte[]> consumer = plain.consumer(ClockFollower.consumerSettings("probe"));
             KafkaProducer<byte[], byte[]> producer = plain.producer(DeadLetters.producerSettings("probe"));
             Admin admin = plain.admin(SuiteReadiness.adminSettings())) {
            assertThat(consumer.metrics()).isNotEmpty();
            assertThat(producer.metrics()).isNotEmpty();
            assertThat(admin.metrics()).isNotEmpty();
        }
    }

    @Test
    void O2_a_client_without_configured_bootstrap_servers_is_refused_by_name() {
        assertThatThrownBy(() -> new KafkaClients(Map.of("security.protocol", "SSL")).config(Map.of()))
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    private static final RuntimeConfig.Consumer CONSUMER = new RuntimeConfig.Consumer() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public int maxPollRecords() {
            return 500;
        }

        @Override
        public int concurrency() {
            return 1;
        }

        @Override
        public int batchAttempts() {
            return 3;
        }

        @Override
        public Duration sessionTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration maxPollInterval() {
            return Duration.ofSeconds(60);
        }
    };
}
