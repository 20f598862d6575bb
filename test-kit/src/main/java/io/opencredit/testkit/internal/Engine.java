package io.opencredit.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The JVM-wide owner of the test infrastructure: one broker, one PostgreSQL server and one SMTP
 * server per JVM, started lazily, stopped by a shutdown hook.
 * <p>
 * Quarkus runs each test application (each test profile, each set of restricted test resources)
 * in class loaders of its own, and may load the kit once per application. So that they all share
 * one set of servers, the public classes of the kit do not hold the servers themselves: they reach
 * {@link #instance()} of this class loaded from the system class loader when it can be, through
 * {@link EngineApi} (see {@code Bridge}), and only JDK types cross that line.
 * <p>
 * The unit tier ({@code ./mvnw test}, system property {@code opencredit.test.tier=unit}) starts no
 * server here: a test that needs one is an {@code *IT}.
 */
public final class Engine implements EngineApi {

    private static final Logger LOG = Logger.getLogger("io.opencredit.testkit");
    private static final Engine INSTANCE = new Engine();

    /** System property the build sets for each test tier; {@code unit} forbids real infrastructure. */
    public static final String TIER = "opencredit.test.tier";

    private static final Object KAFKA_LOCK = new Object();
    private static final Object POSTGRES_LOCK = new Object();
    private static final Object SMTP_LOCK = new Object();

    private static volatile KafkaService kafka;
    private static volatile EmbeddedKafkaService securedKafka;
    private static volatile PostgresService postgres;
    private static volatile SmtpService smtp;
    private static volatile boolean hookRegistered;

    private static final Map<String, String[]> LATEST_DATABASE = new ConcurrentHashMap<>();
    private static final Map<String, Long> TIMINGS = Collections.synchronizedMap(new LinkedHashMap<>());

    private Engine() {
    }

    /** The engine of this class loader; {@code Bridge} calls it reflectively on the system loader's copy. */
    public static EngineApi instance() {
        return INSTANCE;
    }

    // ---------------------------------------------------------------- operations

    @Override
    public String kafkaBootstrap(Integer partitions) {
        return kafka(partitions).bootstrapServers();
    }

    @Override
    public void stopKafka() {
        kafka(null).stop();
    }

    @Override
    public void startKafka() {
        kafka(null).start();
    }

    @Override
    public String securedKafkaBootstrap() {
        return securedKafka().bootstrapServers();
    }

    @Override
    public Map<String, String> securedKafkaAdmin() {
        return securedKafka().adminProperties();
    }

    @Override
    public boolean kafkaRunning() {
        return kafka != null && kafka.running();
    }

    @Override
    public String[] latestDatabase(String logicalName) {
        return LATEST_DATABASE.get(logicalKey(logicalName));
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres().jdbcUrl(database);
    }

    @Override
    public String jdbcUser() {
        return postgres().user();
    }

    @Override
    public String jdbcPassword() {
        return postgres().password();
    }

    @Override
    public void stopPostgres() {
        postgres().stop();
    }

    @Override
    public void startPostgres() {
        postgres().start();
    }

    @Override
    public boolean postgresRunning() {
        return postgres != null && postgres.running();
    }

    @Override
    public String smtpHost() {
        return smtp().host();
    }

    @Override
    public int smtpPort() {
        return smtp().port();
    }

    @Override
    public void stopSmtp() {
        smtp().stop();
    }

    @Override
    public void startSmtp() {
        smtp().start();
    }

    @Override
    public boolean smtpRunning() {
        return smtp != null && smtp.running();
    }

    @Override
    public Object greenMail() {
        return smtp().greenMail();
    }

    @Override
    public List<byte[]> receivedMessages() {
        return smtp().receivedMessages();
    }

    @Override
    public boolean awaitMessages(int count, long timeoutMillis) {
        return smtp().awaitMessages(count, timeoutMillis);
    }

    @Override
    public void purgeMessages() {
        smtp().purge();
    }

    @Override
    public Map<String, Long> timings() {
        synchronized (TIMINGS) {
            return new LinkedHashMap<>(TIMINGS);
        }
    }

    // ---------------------------------------------------------------- start for a service

    @Override
    public Map<String, String> start(String database, boolean withSmtp, Integer partitions) {
        ensure(withSmtp, partitions);
        String[] db = createDatabase(database);
        KafkaService broker = kafka(partitions);
        SmtpService mail = withSmtp ? smtp() : null;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", db[2]);
        config.put("quarkus.datasource.username", db[3]);
        config.put("quarkus.datasource.password", db[4]);
        if (mail != null) {
            config.put("quarkus.mailer.host", mail.host());
            config.put("quarkus.mailer.port", Integer.toString(mail.port()));
            config.put("quarkus.mailer.mock", "false");
            config.put("quarkus.mailer.start-tls", "DISABLED");
            config.put("quarkus.mailer.from", "opencredit@localhost");
        }
        return config;
    }

    /** Starts what is missing; PostgreSQL (initdb and a postmaster process) meanwhile the broker. */
    @Override
    public void ensure(boolean withSmtp, Integer partitions) {
        if (kafka != null && postgres != null && (!withSmtp || smtp != null)) {
            return;
        }
        long begin = System.nanoTime();
        boolean cold = kafka == null && postgres == null;
        ClassLoader loader = Engine.class.getClassLoader();
        CompletableFuture<PostgresService> pg = postgres != null ? CompletableFuture.completedFuture(postgres)
                : CompletableFuture.supplyAsync(() -> withLoader(loader, Engine::postgres));
        try {
            kafka(partitions);
            if (withSmtp) {
                smtp();
            }
        } finally {
            try {
                pg.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            }
        }
        if (cold) {
            TIMINGS.put("cold start, wall clock", millisSince(begin));
            LOG.infof("OpenCredit test infrastructure started in %d ms: %s", millisSince(begin), describe());
        }
    }

    private static <T> T withLoader(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    // ---------------------------------------------------------------- components

    private static KafkaService kafka(Integer partitions) {
        KafkaService current = kafka;
        if (current != null) {
            return current;
        }
        synchronized (KAFKA_LOCK) {
            if (kafka == null) {
                refuseInUnitTier("a Kafka broker");
                long begin = System.nanoTime();
                String external = Settings.get(Settings.KAFKA_BOOTSTRAP);
                int count = configuredPartitions(partitions);
                if (external != null) {
                    kafka = new ExternalKafka(external);
                } else if (testcontainers()) {
                    kafka = (KafkaService) invokeTestcontainers("kafka", count);
                } else {
                    kafka = new EmbeddedKafkaService(count);
                }
                registerShutdownHook();
                TIMINGS.put("kafka", millisSince(begin));
                LOG.infof("%s ready in %d ms", kafka.describe(), millisSince(begin));
            }
            return kafka;
        }
    }

    /** The SASL/SCRAM broker with ACLs (always embedded): only the O2 tests ask for it. */
    private static EmbeddedKafkaService securedKafka() {
        synchronized (KAFKA_LOCK) {
            if (securedKafka == null) {
                refuseInUnitTier("a Kafka broker");
                long begin = System.nanoTime();
                securedKafka = new EmbeddedKafkaService(configuredPartitions(null), true);
                registerShutdownHook();
                TIMINGS.put("kafka-secured", millisSince(begin));
                LOG.infof("%s ready in %d ms", securedKafka.describe(), millisSince(begin));
            }
            return securedKafka;
        }
    }

    /** {@code ./mvnw test} is the fast tier: a test there that starts a server belongs in {@code ./mvnw verify}. */
    private static void refuseInUnitTier(String server) {
        if ("unit".equals(System.getProperty(TIER))) {
            throw new IllegalStateException("a unit test asked for " + server + ": ./mvnw test runs *Test and *Tests "
                    + "without real infrastructure; name the test class *IT so that ./mvnw verify runs it (failsafe)");
        }
    }

    private static int configuredPartitions(Integer asked) {
        if (asked != null) {
            return asked;
        }
        return Settings.intValue(Settings.KAFKA_PARTITIONS, 1);
    }

    private static PostgresService postgres() {
        PostgresService current = postgres;
        if (current != null) {
            return current;
        }
        synchronized (POSTGRES_LOCK) {
            if (postgres == null) {
                refuseInUnitTier("PostgreSQL");
                long begin = System.nanoTime();
                String external = Settings.get(Settings.JDBC_URL);
                if (external != null) {
                    String user = Settings.get(Settings.JDBC_USER);
                    String password = Settings.get(Settings.JDBC_PASSWORD);
                    postgres = new ExternalPostgres(external, user != null ? user : "postgres",
                            password != null ? password : "");
                } else if (testcontainers()) {
                    postgres = (PostgresService) invokeTestcontainers("postgres");
                } else {
                    postgres = new EmbeddedPostgresService();
                }
                registerShutdownHook();
                TIMINGS.put("postgres", millisSince(begin));
                LOG.infof("%s ready in %d ms", postgres.describe(), millisSince(begin));
            }
            return postgres;
        }
    }

    private static SmtpService smtp() {
        SmtpService current = smtp;
        if (current != null) {
            return current;
        }
        synchronized (SMTP_LOCK) {
            if (smtp == null) {
                refuseInUnitTier("an SMTP server");
                long begin = System.nanoTime();
                String host = Settings.get(Settings.SMTP_HOST);
                if (host != null) {
                    smtp = new ExternalSmtp(host, Settings.intValue(Settings.SMTP_PORT, 25));
                } else {
                    smtp = new GreenMailSmtp();
                }
                registerShutdownHook();
                TIMINGS.put("smtp", millisSince(begin));
                LOG.infof("%s ready in %d ms", smtp.describe(), millisSince(begin));
            }
            return smtp;
        }
    }

    // ---------------------------------------------------------------- databases

    /** Creates a fresh database for the logical name; returns {logical, name, url, user, password}. */
    @Override
    public String[] createDatabase(String logicalName) {
        String logical = logicalKey(logicalName);
        PostgresService server = postgres();
        String name = logical + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL | 0x100000000L)
                .substring(1);
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (server.password() != null && !server.password().isEmpty()) {
            props.setProperty("password", server.password());
        }
        try (Connection connection = new org.postgresql.Driver().connect(server.adminJdbcUrl(), props);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + server.describe(), e);
        }
        String[] db = {logical, name, server.jdbcUrl(name), server.user(), server.password()};
        LATEST_DATABASE.put(logical, db);
        LOG.infof("created database %s (%s)", name, db[2]);
        return db;
    }

    /** The logical name as PostgreSQL takes it unquoted: lower case letters, digits, underscores. */
    static String logicalKey(String logicalName) {
        String name = logicalName == null || logicalName.isBlank() ? "opencredit" : logicalName;
        name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!Character.isLetter(name.charAt(0))) {
            name = "db_" + name;
        }
        return name.length() > 40 ? name.substring(0, 40) : name;
    }

    // ---------------------------------------------------------------- testcontainers

    private static final String TESTCONTAINERS = "io.opencredit.testkit.internal.TestcontainersServices";
    private static volatile Boolean testcontainersUsable;

    private static synchronized boolean testcontainers() {
        if (!Settings.testcontainersRequested()) {
            return false;
        }
        if (testcontainersUsable == null) {
            boolean usable;
            try {
                usable = (Boolean) invokeTestcontainers("dockerAvailable");
                if (!usable) {
                    LOG.warnf("%s=testcontainers but no Docker engine answers: using the embedded servers",
                            Settings.INFRA);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warnf("%s=testcontainers but Testcontainers cannot be loaded (%s): add "
                        + "org.testcontainers:kafka and org.testcontainers:postgresql to the test classpath; "
                        + "using the embedded servers", Settings.INFRA, e);
                usable = false;
            }
            testcontainersUsable = usable;
        }
        return testcontainersUsable;
    }

    private static Object invokeTestcontainers(String method, Object... args) {
        try {
            Class<?> type = Class.forName(TESTCONTAINERS, true, Engine.class.getClassLoader());
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i] instanceof Integer ? int.class : args[i].getClass();
            }
            Method m = type.getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot use " + TESTCONTAINERS, e);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private static synchronized void registerShutdownHook() {
        if (hookRegistered) {
            return;
        }
        hookRegistered = true;
        Thread hook = new Thread(Engine::shutdown, "opencredit-test-infrastructure-shutdown");
        hook.setContextClassLoader(Engine.class.getClassLoader());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void shutdown() {
        long begin = System.nanoTime();
        List<Thread> closers = new ArrayList<>();
        closers.add(closer("smtp", () -> smtp != null ? smtp::close : null));
        closers.add(closer("kafka", () -> kafka != null ? kafka::close : null));
        closers.add(closer("kafka-secured", () -> securedKafka != null ? securedKafka::close : null));
        closers.add(closer("postgres", () -> postgres != null ? postgres::close : null));
        for (Thread closer : closers) {
            try {
                closer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.debugf("test infrastructure stopped in %d ms", millisSince(begin));
    }

    private static Thread closer(String name, Supplier<Runnable> action) {
        Thread thread = new Thread(() -> {
            Runnable close = action.get();
            if (close == null) {
                return;
            }
            try {
                close.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not stop %s", name);
            }
        }, "opencredit-test-infrastructure-stop-" + name);
        thread.setContextClassLoader(Engine.class.getClassLoader());
        thread.start();
        return thread;
    }

    @Override
    public Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        // exact classes: the Testcontainers servers are (anonymous) subclasses of the external ones
        sources.put("kafka", kafka == null ? "not started" : kafka instanceof EmbeddedKafkaService ? "embedded"
                : kafka.getClass() == ExternalKafka.class ? "external" : "testcontainers");
        sources.put("postgres", postgres == null ? "not started" : postgres instanceof EmbeddedPostgresService
                ? "embedded" : postgres.getClass() == ExternalPostgres.class ? "external" : "testcontainers");
        sources.put("smtp", smtp == null ? "not started" : smtp instanceof GreenMailSmtp ? "embedded" : "external");
        return sources;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(kafka != null ? kafka.describe() : "Kafka not started").append("; ");
        text.append(postgres != null ? postgres.describe() : "PostgreSQL not started").append("; ");
        text.append(smtp != null ? smtp.describe() : "SMTP not started");
        synchronized (TIMINGS) {
            if (!TIMINGS.isEmpty()) {
                text.append("; start times (ms) ").append(TIMINGS);
            }
        }
        return text.toString();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
