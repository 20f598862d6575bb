package io.opencredit.testkit.internal;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and PostgreSQL in Docker containers, for {@code OPENCREDIT_TEST_INFRA=testcontainers}.
 * <p>
 * This is the only class of the kit that names Testcontainers. The engine loads it by name, and
 * only on that path, so the default path never touches Docker, and a module that does not have the
 * (optional) {@code org.testcontainers:testcontainers-kafka} and
 * {@code org.testcontainers:testcontainers-postgresql}
 * dependencies does not need them.
 */
final class TestcontainersServices {

    static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String DEFAULT_POSTGRES_IMAGE = "postgres:16-alpine";

    private TestcontainersServices() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static KafkaService kafka(int partitions) {
        String image = Settings.get(Settings.KAFKA_IMAGE);
        KafkaContainer container = new KafkaContainer(image != null ? image : DEFAULT_KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(partitions))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ExternalKafka(container.getBootstrapServers()) {
            @Override
            public boolean running() {
                return container.isRunning();
            }

            @Override
            public void close() {
                container.stop();
            }

            @Override
            public String describe() {
                return "Kafka container " + container.getDockerImageName() + " at " + container.getBootstrapServers();
            }
        };
    }

    static PostgresService postgres() {
        String image = Settings.get(Settings.POSTGRES_IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(image != null ? image : DEFAULT_POSTGRES_IMAGE)
                .withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200");
        container.start();
        return new ExternalPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword()) {
            @Override
            public boolean running() {
                return container.isRunning();
            }

            @Override
            public void close() {
                container.stop();
            }

            @Override
            public String describe() {
                return "PostgreSQL container " + container.getDockerImageName() + " at " + container.getJdbcUrl();
            }
        };
    }
}
