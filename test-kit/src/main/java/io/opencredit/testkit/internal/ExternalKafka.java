package io.opencredit.testkit.internal;

/** A broker named by {@code OPENCREDIT_TEST_KAFKA_BOOTSTRAP}, used as is. */
final class ExternalKafka implements KafkaService {

    private final String bootstrap;

    ExternalKafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void stop() {
        throw Unsupported.on("stopping Kafka", describe());
    }

    @Override
    public void start() {
        throw Unsupported.on("starting Kafka", describe());
    }

    @Override
    public boolean running() {
        return true;
    }

    @Override
    public void close() {
        // not ours
    }

    @Override
    public String describe() {
        return "external Kafka at " + bootstrap + " (" + Settings.KAFKA_BOOTSTRAP + ")";
    }
}
