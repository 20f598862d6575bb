package io.opencredit.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite on this machine: infrastructure with state under {@code state}, and the four
 * services as separate JVMs with the adjustable clock on. Used by {@code ./opencredit up} and by
 * the system tests, which start it the same way.
 */
public final class LocalSuite implements AutoCloseable {

    /** The suite could not start; the message says why in one line. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailed(String message) {
            super(message);
        }
    }

    private final Path root;
    private final Path state;
    private final ServiceProcesses services;
    private volatile LocalInfrastructure infrastructure;

    /** A suite not yet started; {@link #close()} is safe at any point, also halfway through {@link #start}. */
    public LocalSuite(Path root, Path state) {
        this.root = root;
        this.state = state;
        this.services = new ServiceProcesses(root, state);
    }

    /** Starts a suite; on failure everything already started is stopped again. */
    public static LocalSuite start(Path root, Path state, boolean fresh, Console console) throws Exception {
        LocalSuite suite = new LocalSuite(root, state);
        try {
            suite.start(fresh, console);
            return suite;
        } catch (Exception e) {
            suite.close();
            throw e;
        }
    }

    public void start(boolean fresh, Console console) throws Exception {
        if (Files.exists(state)) {
            services.killLeftovers(console);
        }
        List<Integer> ports = List.of(LocalInfrastructure.KAFKA_PORT, LocalInfrastructure.KAFKA_CONTROLLER_PORT,
                LocalInfrastructure.POSTGRES_PORT, LocalInfrastructure.SMTP_PORT);
        for (int port : ports) {
            if (!Ports.isFree(port)) {
                throw new StartFailed("port " + port + " is already in use: stop what holds it (another ./opencredit up?) and try again");
            }
        }
        for (Service service : Service.all()) {
            if (!Ports.isFree(service.port)) {
                throw new StartFailed("port " + service.port + " (" + service.module + ") is already in use: stop what holds it and try again");
            }
            if (!Files.exists(root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"))) {
                throw new StartFailed(service.module + " is not built: run ./mvnw -DskipTests install");
            }
        }
        if (fresh && Files.exists(state)) {
            console.step("--fresh: wiping " + state);
            wipe(state);
        }
        Files.createDirectories(state);

        infrastructure = new LocalInfrastructure(state);
        console.title("Starting infrastructure (state in " + state + ")");
        infrastructure.start(console);
        console.title("Starting services");
        for (Service service : Service.all()) {
            services.start(service, environment(service, infrastructure));
            console.step("started " + service.module + " (log: " + state.resolve("logs").resolve(service.module + ".log") + ")");
        }
        console.progress("  waiting for readiness ");
        if (!services.awaitReady(console, Duration.ofMinutes(3))) {
            throw new StartFailed("the suite did not become ready; see the logs in " + state.resolve("logs"));
        }
    }

    private static Map<String, String> environment(Service service, LocalInfrastructure infrastructure) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENCREDIT_KAFKA_BOOTSTRAP", infrastructure.kafkaBootstrap());
        env.put("OPENCREDIT_DB_URL", infrastructure.jdbcUrl(service.database));
        env.put("OPENCREDIT_DB_USER", "postgres");
        env.put("OPENCREDIT_DB_PASSWORD", "postgres");
        env.put("OPENCREDIT_CLOCK_ADJUSTABLE", "true");
        env.put("OPENCREDIT_JWT_ISSUER", LocalTokens.ISSUER);
        env.put("OPENCREDIT_JWT_PUBLIC_KEY_LOCATION", "opencredit/dev/jwt-public.pem");
        env.put("OPENCREDIT_WEBHOOK_SECRET", System.getenv().getOrDefault("OPENCREDIT_WEBHOOK_SECRET", "local-dev-secret"));
        env.put("QUARKUS_MAILER_HOST", "localhost");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(LocalInfrastructure.SMTP_PORT));
        env.put("QUARKUS_MAILER_FROM", "opencredit@localhost");
        env.put("QUARKUS_MAILER_MOCK", "false");
        return env;
    }

    private static void wipe(Path state) throws IOException {
        try (var paths = Files.walk(state)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public boolean allAlive() {
        return services.allAlive();
    }

    @Override
    public synchronized void close() {
        services.close();
        if (infrastructure != null) {
            infrastructure.close();
            infrastructure = null;
        }
    }
}
