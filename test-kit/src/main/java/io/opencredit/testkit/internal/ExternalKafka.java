package io.opencredit.testkit.internal;

/** A broker named by {@code OPENCREDIT_TEST_KAFKA_BOOTSTRAP}, used as is. */
class ExternalKafka extends UnmanagedServer implements KafkaService {

    private final String bootstrap;

    ExternalKafka(String bootstrap) {
        super("Kafka");
        this.bootstrap = bootstrap;
    }

    @Override
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public String describe() {
        return "external Kafka at " + bootstrap + " (" + Settings.KAFKA_BOOTSTRAP + ")";
    }
}
