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

/**
 * The infrastructure of a local run, with its state on disk under the state directory so that a
 * restart finds the earlier topics, databases and mail: a single-node KRaft broker, one PostgreSQL
 * server with a database per service, and an SMTP server whose mail {@link MailCapture} prints.
 */
final class LocalInfrastructure implements AutoCloseable {

    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 15432;
    static final int SMTP_PORT = 2525;
    /** Fixed so that the broker's formatted log directory is reused across restarts. */
    private static final String CLUSTER_ID = "b3BlbmNyZWRpdGxvY2FsMQ";

    private final Path state;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgres postgres;
    private GreenMail smtp;
    private MailCapture mail;

    LocalInfrastructure(Path state) {
        this.state = state;
    }

    void start(Console console) throws IOException, SQLException {
        Path kafkaDir = Files.createDirectories(state.resolve("kafka"));
        console.step("Kafka (KRaft) on localhost:" + KAFKA_PORT);
        kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(KAFKA_PORT)
                .withControllerPort(KAFKA_CONTROLLER_PORT)
                .withClusterId(CLUSTER_ID)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.put("log.dirs", kafkaDir.toAbsolutePath().toString());
                    props.put("num.partitions", "3");
                    props.put("auto.create.topics.enable", "true");
                    props.put("log.flush.interval.messages", "1");
                })
                .start();

        console.step("PostgreSQL on localhost:" + POSTGRES_PORT + " (databases: activation, ledger, alerting, billing)");
        Path pgDir = Files.createDirectories(state.resolve("postgres"));
        postgres = EmbeddedPostgres.builder()
                .setPort(POSTGRES_PORT)
                .setDataDirectory(pgDir)
                .setCleanDataDirectory(false)
                .start();
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

        console.step("SMTP on localhost:" + SMTP_PORT + " (mail printed here and kept in " + state.resolve("mail") + ")");
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        mail = new MailCapture(smtp, Files.createDirectories(state.resolve("mail")), console);
        mail.start();
    }

    String kafkaBootstrap() {
        return "localhost:" + KAFKA_PORT;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/" + database;
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
