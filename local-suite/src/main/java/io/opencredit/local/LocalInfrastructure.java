package io.opencredit.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The infrastructure of a local run, with its state on disk under the state directory so that a
 * restart finds the earlier topics, databases and mail: a single-node KRaft broker, one PostgreSQL
 * server with a database per service, and an SMTP server whose mail {@link MailCapture} prints.
 */
final class LocalInfrastructure implements AutoCloseable {

    /** Fixed so that the broker's formatted log directory is reused across restarts. */
    private static final String CLUSTER_ID = "b3BlbmNyZWRpdGxvY2FsMQ";

    private final Path state;
    private final SuitePorts ports;
    private final int partitions;
    private volatile EmbeddedKafkaBroker kafka;
    private volatile EmbeddedPostgres postgres;
    private GreenMail smtp;
    private MailCapture mail;

    /** On {@code ports}, with {@code partitions} as the broker's default number of partitions of a new topic. */
    LocalInfrastructure(Path state, SuitePorts ports, int partitions) {
        this.state = state;
        this.ports = ports;
        this.partitions = partitions;
    }

    void start(Console console) throws IOException, SQLException {
        console.step("Kafka (KRaft) on localhost:" + ports.kafka());
        startKafka();

        console.step("PostgreSQL on localhost:" + ports.postgres() + " (databases: activation, ledger, alerting, billing)");
        startPostgres();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (Service service : Service.all()) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + service.database + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                statement.execute("CREATE DATABASE " + service.database);
            }
        }

        console.step("SMTP on localhost:" + ports.smtp() + " (mail printed here and kept in " + state.resolve("mail") + ")");
        smtp = new GreenMail(new ServerSetup(ports.smtp(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        mail = new MailCapture(smtp, Files.createDirectories(state.resolve("mail")), console);
        mail.start();
    }

    private void startKafka() throws IOException {
        Path kafkaDir = Files.createDirectories(state.resolve("kafka"));
        kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(ports.kafka())
                .withControllerPort(ports.kafkaController())
                .withClusterId(CLUSTER_ID)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.put("log.dirs", kafkaDir.toAbsolutePath().toString());
                    props.put("num.partitions", Integer.toString(partitions));
                    props.put("auto.create.topics.enable", "true");
                    props.put("log.flush.interval.messages", "1");
                })
                .start();
    }

    private void startPostgres() throws IOException {
        Path pgDir = Files.createDirectories(state.resolve("postgres"));
        postgres = EmbeddedPostgres.builder()
                .setPort(ports.postgres())
                .setDataDirectory(pgDir)
                .setCleanDataDirectory(false)
                // zonky turns synchronous_commit off for speed: then a crash (or an immediate stop) loses
                // transactions already reported committed, which no real deployment does; state on disk
                // must survive a crash as it would in production
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
    }

    /**
     * Stops the broker and starts it again on the same port, log directory and cluster id; the
     * topics, their records and the committed offsets survive. {@code down} is how long it stays away.
     */
    synchronized void restartKafka(Duration down) throws IOException, InterruptedException {
        kafka.close();
        Thread.sleep(down.toMillis());
        startKafka();
    }

    /**
     * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster, as {@code pg_ctl stop -m immediate}:
     * no checkpoint, open transactions lost, crash recovery at the next start), then a start on the
     * same data directory and port. {@code down} is how long it stays away.
     */
    synchronized void restartPostgresImmediately(Duration down) throws IOException, InterruptedException {
        Path pidFile = state.resolve("postgres").resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
        if (!quit.waitFor(10, TimeUnit.SECONDS) || quit.exitValue() != 0) {
            throw new IllegalStateException("kill -QUIT " + pid + " failed");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (postmaster.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException("the postmaster " + pid + " did not stop");
        }
        postgres.close(); // releases the data directory's lock; its pg_ctl stop finds nothing to stop
        Thread.sleep(down.toMillis());
        startPostgres();
    }

    /** Every email the SMTP server accepted so far, in arrival order. */
    List<MailCapture.Mail> receivedMail() {
        return mail == null ? List.of() : mail.received();
    }

    @Override
    public void close() {
        if (mail != null) {
            mail.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // the process is going away anyway
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
