package io.opencredit.testkit;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Real infrastructure for a {@code @QuarkusTest}, without Docker: a Kafka broker, PostgreSQL with a
 * fresh database per service start and, on request, an SMTP server.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = false,
 *         initArgs = {@ResourceArg(name = "database", value = "ledger"),
 *                     @ResourceArg(name = "smtp", value = "true")})
 * class SomethingIT { ... }
 * }</pre>
 *
 * Both annotations of Quarkus 3.33 work: {@code io.quarkus.test.common.QuarkusTestResource} (above;
 * {@code restrictToAnnotatedClass = false} is its default and applies the resource to every
 * {@code @QuarkusTest} of the module) and {@code io.quarkus.test.common.WithTestResource}, whose
 * {@code scope} defaults to {@code MATCHING_RESOURCES}; {@code scope = TestResourceScope.GLOBAL} is
 * the equivalent of {@code restrictToAnnotatedClass = false}.
 *
 * <h2>Init args</h2>
 * <ul>
 *   <li>{@code database}: logical database name (default {@code opencredit}); every start of this
 *       resource creates a new database named after it plus a random suffix, e.g.
 *       {@code ledger_3f9a01bc}.</li>
 *   <li>{@code smtp}: {@code true} to start GreenMail and configure the Quarkus mailer
 *       (default {@code false}).</li>
 *   <li>{@code kafka-partitions}: partition count of auto-created topics (default 1, or
 *       {@code OPENCREDIT_TEST_KAFKA_PARTITIONS}); it only counts if it is the first to start the
 *       broker in this JVM.</li>
 * </ul>
 *
 * <h2>What Quarkus gets</h2>
 * {@code kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url},
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password} and, with
 * {@code smtp=true}, {@code quarkus.mailer.host}, {@code quarkus.mailer.port},
 * {@code quarkus.mailer.mock=false}, {@code quarkus.mailer.start-tls=DISABLED},
 * {@code quarkus.mailer.from=opencredit@localhost}. Dev Services are never used (services switch them
 * off in their own configuration).
 *
 * <h2>Lifetime</h2>
 * The servers start once per JVM, on first use, and are shared by every test (and every Quarkus
 * application, test profile and class loader) of the JVM; a JVM shutdown hook stops them.
 * {@link #stop()} does nothing. Which servers are used (external ones named by environment
 * variables, Testcontainers, or the embedded ones) is described in the kit's README.
 *
 * <h2>From a test</h2>
 * The static methods reach the same servers: {@link #kafkaBootstrap()}, {@link #database(String)},
 * {@link #jdbcUrl(String)}, {@link #greenMail()}, {@link #receivedMessages()}, and outage simulation:
 * {@link #stopSmtp()}/{@link #startSmtp()}, {@link #stopKafka()}/{@link #startKafka()},
 * {@link #stopPostgres()}/{@link #startPostgres()} (each restart keeps the address).
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the logical database name. */
    public static final String DATABASE = "database";
    /** Init arg: {@code true} to start SMTP. */
    public static final String SMTP = "smtp";
    /** Init arg: default partition count of auto-created topics. */
    public static final String KAFKA_PARTITIONS = "kafka-partitions";
    /**
     * Init arg: {@code sasl-scram} hands the service the secured broker's address instead of the
     * default broker's (SPEC O2 tests); the service's own credentials and ACLs are the test's part.
     */
    public static final String KAFKA_SECURITY = "kafka-security";
    /** The secured broker's SASL mechanism. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static GreenMail bridgedGreenMail;

    private String database = "opencredit";
    private boolean smtp;
    private Integer partitions;
    private boolean securedKafka;

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs == null) {
            return;
        }
        String name = initArgs.get(DATABASE);
        if (name != null && !name.isBlank()) {
            database = name;
        }
        smtp = Boolean.parseBoolean(initArgs.getOrDefault(SMTP, "false").trim());
        String count = initArgs.get(KAFKA_PARTITIONS);
        if (count != null && !count.isBlank()) {
            partitions = Integer.parseInt(count.trim());
        }
        String security = initArgs.get(KAFKA_SECURITY);
        if (security != null && !security.isBlank()) {
            if (!"sasl-scram".equals(security.trim())) {
                throw new IllegalArgumentException(KAFKA_SECURITY + " must be sasl-scram, not " + security);
            }
            securedKafka = true;
        }
    }

    /** Starts (once per JVM) what is needed, creates a fresh database, and returns the configuration. */
    @Override
    public Map<String, String> start() {
        Map<String, String> config = Bridge.engine().start(database, smtp, partitions);
        if (securedKafka) {
            config = new LinkedHashMap<>(config);
            config.put("kafka.bootstrap.servers", securedKafkaBootstrap());
        }
        return config;
    }

    /** Nothing: the servers are shared by the whole JVM and stopped by its shutdown hook. */
    @Override
    public void stop() {
        // shared servers outlive each Quarkus application
    }

    /**
     * Starts, outside Quarkus, what is not running yet: the broker and PostgreSQL (concurrently) and,
     * with {@code withSmtp}, GreenMail. Every accessor below starts what it needs on its own; this
     * only saves time by starting everything at once.
     */
    public static void ensureStarted(boolean withSmtp) {
        Bridge.engine().ensure(withSmtp, null);
    }

    // ------------------------------------------------------------------------------------- Kafka

    /** The broker's bootstrap servers ({@code host:port}); starts the broker if need be. */
    public static String kafkaBootstrap() {
        return Bridge.engine().kafkaBootstrap(null);
    }

    /** Stops the kit's broker, keeping its data, port and cluster id (simulated outage). */
    public static void stopKafka() {
        Bridge.engine().stopKafka();
    }

    /** Starts the broker stopped by {@link #stopKafka()} again, on the same port. */
    public static void startKafka() {
        Bridge.engine().startKafka();
    }

    /** {@link #stopKafka()} then {@link #startKafka()}. */
    public static void restartKafka() {
        stopKafka();
        startKafka();
    }

    public static boolean kafkaRunning() {
        return Bridge.engine().kafkaRunning();
    }

    /**
     * The secured broker's address: a second in-JVM broker whose client listener is SASL_PLAINTEXT
     * with SCRAM-SHA-512 and whose KRaft {@code StandardAuthorizer} refuses what no ACL allows
     * ({@code allow.everyone.if.no.acl.found=false}). Started on first use, always embedded.
     */
    public static String securedKafkaBootstrap() {
        return Bridge.engine().securedKafkaBootstrap();
    }

    /** Client properties (bootstrap, protocol, mechanism, JAAS) of the secured broker's super user {@code admin}. */
    public static Map<String, Object> securedKafkaAdminProperties() {
        return new HashMap<>(Bridge.engine().securedKafkaAdmin());
    }

    /** Client properties of {@code user} on the secured broker (bootstrap servers included). */
    public static Map<String, Object> securedKafkaClientProperties(String user, String password) {
        Map<String, Object> props = new HashMap<>(scramSettings(user, password));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, securedKafkaBootstrap());
        return props;
    }

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for a SCRAM user. */
    public static Map<String, String> scramSettings(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /** Creates (or changes the password of) a SCRAM-SHA-512 user on the secured broker, as its super user. */
    public static void createSecuredKafkaUser(String user, String password) {
        try (Admin admin = Admin.create(securedKafkaAdminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Kafka user " + user, e);
        }
        // the credential reaches the broker's cache a moment after the controller accepted it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin asUser = Admin.create(securedKafkaClientProperties(user, password))) {
                asUser.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka user " + user + " cannot log in", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------- PostgreSQL

    /**
     * Creates a fresh database named after {@code logicalName} (plus a random suffix) on the shared
     * server; the resource's {@link #start()} does this for each Quarkus application.
     */
    public static Database createDatabase(String logicalName) {
        return Database.of(Bridge.engine().createDatabase(logicalName));
    }

    /** {@link #createDatabase(String)}, returning the new database's JDBC URL. */
    public static String freshDatabase(String logicalName) {
        return createDatabase(logicalName).jdbcUrl();
    }

    /**
     * The latest database created for {@code logicalName} in this JVM (by a resource start or by
     * {@link #createDatabase(String)}).
     *
     * @throws IllegalStateException if none was created under that name
     */
    public static Database database(String logicalName) {
        String[] answer = Bridge.engine().latestDatabase(logicalName);
        if (answer == null) {
            throw new IllegalStateException("no database was created for '" + logicalName + "' in this JVM");
        }
        return Database.of(answer);
    }

    /**
     * The JDBC URL of {@link #database(String) the latest database created for} {@code database};
     * if none was created under that name, of the database with exactly that name on the server.
     */
    public static String jdbcUrl(String database) {
        String[] latest = Bridge.engine().latestDatabase(database);
        if (latest != null) {
            return Database.of(latest).jdbcUrl();
        }
        return Bridge.engine().jdbcUrl(database);
    }

    public static String jdbcUser() {
        return Bridge.engine().jdbcUser();
    }

    public static String jdbcPassword() {
        return Bridge.engine().jdbcPassword();
    }

    /** A new JDBC connection to the database {@link #jdbcUrl(String)} names; close it. */
    public static Connection connect(String database) throws SQLException {
        return Database.connect(jdbcUrl(database), jdbcUser(), jdbcPassword());
    }

    /** Stops the kit's PostgreSQL server (fast shutdown), keeping its data and port. */
    public static void stopPostgres() {
        Bridge.engine().stopPostgres();
    }

    /** Starts the server stopped by {@link #stopPostgres()} again, on the same port, with its data. */
    public static void startPostgres() {
        Bridge.engine().startPostgres();
    }

    public static boolean postgresRunning() {
        return Bridge.engine().postgresRunning();
    }

    // ------------------------------------------------------------------------------------- SMTP

    /** The SMTP host; starts GreenMail if need be. */
    public static String smtpHost() {
        return Bridge.engine().smtpHost();
    }

    /** The SMTP port; starts GreenMail if need be. */
    public static int smtpPort() {
        return Bridge.engine().smtpPort();
    }

    /**
     * The GreenMail server, to read what it received: {@code greenMail().getReceivedMessages()},
     * {@code waitForIncomingEmail(timeout, count)}, {@code purgeEmailFromAllMailboxes()}.
     * <p>
     * Outside Quarkus this is the server itself. Inside a {@code @QuarkusTest} the server runs in
     * another class loader than the test (Quarkus loads GreenMail again for each application), so
     * this returns a stand-in of the test's class loader whose mailbox methods and
     * {@code start}/{@code stop}/{@code isRunning} act on the real server, and whose other methods
     * (users, managers, server objects) throw; see {@code BridgedGreenMail}. The same object
     * survives {@link #stopSmtp()}/{@link #startSmtp()}. {@link #receivedMessages()} and
     * {@link #awaitMessages(int, Duration)} do the same work without GreenMail types.
     *
     * @throws IllegalStateException with an external SMTP server
     */
    public static GreenMail greenMail() {
        Object greenMail = Bridge.engine().greenMail();
        if (greenMail == null) {
            throw new IllegalStateException("an external SMTP server is in use ("
                    + smtpHost() + ":" + smtpPort() + "); there is no GreenMail to read from");
        }
        if (greenMail instanceof GreenMail) {
            return (GreenMail) greenMail;
        }
        synchronized (RealInfrastructure.class) {
            if (bridgedGreenMail == null) {
                bridgedGreenMail = new BridgedGreenMail(smtpHost(), smtpPort());
            }
            return bridgedGreenMail;
        }
    }

    /** Every message GreenMail received since it started (or was purged), oldest first. */
    public static List<MimeMessage> receivedMessages() {
        List<byte[]> raw = Bridge.engine().receivedMessages();
        Session session = Session.getInstance(new Properties());
        List<MimeMessage> messages = new ArrayList<>(raw.size());
        for (byte[] bytes : raw) {
            try {
                messages.add(new MimeMessage(session, new ByteArrayInputStream(bytes)));
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot parse a received message", e);
            }
        }
        return Collections.unmodifiableList(messages);
    }

    /**
     * Waits until GreenMail holds at least {@code count} messages, then returns them all.
     *
     * @throws AssertionError if fewer arrived within the timeout
     */
    public static List<MimeMessage> awaitMessages(int count, Duration timeout) {
        boolean arrived = Bridge.engine().awaitMessages(count, timeout.toMillis());
        List<MimeMessage> messages = receivedMessages();
        if (!arrived) {
            throw new AssertionError("expected at least " + count + " message(s) within " + timeout
                    + ", received " + messages.size());
        }
        return messages;
    }

    /** Deletes every message GreenMail holds. */
    public static void purgeMessages() {
        Bridge.engine().purgeMessages();
    }

    /**
     * Stops the SMTP server (simulated outage): connections to its port are refused until
     * {@link #startSmtp()}. GreenMail forgets the messages it held.
     */
    public static void stopSmtp() {
        Bridge.engine().stopSmtp();
    }

    /** Starts the SMTP server stopped by {@link #stopSmtp()} again, on the same port. */
    public static void startSmtp() {
        Bridge.engine().startSmtp();
    }

    /** Same as {@link #startSmtp()}. */
    public static void startSmtpAgain() {
        startSmtp();
    }

    public static boolean smtpRunning() {
        return Bridge.engine().smtpRunning();
    }

    // ---------------------------------------------------------------------------- diagnostics

    /** What runs where, and how long each server took to start (ms). */
    public static String describe() {
        return Bridge.engine().describe();
    }

    /**
     * Where each server comes from: {@code kafka}, {@code postgres}, {@code smtp} mapped to
     * {@code embedded}, {@code external} (named by an environment variable), {@code testcontainers}
     * or {@code not started}. Stopping and starting servers is only possible when embedded.
     */
    public static Map<String, String> sources() {
        return Bridge.engine().sources();
    }

    /** Start times in milliseconds: {@code kafka}, {@code postgres}, {@code smtp}, cold start wall clock. */
    public static Map<String, Long> startTimes() {
        return Bridge.engine().timings();
    }
}
