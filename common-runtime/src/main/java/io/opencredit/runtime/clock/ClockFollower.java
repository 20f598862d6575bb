package io.opencredit.runtime.clock;

import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.MalformedEventException;
import io.opencredit.events.Topics;
import io.opencredit.events.UnknownEventTypeException;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.ConsumerLoop;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code ops.clock} from its start on every instance of every service when the clock is
 * adjustable (SPEC C2), so that all agree on the time after an advance. Start-up waits until the
 * instance has read the topic up to its end, so a restarted service boots at the suite's time.
 *
 * <p>A plain consumer rather than a Quarkus Messaging channel: the channel could read the partition from the start
 * ({@code assign-seek}), but it does not say when it has caught up, which is what start-up waits for here; that
 * would need this class's end offset, positions and latch beside the channel, and the extension in every service.
 *
 * <p>Runs as the loop {@code clock-follower} of the {@link Supervisor}; the broker being away is retried in place.
 */
@ApplicationScoped
public class ClockFollower {

    private static final Logger LOG = Logger.getLogger(ClockFollower.class);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.OPS_CLOCK, 0);

    private final SuiteClock clock;
    private final RuntimeConfig config;
    private final KafkaClients kafkaClients;
    private final Supervisor supervisor;
    private final MeterRegistry registry;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Loop loop;

    public ClockFollower(SuiteClock clock, RuntimeConfig config, KafkaClients kafkaClients, Supervisor supervisor,
                         MeterRegistry registry) {
        this.clock = clock;
        this.config = config;
        this.kafkaClients = kafkaClients;
        this.supervisor = supervisor;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        if (!config.clock().adjustable()) {
            return;
        }
        loop = supervisor.start("clock-follower", supervisor.config().clockStall(), SupervisedLoop.waking(this::follow, () -> {
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }));
        if (!caughtUp.await(config.clock().catchUpTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("ops.clock not read to its end within %s; starting at offset %s and following on",
                    config.clock().catchUpTimeout(), clock.offset());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** One life of the follower: reads {@code ops.clock} from its start and follows it. */
    private void follow(Loop loop) {
        while (loop.running()) {
            loop.beat();
            try (KafkaConsumer<byte[], byte[]> kafka = kafkaClients.consumer(consumerSettings(config.serviceName()))) {
                consumer = kafka;
                if (kafka.partitionsFor(Topics.OPS_CLOCK, Duration.ofSeconds(10)).isEmpty()) {
                    // nobody ever advanced the clock: the offset is zero until the topic appears
                    caughtUp.countDown();
                    loop.pause(Duration.ofSeconds(1));
                    continue;
                }
                kafka.assign(List.of(PARTITION));
                kafka.seekToBeginning(List.of(PARTITION));
                long end = kafka.endOffsets(List.of(PARTITION), Duration.ofSeconds(10)).getOrDefault(PARTITION, 0L);
                while (loop.running()) {
                    loop.beat();
                    if (kafka.position(PARTITION) >= end) {
                        caughtUp.countDown();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                }
            } catch (WakeupException e) {
                if (loop.running()) {
                    throw e;
                }
                return;
            } catch (RuntimeException e) {
                // the broker is away (a metadata or offsets look-up timed out): read again from the start
                LOG.warnf("clock follower failed (%s); retrying", e.toString());
                loop.pause(Duration.ofSeconds(1));
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            EventEnvelope envelope = EventCodec.decode(record.value());
            if (envelope.payload() instanceof ClockAdvanced advanced) {
                clock.advanceTo(advanced.offset());
                LOG.infof("suite clock offset %s (now %s)", clock.offset(), clock.now());
            }
        } catch (UnknownEventTypeException e) {
            // SPEC F6: a newer producer's type is skipped and counted, as every consumer does
            ConsumerLoop.countUnknownType(registry, "clock-follower", e);
            LOG.debugf("ops.clock offset %d skipped: %s", record.offset(), e.getMessage());
        } catch (MalformedEventException e) {
            LOG.warnf("ignoring malformed record at ops.clock offset %d: %s", record.offset(), e.getMessage());
        }
    }

    /**
     * The follower's own settings: no group (it assigns itself the one partition and reads it from the start), so
     * nothing is committed, and it never creates {@code ops.clock} by asking for it.
     */
    public static Map<String, Object> consumerSettings(String serviceName) {
        return Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, serviceName + "-clock-" + Instant.now().toEpochMilli());
    }

}
