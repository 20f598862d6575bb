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
 * the system tests, which start it the same way on free ports ({@link #withPorts(SuitePorts)}).
 */
public final class LocalSuite implements AutoCloseable {

    /** The suite could not start; the message says why in one line. */
    public static final class StartFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailed(String message) {
            super(message);
        }
    }

    /**
     * The payment webhook secret the suite's gateway gets ({@code OPENCREDIT_WEBHOOK_SECRET}, or
     * {@code local-dev-secret} when unset); the demo and the system tests sign with it.
     */
    public static final String WEBHOOK_SECRET = System.getenv().getOrDefault("OPENCREDIT_WEBHOOK_SECRET", "local-dev-secret");

    private final Path root;
    private final Path state;
    private final int partitions;
    private final Map<String, String> extraEnvironment;
    private final ServiceProcesses services;
    private volatile SuitePorts ports = SuitePorts.standard();
    private volatile int portalPort = -1;
    private volatile LocalInfrastructure infrastructure;

    /**
     * A suite not yet started, on the standard ports; {@link #close()} is safe at any point, also
     * halfway through {@link #start}.
     */
    public LocalSuite(Path root, Path state) {
        this(root, state, 3, Map.of());
    }

    /**
     * A suite whose topics get {@code partitions} partitions and whose services get
     * {@code extraEnvironment} on top of the usual settings (e.g. shorter timers for fault runs).
     */
    public LocalSuite(Path root, Path state, int partitions, Map<String, String> extraEnvironment) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        this.root = root;
        this.state = state;
        this.partitions = partitions;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.services = new ServiceProcesses(root, state);
    }

    /** The partition count of the suite's topics. */
    public int partitions() {
        return partitions;
    }

    /** Listens on {@code ports} instead of the standard ones (tests: {@link SuitePorts#free()}); before {@link #start}. */
    public LocalSuite withPorts(SuitePorts ports) {
        if (infrastructure != null) {
            throw new IllegalStateException("the suite is started already");
        }
        this.ports = ports;
        return this;
    }

    /**
     * Starts the portal too (SPEC §11), on this port, once the services are ready: with the local sign-in and
     * the clock controls on, calling this suite's services. {@code ./opencredit up} uses 8084.
     */
    public LocalSuite withPortal(int port) {
        if (infrastructure != null) {
            throw new IllegalStateException("the suite is started already");
        }
        this.portalPort = port;
        return this;
    }

    /** {@code http://localhost:<port>} of the portal; only with {@link #withPortal(int)}. */
    public String portalUrl() {
        if (portalPort < 0) {
            throw new IllegalStateException("this suite runs no portal");
        }
        return "http://localhost:" + portalPort;
    }

    /**
     * Runs the services from copies of their built applications taken at start (see
     * {@link ServiceProcesses#useSnapshots()}): for long test runs on a working tree others rebuild.
     */
    public LocalSuite withServiceSnapshots() {
        services.useSnapshots();
        return this;
    }

    /** Starts this suite; on failure everything already started is stopped again. */
    public LocalSuite startOrClose(boolean fresh, Console console) throws Exception {
        try {
            start(fresh, console);
            return this;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    public void start(boolean fresh, Console console) throws Exception {
        if (Files.exists(state)) {
            services.killLeftovers(console);
        }
        for (int port : ports.infrastructure()) {
            if (!Ports.isFree(port)) {
                throw new StartFailed("port " + port + " is already in use: stop what holds it (another ./opencredit up?) and try again");
            }
        }
        for (Service service : Service.all()) {
            int port = ports.port(service);
            if (!Ports.isFree(port)) {
                throw new StartFailed("port " + port + " (" + service.module + ") is already in use: stop what holds it and try again");
            }
            if (!Files.exists(root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"))) {
                throw new StartFailed(service.module + " is not built: run ./mvnw -DskipTests install");
            }
        }
        if (portalPort >= 0) {
            if (!Ports.isFree(portalPort)) {
                throw new StartFailed("port " + portalPort + " (portal) is already in use: stop what holds it and try again");
            }
            if (!Files.exists(root.resolve("portal/target/quarkus-app/quarkus-run.jar"))) {
                throw new StartFailed("portal is not built: run ./mvnw -DskipTests install");
            }
        }
        if (fresh && Files.exists(state)) {
            console.step("--fresh: wiping " + state);
            wipe(state);
        }
        Files.createDirectories(state);

        infrastructure = new LocalInfrastructure(state, ports, partitions);
        console.title("Starting infrastructure (state in " + state + ")");
        infrastructure.start(console);
        console.title("Starting services");
        for (Service service : Service.all()) {
            services.start(service.module, service, ports.port(service), environment(service));
            console.step("started " + service.module + " (log: " + state.resolve("logs").resolve(service.module + ".log") + ")");
        }
        console.progress("  waiting for readiness ");
        if (!services.awaitReady(console, Duration.ofMinutes(3))) {
            throw new StartFailed("the suite did not become ready; see the logs in " + state.resolve("logs"));
        }
        if (portalPort >= 0) {
            services.start(Service.PORTAL.module, Service.PORTAL, portalPort, portalEnvironment());
            console.step("started portal (log: " + state.resolve("logs").resolve("portal.log") + ")");
            if (!services.awaitReady(console, List.of(Service.PORTAL.module), Duration.ofMinutes(2))) {
                throw new StartFailed("the portal did not become ready; see " + state.resolve("logs").resolve("portal.log"));
            }
        }
    }

    /** The portal calls this suite's services and signs people in locally with the development key. */
    private Map<String, String> portalEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENCREDIT_ACTIVATION_URL", ports.apiUrl(Service.ACTIVATION.module));
        env.put("OPENCREDIT_LEDGER_URL", ports.apiUrl(Service.LEDGER.module));
        env.put("OPENCREDIT_ALERTING_URL", ports.apiUrl(Service.ALERTING.module));
        env.put("OPENCREDIT_GATEWAY_URL", ports.apiUrl(Service.BILLING_GATEWAY.module));
        env.put("OPENCREDIT_PORTAL_LOCAL_SIGN_IN", "true");
        env.put("OPENCREDIT_PORTAL_SIGNING_KEY", root.resolve(LocalTokens.PRIVATE_KEY).toString());
        env.put("OPENCREDIT_CLOCK_ADJUSTABLE", "true");
        env.putAll(extraEnvironment);
        return env;
    }

    private Map<String, String> environment(Service service) {
        Map<String, String> env = new HashMap<>();
        // a development setup: the committed JWT key, local-dev-secret, the adjustable clock, Swagger UI (SPEC O1)
        env.put("OPENCREDIT_UNSAFE_DEV_MODE", "true");
        env.put("OPENCREDIT_TOPICS_PARTITIONS", Integer.toString(partitions));
        env.put("OPENCREDIT_KAFKA_BOOTSTRAP", ports.kafkaBootstrap());
        env.put("OPENCREDIT_DB_URL", ports.jdbcUrl(service.database));
        env.put("OPENCREDIT_DB_USER", "postgres");
        env.put("OPENCREDIT_DB_PASSWORD", "postgres");
        env.put("OPENCREDIT_CLOCK_ADJUSTABLE", "true");
        env.put("OPENCREDIT_JWT_ISSUER", LocalTokens.ISSUER);
        env.put("OPENCREDIT_JWT_PUBLIC_KEY_LOCATION", "opencredit/dev/jwt-public.pem");
        env.put("OPENCREDIT_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("QUARKUS_MAILER_HOST", "localhost");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(ports.smtp()));
        env.put("QUARKUS_MAILER_FROM", "opencredit@localhost");
        env.put("QUARKUS_MAILER_MOCK", "false");
        env.putAll(extraEnvironment);
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

    // ---- fault injection (the system tests' fault run) -------------------------------------------

    /** The service instances started so far by name: the four modules, then any extra instances. */
    public List<String> instances() {
        return services.names();
    }

    /** The operating-system process id of an instance. */
    public long pid(String instance) {
        return services.pid(instance);
    }

    /** kill -9 of an instance; returns when the process is gone. */
    public void kill(String instance) throws InterruptedException {
        services.kill(instance);
    }

    /** Starts a killed instance again with its first settings and waits until it is ready. */
    public void restart(String instance, Duration readyWithin) throws IOException, InterruptedException {
        services.restart(instance);
        awaitReady(List.of(instance), readyWithin);
    }

    /** kill -STOP of an instance: it stops, heartbeats and all, until {@link #resume}. */
    public void pause(String instance) {
        services.pause(instance);
    }

    /** kill -CONT after {@link #pause}. */
    public void resume(String instance) {
        services.resume(instance);
    }

    /**
     * Starts one more instance of a module (e.g. a second {@code ledger-service} on
     * {@link SuitePorts#freePort()}) with the same settings as the first: same database and consumer
     * groups, so partitions are shared.
     */
    public void startInstance(String name, String module, int port, Duration readyWithin) throws IOException, InterruptedException {
        Service service = Service.of(module);
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("port " + port + " is already in use");
        }
        services.start(name, service, port, environment(service));
        awaitReady(List.of(name), readyWithin);
    }

    /** Waits until every named instance answers ready; throws if one died or took too long. */
    public void awaitReady(List<String> instances, Duration within) throws InterruptedException {
        if (!services.awaitReady(new Console(), instances, within)) {
            throw new IllegalStateException(instances + " not ready within " + within + "; see the logs in " + state.resolve("logs"));
        }
    }

    /** Stops the Kafka broker, keeps it away for {@code down}, and starts it on the same log directory and port. */
    public void restartBroker(Duration down) throws IOException, InterruptedException {
        infrastructure.restartKafka(down);
    }

    /** PostgreSQL immediate shutdown, {@code down} away, then a start on the same data directory and port. */
    public void restartPostgres(Duration down) throws IOException, InterruptedException {
        infrastructure.restartPostgresImmediately(down);
    }

    /** Every email the suite's SMTP server accepted so far. */
    public List<MailCapture.Mail> receivedMail() {
        return infrastructure.receivedMail();
    }

    /** Where this suite listens. */
    public SuitePorts ports() {
        return ports;
    }

    /** {@code http://localhost:<port>/api/v1} of a module's main instance ({@code ledger-service}, ...). */
    public String apiUrl(String module) {
        return ports.apiUrl(module);
    }

    /** The broker's bootstrap address. */
    public String kafkaBootstrap() {
        return ports.kafkaBootstrap();
    }

    /** The JDBC URL of a service's database (user and password {@code postgres}). */
    public String jdbcUrl(String database) {
        return ports.jdbcUrl(database);
    }

    /** The directory of the services' logs. */
    public Path logs() {
        return state.resolve("logs");
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
