package io.opencredit.testkit.internal;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * The in-JVM KRaft broker (broker and controller in one node) of the SmallRye Kafka test companion,
 * on 127.0.0.1 and two free ports. Stop and start keep the ports, the cluster id and the log
 * directory, so topics and offsets survive a simulated outage.
 */
final class EmbeddedKafkaService implements KafkaService {

    private static final String HOST = "127.0.0.1";

    /** The secured broker's super user (SCRAM-SHA-512 on its SASL listener) and its password. */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String MECHANISM = "SCRAM-SHA-512";

    private final int partitions;
    private final boolean secured;
    private final int saslPort;
    private final int kafkaPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path logDir;
    private EmbeddedKafkaBroker broker;

    /** The broker's own categories (not the clients'), quiet unless asked otherwise. */
    private static final String[] SERVER_CATEGORIES = {"kafka", "state.change.logger", "org.apache.kafka.server",
        "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.image", "org.apache.kafka.metadata",
        "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
        "org.apache.kafka.snapshot", "org.apache.kafka.network", "org.apache.kafka.security"};
    private static final List<Logger> QUIETED = new ArrayList<>();

    EmbeddedKafkaService(int partitions) {
        this(partitions, false);
    }

    /**
     * With {@code secured}, a second broker for the O2 tests: clients connect to a SASL_PLAINTEXT
     * listener (SCRAM-SHA-512) and the KRaft {@code StandardAuthorizer} refuses what no ACL allows.
     * The inter-broker and controller listeners stay PLAINTEXT on loopback, so their principal
     * ({@code ANONYMOUS}) is a super user as the broker needs; tests use only the SASL address.
     */
    EmbeddedKafkaService(int partitions, boolean secured) {
        quietServerLogs();
        this.partitions = partitions;
        this.secured = secured;
        this.kafkaPort = Ports.free();
        this.controllerPort = Ports.free(kafkaPort);
        this.saslPort = secured ? Ports.free(kafkaPort, controllerPort) : 0;
        try {
            this.logDir = Files.createTempDirectory("opencredit-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    @Override
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        EmbeddedKafkaBroker next = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost(HOST)
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(this::configure);
        Ports.awaitFree(kafkaPort);
        Ports.awaitFree(controllerPort);
        if (secured) {
            Ports.awaitFree(saslPort);
        }
        broker = next.start();
        if (secured) {
            createAdmin();
        }
    }

    /**
     * Creates the super user's SCRAM credential through the PLAINTEXT listener (as the super user
     * {@code ANONYMOUS}) and waits until the SASL listener accepts it.
     */
    private void createAdmin() {
        Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + kafkaPort);
        try (Admin admin = Admin.create(plain)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(ADMIN,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), ADMIN_PASSWORD))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the secured broker's admin user", e);
        }
        Map<String, Object> asAdmin = new HashMap<>(adminProperties());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(asAdmin)) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the secured broker does not accept its admin user", e);
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

    /** Client properties of the super user on the SASL listener. */
    Map<String, String> adminProperties() {
        Map<String, String> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, ScramLoginModule.class.getName() + " required username=\"" + ADMIN
                + "\" password=\"" + ADMIN_PASSWORD + "\";");
        return props;
    }

    private void configure(Properties props) {
        props.put("log.dir", logDir.toString());
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", Integer.toString(partitions));
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // a clean shutdown fences the broker, so that a restart may register again at once instead
        // of waiting out the old registration's session (broker.session.timeout.ms, 9 s)
        props.put("controlled.shutdown.enable", "true");
        // small machine, several JVMs: keep the thread count down
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        props.put("group.coordinator.threads", "1");
        props.put("share.coordinator.threads", "1");
        if (secured) {
            props.put("listeners", "PLAINTEXT://" + HOST + ":" + kafkaPort + ",SASL://" + HOST + ":" + saslPort
                    + ",CONTROLLER://" + HOST + ":" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + kafkaPort + ",SASL://" + HOST + ":" + saslPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("sasl.enabled.mechanisms", MECHANISM);
            props.put("listener.name.sasl.scram-sha-512.sasl.jaas.config", ScramLoginModule.class.getName() + " required;");
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("allow.everyone.if.no.acl.found", "false");
            props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        }
    }

    /**
     * The broker logs hundreds of INFO lines; its categories go to WARN (or to the level named by
     * {@code OPENCREDIT_TEST_KAFKA_LOG_LEVEL}, a java.util.logging or JBoss level name). The
     * application's Kafka clients ({@code org.apache.kafka.clients}) keep their level.
     */
    private static synchronized void quietServerLogs() {
        String name = Settings.get(Settings.KAFKA_LOG_LEVEL);
        Level level;
        try {
            level = name == null ? Level.WARNING : org.jboss.logmanager.Level.parse(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = Level.WARNING;
        }
        for (String category : SERVER_CATEGORIES) {
            Logger logger = org.jboss.logmanager.Logger.getLogger(category);
            logger.setLevel(level);
            QUIETED.add(logger);
        }
    }

    @Override
    public String bootstrapServers() {
        return HOST + ":" + (secured ? saslPort : kafkaPort);
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public synchronized boolean running() {
        return broker != null;
    }

    @Override
    public synchronized void close() {
        stop();
        Files2.deleteQuietly(logDir);
    }

    @Override
    public String describe() {
        return "embedded Kafka (KRaft, in-JVM" + (secured ? ", SASL_PLAINTEXT " + MECHANISM + ", ACLs" : "") + ") at "
                + bootstrapServers() + ", " + partitions
                + " partition(s) per auto-created topic";
    }
}
