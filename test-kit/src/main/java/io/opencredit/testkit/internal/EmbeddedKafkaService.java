package io.opencredit.testkit.internal;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.Uuid;

/**
 * The in-JVM KRaft broker (broker and controller in one node) of the SmallRye Kafka test companion,
 * on 127.0.0.1 and two free ports. Stop and start keep the ports, the cluster id and the log
 * directory, so topics and offsets survive a simulated outage.
 */
final class EmbeddedKafkaService implements KafkaService {

    private static final String HOST = "127.0.0.1";

    private final int partitions;
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
        quietServerLogs();
        this.partitions = partitions;
        this.kafkaPort = Ports.free();
        this.controllerPort = Ports.free(kafkaPort);
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
        broker = next.start();
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
        return HOST + ":" + kafkaPort;
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
        return "embedded Kafka (KRaft, in-JVM) at " + bootstrapServers() + ", " + partitions
                + " partition(s) per auto-created topic";
    }
}
