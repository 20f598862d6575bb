package io.opencredit.testkit.internal;

import java.util.List;
import java.util.Map;

/**
 * What the kit's public classes ask of the JVM's one {@link Engine}, one method per operation.
 * <p>
 * Quarkus loads the kit again for each test application, so a caller's copy of this interface and
 * the engine's copy (from the system class loader) can be two classes with the same methods; the
 * kit's {@code Bridge} joins them with a proxy. That is why every parameter and result is a JDK type:
 * a kit type would be a different class on each side.
 */
public interface EngineApi {

    /**
     * Starts (once per JVM) what a Quarkus application needs, creates a fresh database named after
     * {@code database}, and returns the configuration Quarkus gets (see {@code RealInfrastructure}).
     */
    Map<String, String> start(String database, boolean smtp, Integer partitions);

    /** Starts what is not running yet: the broker and PostgreSQL (concurrently), and GreenMail with {@code smtp}. */
    void ensure(boolean smtp, Integer partitions);

    // ------------------------------------------------------------------------------------- Kafka

    /** The broker's bootstrap servers; starts it (with {@code partitions} per new topic) if need be. */
    String kafkaBootstrap(Integer partitions);

    void stopKafka();

    void startKafka();

    boolean kafkaRunning();

    /**
     * The secured broker's SASL_PLAINTEXT (SCRAM-SHA-512) bootstrap servers; starts it (once per
     * JVM, besides the default broker) if need be. Its authorizer refuses what no ACL allows.
     */
    String securedKafkaBootstrap();

    /** Client properties of the secured broker's super user: bootstrap servers, protocol, mechanism, JAAS. */
    Map<String, String> securedKafkaAdmin();

    // -------------------------------------------------------------------------------- PostgreSQL

    /**
     * Creates a fresh database for the logical name; returns the fields of {@code Database} in their
     * order: logical name, database name, JDBC URL, user, password.
     */
    String[] createDatabase(String logicalName);

    /** The latest database created for the logical name in this JVM (fields as above), or null. */
    String[] latestDatabase(String logicalName);

    /** The JDBC URL of the database with exactly this name on the server. */
    String jdbcUrl(String database);

    String jdbcUser();

    String jdbcPassword();

    void stopPostgres();

    void startPostgres();

    boolean postgresRunning();

    // ------------------------------------------------------------------------------------- SMTP

    String smtpHost();

    int smtpPort();

    void stopSmtp();

    void startSmtp();

    boolean smtpRunning();

    /** The GreenMail server, an object of the engine's class loader; null with an external SMTP server. */
    Object greenMail();

    /** The raw bytes of every message received since the start or the last purge, oldest first. */
    List<byte[]> receivedMessages();

    /** Waits until at least {@code count} messages are held; false if fewer arrived within the timeout. */
    boolean awaitMessages(int count, long timeoutMillis);

    void purgeMessages();

    // ---------------------------------------------------------------------------- diagnostics

    /** What runs where, and the start times. */
    String describe();

    /** {@code kafka}, {@code postgres}, {@code smtp} mapped to embedded, external, testcontainers or not started. */
    Map<String, String> sources();

    /** Start times in milliseconds, by server, plus the cold start's wall clock. */
    Map<String, Long> timings();
}
