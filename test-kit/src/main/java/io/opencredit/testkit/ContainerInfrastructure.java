package io.opencredit.testkit;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers path of {@link RealInfrastructure}, for machines with a Docker engine
 * ({@code OPENCREDIT_TEST_INFRA=testcontainers}). Loaded only on that path, so the default path
 * never touches Docker.
 */
final class ContainerInfrastructure {

    record Endpoints(String kafkaBootstrap, String jdbcBase, String user, String password) {
    }

    private ContainerInfrastructure() {
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
    static Endpoints start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");
        kafka.start();
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16");
        postgres.start();
        String jdbc = postgres.getJdbcUrl();
        return new Endpoints(kafka.getBootstrapServers(), jdbc.substring(0, jdbc.lastIndexOf('/') + 1),
                postgres.getUsername(), postgres.getPassword());
    }
}
