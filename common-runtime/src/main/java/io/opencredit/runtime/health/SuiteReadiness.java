package io.opencredit.runtime.health;

import io.opencredit.runtime.consumer.EventConsumers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster answers and every event consumer is polling (the database has its own check). */
@Readiness
@ApplicationScoped
public class SuiteReadiness implements HealthCheck {

    private final String bootstrapServers;
    private final EventConsumers consumers;
    private Admin admin;

    public SuiteReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, EventConsumers consumers) {
        this.bootstrapServers = bootstrapServers;
        this.consumers = consumers;
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
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
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
