package io.opencredit.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Real infrastructure for a {@code @QuarkusTest}, without Docker:
 * <pre>
 * &#64;QuarkusTestResource(value = RealInfrastructure.class, initArgs = {
 *         &#64;ResourceArg(name = "database", value = "ledger"),
 *         &#64;ResourceArg(name = "smtp", value = "true")})
 * </pre>
 * Started once per test JVM and shared by every test of the module: a Kafka broker (KRaft), one
 * PostgreSQL server with a fresh database per service under test, and, with {@code smtp=true}, a
 * GreenMail SMTP server. All listen on loopback.
 *
 * <p>Order of choice: (1) environment variables naming external servers
 * ({@code OPENCREDIT_TEST_KAFKA_BOOTSTRAP}, {@code OPENCREDIT_TEST_JDBC_URL} with
 * {@code _USER}/{@code _PASSWORD} — a fresh database is still created on it —, and
 * {@code OPENCREDIT_TEST_SMTP_HOST}/{@code _PORT}); (2) with {@code OPENCREDIT_TEST_INFRA=testcontainers}
 * (environment or system property) and a Docker engine, Testcontainers ({@link ContainerInfrastructure});
 * (3) otherwise embedded servers in this JVM. Dev Services are never used.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(RealInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static String kafkaBootstrap;
    private static String jdbcBase;
    private static String jdbcUser;
    private static String jdbcPassword;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedPostgres postgres;
    private static GreenMail greenMail;
    private static String smtpHost;
    private static int smtpPort;

    private String database = "service";
    private boolean smtp;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "service").replaceAll("[^a-z0-9_]", "_");
        smtp = Boolean.parseBoolean(initArgs.getOrDefault("smtp", "false"));
    }

    @Override
    public Map<String, String> start() {
        ensureStarted(smtp);
        String name = database + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        createDatabase(name);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(name));
        config.put("quarkus.datasource.username", jdbcUser);
        config.put("quarkus.datasource.password", jdbcPassword);
        if (smtp) {
            config.put("quarkus.mailer.host", smtpHost);
            config.put("quarkus.mailer.port", Integer.toString(smtpPort));
            config.put("quarkus.mailer.mock", "false");
            config.put("quarkus.mailer.start-tls", "DISABLED");
            config.put("quarkus.mailer.from", "opencredit@localhost");
        }
        return config;
    }

    @Override
    public void stop() {
        // shared by every test of the JVM; stopped by the shutdown hook
    }

    /** Starts what is not yet running; safe to call from plain JUnit tests too. */
    public static synchronized void ensureStarted(boolean withSmtp) {
        long started = System.nanoTime();
        if (kafkaBootstrap == null) {
            startKafkaAndPostgres();
            Runtime.getRuntime().addShutdownHook(new Thread(RealInfrastructure::shutdown, "real-infrastructure-stop"));
            LOG.infof("real infrastructure up in %d ms: kafka %s, postgres %s", (System.nanoTime() - started) / 1_000_000,
                    kafkaBootstrap, jdbcBase);
        }
        if (withSmtp && smtpHost == null) {
            startSmtp();
        }
    }

    private static void startKafkaAndPostgres() {
        String externalKafka = System.getenv("OPENCREDIT_TEST_KAFKA_BOOTSTRAP");
        String externalJdbc = System.getenv("OPENCREDIT_TEST_JDBC_URL");
        boolean containers = "testcontainers".equalsIgnoreCase(System.getProperty("opencredit.test.infra",
                System.getenv().getOrDefault("OPENCREDIT_TEST_INFRA", "")));
        if (containers && (externalKafka == null || externalJdbc == null)) {
            ContainerInfrastructure.Endpoints endpoints = ContainerInfrastructure.start();
            externalKafka = externalKafka != null ? externalKafka : endpoints.kafkaBootstrap();
            if (externalJdbc == null) {
                jdbcBase = endpoints.jdbcBase();
                jdbcUser = endpoints.user();
                jdbcPassword = endpoints.password();
            }
        }
        if (externalKafka != null) {
            kafkaBootstrap = externalKafka;
        } else {
            int port = freePort();
            broker = new EmbeddedKafkaBroker()
                    .withNodeId(0)
                    .withKafkaHost("localhost")
                    .withKafkaPort(port)
                    .withControllerPort(freePort())
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(props -> {
                        props.put("auto.create.topics.enable", "true");
                        props.put("num.partitions", System.getProperty("opencredit.test.partitions", "1"));
                        props.put("group.initial.rebalance.delay.ms", "0");
                        props.put("offsets.topic.num.partitions", "3");
                        props.put("log.cleaner.enable", "true");
                    })
                    .start();
            kafkaBootstrap = "localhost:" + port;
        }
        if (externalJdbc != null) {
            jdbcBase = externalJdbc.substring(0, externalJdbc.lastIndexOf('/') + 1);
            jdbcUser = System.getenv().getOrDefault("OPENCREDIT_TEST_JDBC_USER", "postgres");
            jdbcPassword = System.getenv().getOrDefault("OPENCREDIT_TEST_JDBC_PASSWORD", "postgres");
        } else if (jdbcBase == null) {
            try {
                postgres = EmbeddedPostgres.builder().setPort(freePort()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            jdbcBase = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            jdbcUser = "postgres";
            jdbcPassword = "postgres";
        }
    }

    private static void startSmtp() {
        String externalHost = System.getenv("OPENCREDIT_TEST_SMTP_HOST");
        if (externalHost != null) {
            smtpHost = externalHost;
            smtpPort = Integer.parseInt(System.getenv().getOrDefault("OPENCREDIT_TEST_SMTP_PORT", "25"));
            return;
        }
        smtpHost = "127.0.0.1";
        smtpPort = freePort();
        greenMail = new GreenMail(new ServerSetup(smtpPort, smtpHost, ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    private static void createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcBase + "postgres", jdbcUser, jdbcPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
    }

    private static synchronized void shutdown() {
        if (greenMail != null) {
            greenMail.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.debug("closing PostgreSQL failed", e);
            }
        }
    }

    /** Bootstrap servers of the running broker. */
    public static String kafkaBootstrap() {
        ensureStarted(false);
        return kafkaBootstrap;
    }

    /** JDBC URL of a database on the running server. */
    public static String jdbcUrl(String database) {
        ensureStarted(false);
        return jdbcBase + database;
    }

    public static String jdbcUser() {
        return jdbcUser;
    }

    public static String jdbcPassword() {
        return jdbcPassword;
    }

    /** A fresh database on the running server; returns its JDBC URL. */
    public static String freshDatabase(String prefix) {
        ensureStarted(false);
        String name = prefix + "_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        createDatabase(name);
        return jdbcUrl(name);
    }

    /** The embedded SMTP server, to read what it received; null when an external one is used. */
    public static GreenMail greenMail() {
        return greenMail;
    }

    /** Stops the embedded SMTP server, as an outage; {@link #startSmtpAgain()} brings it back on the same port. */
    public static synchronized void stopSmtp() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    public static synchronized void startSmtpAgain() {
        if (greenMail != null) {
            greenMail = new GreenMail(new ServerSetup(smtpPort, smtpHost, ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    public static int smtpPort() {
        return smtpPort;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
