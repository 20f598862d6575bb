package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.newEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.Money;
import io.opencredit.events.Topics;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * SPEC O2 against a broker that authenticates (SASL/SCRAM-SHA-512) and authorizes (ACLs, nothing
 * allowed without one): the service runs with its own principal's ACLs only, and a principal
 * without write rights on {@code activation.events} cannot put forged credit there.
 */
@QuarkusTest
@TestProfile(SecuredKafkaIT.Secured.class)
class SecuredKafkaIT {

    /** Its own application, on the secured broker; the module's global RealInfrastructure is left out. */
    public static class Secured implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecuredKafka.class, Map.of(RealInfrastructure.DATABASE, "activation")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void O2_the_service_works_with_its_own_principal() {
        String customer = newEmail("o2");
        String code = issueKey(2, "USD", LocalDate.now(ZoneOffset.UTC));
        String subscription = activate(TestTokens.customer(customer), activateNewRequest(code, customer))
                .statusCode(201).extract().path("subscriptionId");

        List<EventEnvelope> mine = readAsAdminUntil(events -> events.stream()
                .filter(e -> subscription.equals(String.valueOf(e.subscriptionId()))).count() >= 3)
                .stream().filter(e -> subscription.equals(String.valueOf(e.subscriptionId()))).toList();
        assertThat(mine.stream().map(EventEnvelope::type).toList())
                .containsExactly("SubscriptionCreated", "KeyActivated", "CreditAdded");
        assertThat(((KeyActivated) mine.get(1).payload()).keyCode()).isEqualTo(code);
        assertThat(((CreditAdded) mine.get(2).payload()).amount()).isEqualTo(Money.of("200", "USD"));
    }

    @Test
    void O2_a_principal_without_write_rights_cannot_publish_credit() {
        UUID subscription = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventEnvelope forged = EventEnvelope.of(subscription, new CreditAdded(UUID.randomUUID(), CreditSource.OSA_KEY,
                Money.of("1000000", "USD"), now, now.plus(Duration.ofDays(365)), "FORGED", "reseller-7", null),
                "activation-service", null, now);

        Map<String, Object> intruder = new HashMap<>(
                RealInfrastructure.securedKafkaClientProperties(SecuredKafka.INTRUDER, SecuredKafka.INTRUDER_PASSWORD));
        intruder.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        intruder.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        intruder.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(intruder)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ACTIVATION_EVENTS, forged.key(),
                    EventCodec.encode(forged))).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        assertThat(readAsAdminUntil(events -> true)).extracting(EventEnvelope::eventId).doesNotContain(forged.eventId());
    }

    /** Reads {@code activation.events} from its beginning as the broker's super user until {@code until} holds (30 s). */
    private static List<EventEnvelope> readAsAdminUntil(Predicate<List<EventEnvelope>> until) {
        Map<String, Object> admin = new HashMap<>(RealInfrastructure.securedKafkaAdminProperties());
        admin.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        admin.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        admin.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<EventEnvelope> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(admin)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ACTIVATION_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(EventCodec.decode(r.value())));
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (atEnd && until.test(events)) {
                    return events;
                }
            }
        }
        throw new AssertionError("activation.events did not reach the expected state within 30 s; read " + events.size());
    }
}
