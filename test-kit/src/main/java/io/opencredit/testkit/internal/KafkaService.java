package io.opencredit.testkit.internal;

/** A Kafka broker the kit hands to services: its own, a container, or an external one. */
public interface KafkaService {

    String bootstrapServers();

    /** Stops the broker (its data is kept) to simulate an outage. */
    void stop();

    /** Starts a stopped broker again on the same address, with the data it had. */
    void start();

    boolean running();

    /** Stops for good and removes what it wrote; called once, from the JVM shutdown hook. */
    void close();

    String describe();
}
