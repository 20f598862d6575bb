package io.opencredit.runtime.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consistency.FrontierStore;
import io.opencredit.runtime.kafka.KafkaClients;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisionConfig;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.trace.KafkaTracing;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts {@code opencredit.consumer.concurrency} {@link ConsumerLoop}s (one by default) per {@link EventHandler} bean
 * of the service under the {@link Supervisor}, named {@code consumer:<group>} (with {@code -<i>} when there are
 * several): members of one consumer group, sharing the topics' partitions as instances do.
 */
@ApplicationScoped
public class EventConsumers {

    private final Instance<EventHandler> handlers;
    private final RuntimeConfig config;
    private final PositionStore positions;
    private final FrontierStore frontiers;
    private final DeadLetters deadLetters;
    private final KafkaTracing tracing;
    private final MeterRegistry registry;
    private final KafkaClients kafkaClients;
    private final Supervisor supervisor;
    private final List<Loop> loops = new ArrayList<>();

    public EventConsumers(Instance<EventHandler> handlers, RuntimeConfig config, PositionStore positions,
                          FrontierStore frontiers, DeadLetters deadLetters, KafkaTracing tracing, MeterRegistry registry,
                          KafkaClients kafkaClients, Supervisor supervisor) {
        this.handlers = handlers;
        this.config = config;
        this.positions = positions;
        this.frontiers = frontiers;
        this.deadLetters = deadLetters;
        this.tracing = tracing;
        this.registry = registry;
        this.kafkaClients = kafkaClients;
        this.supervisor = supervisor;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        int concurrency = config.consumer().concurrency();
        SupervisionConfig supervision = supervisor.config();
        for (EventHandler handler : handlers) {
            String name = config.serviceName() + "." + handler.name();
            for (int i = 1; i <= concurrency; i++) {
                String clientId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
                ConsumerLoop loop = new ConsumerLoop(handler, name, kafkaClients,
                        ConsumerLoop.consumerSettings(name, clientId, config.consumer().maxPollRecords(), config.consumer()),
                        positions, frontiers, deadLetters, tracing, config.consumer().batchAttempts(), registry,
                        supervision.initialBackoff(), supervision.maxBackoff());
                String loopName = "consumer:" + name + (concurrency == 1 ? "" : "-" + i);
                loops.add(supervisor.start(loopName, supervision.consumerStall(), loop));
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.forEach(Loop::requestStop);
        loops.forEach(Loop::stop);
    }

    /** Whether every consumer loop is live: running, or restarting after a short failure, and polling. */
    public boolean healthy() {
        return loops.stream().allMatch(supervisor::isLive);
    }
}
