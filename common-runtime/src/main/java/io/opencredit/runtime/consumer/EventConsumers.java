package io.opencredit.runtime.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts {@code opencredit.consumer.concurrency} {@link ConsumerLoop} threads (one by default) per {@link EventHandler}
 * bean of the service: members of one consumer group, sharing the topics' partitions as instances do.
 */
@ApplicationScoped
public class EventConsumers {

    private final Instance<EventHandler> handlers;
    private final RuntimeConfig config;
    private final PositionStore positions;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final KafkaClients kafkaClients;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public EventConsumers(Instance<EventHandler> handlers, RuntimeConfig config, PositionStore positions,
                          DeadLetters deadLetters, MeterRegistry registry, KafkaClients kafkaClients) {
        this.handlers = handlers;
        this.config = config;
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.kafkaClients = kafkaClients;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        int concurrency = config.consumer().concurrency();
        for (EventHandler handler : handlers) {
            String name = config.serviceName() + "." + handler.name();
            for (int i = 1; i <= concurrency; i++) {
                String clientId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
                ConsumerLoop loop = new ConsumerLoop(handler, name, kafkaClients,
                        ConsumerLoop.consumerSettings(name, clientId, config.consumer().maxPollRecords(), config.consumer()),
                        positions, deadLetters, config.consumer().batchAttempts(), registry);
                Thread thread = new Thread(loop, "opencredit-consumer-" + handler.name() + (concurrency == 1 ? "" : "-" + i));
                thread.setDaemon(true);
                loops.add(loop);
                threads.add(thread);
                thread.start();
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loops.forEach(ConsumerLoop::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    /** Whether every consumer thread is alive and polling. */
    public boolean healthy() {
        return loops.stream().allMatch(ConsumerLoop::isAlive);
    }
}
