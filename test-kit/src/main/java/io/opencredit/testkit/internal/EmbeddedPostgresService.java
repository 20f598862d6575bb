package io.opencredit.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/**
 * One zonky embedded PostgreSQL per JVM on 127.0.0.1 and a free port, tuned for tests (no fsync).
 * With the system property {@value #DURABLE} = true (benchmarks) it runs as a production server
 * would: fsync, full page writes and synchronous commit on, and 256 MB of shared buffers.
 * The data directory lives under zonky's working directory ({@code java.io.tmpdir/embedded-pg}),
 * where a later JVM's zonky reaps it should this JVM die without running its shutdown hook.
 * Stop and start keep the port and the data.
 */
final class EmbeddedPostgresService implements PostgresService {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    /** System property: start PostgreSQL durable (fsync on) instead of tuned for tests. */
    public static final String DURABLE = "opencredit.testkit.durable";

    private final int port;
    private final File dataDirectory;
    private EmbeddedPostgres postgres;

    EmbeddedPostgresService() {
        this.port = Ports.free();
        File workingDirectory = new File(System.getProperty("ot.epg.working-dir",
                new File(System.getProperty("java.io.tmpdir"), "embedded-pg").getPath()));
        this.dataDirectory = new File(workingDirectory, "opencredit-" + UUID.randomUUID());
        start();
    }

    @Override
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        Ports.awaitFree(port);
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", durable() ? "on" : "off")
                    .setServerConfig("full_page_writes", durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", durable() ? "256MB" : "32MB")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    static boolean durable() {
        return Boolean.getBoolean(DURABLE);
    }

    @Override
    public String adminJdbcUrl() {
        return jdbcUrl("postgres");
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        // trust authentication: any password is accepted, a non-empty one keeps every client happy
        return PASSWORD;
    }

    @Override
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }

    @Override
    public synchronized boolean running() {
        return postgres != null;
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            Files2.deleteQuietly(dataDirectory.toPath());
        }
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL (zonky) at 127.0.0.1:" + port;
    }
}
