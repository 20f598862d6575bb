package io.opencredit.runtime.health;

import io.opencredit.runtime.consumer.EventConsumers;
import io.opencredit.runtime.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster answers and every event consumer is polling (the database has its own check). */
@Readiness
@ApplicationScoped
public class SuiteReadiness implements HealthCheck {

    private final KafkaClients kafkaClients;
    private final EventConsumers consumers;
    private Admin admin;

    public SuiteReadiness(KafkaClients kafkaClients, EventConsumers consumers) {
        this.kafkaClients = kafkaClients;
        this.consumers = consumers;
    }

    /** The health check's admin client answers within the probe's few seconds, or the check says not ready. */
    public static Map<String, Object> adminSettings() {
        return Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    }

    @Override
    public HealthCheckResponse call() {
        boolean kafka = kafkaAnswers();
        boolean polling = consumers.healthy();
        return HealthCheckResponse.named("opencredit-kafka")
                .status(kafka && polling)
                .withData("kafka", kafka)
                .withData("consumers", polling)
                .build();
    }

    private synchronized boolean kafkaAnswers() {
        try {
            if (admin == null) {
                admin = kafkaClients.admin(adminSettings());
            }
            admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
