package io.opencredit.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./opencredit up [--fresh]}, {@code ./opencredit token --role R --email E} and
 * {@code ./opencredit demo}: the suite on one machine with only a JDK.
 */
public final class OpenCredit {

    private OpenCredit() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("opencredit.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve(System.getProperty("opencredit.state", ".opencredit"));
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "help" : args[0];
        int exit = switch (command) {
            case "up" -> up(root, state, rest.contains("--fresh"));
            case "token" -> token(root, rest);
            case "demo" -> Demo.run(root, rest);
            default -> help();
        };
        System.exit(exit);
    }

    private static int help() {
        System.out.println("""
                usage: ./opencredit up [--fresh]                      start the suite (Ctrl-C stops it)
                       ./opencredit token --role R --email E          print a bearer token (roles: operator, customer, reseller, meter)
                       ./opencredit demo                              drive a whole story against a running suite""");
        return 2;
    }

    private static int token(Path root, List<String> args) throws Exception {
        String role = option(args, "--role", "customer");
        String email = option(args, "--email", role + "@example.com");
        System.out.println(new LocalTokens(root).mint(role, email, Duration.ofHours(12)));
        return 0;
    }

    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static int up(Path root, Path state, boolean fresh) throws Exception {
        Console console = new Console();
        long started = System.nanoTime();
        List<Integer> ports = List.of(LocalInfrastructure.KAFKA_PORT, LocalInfrastructure.KAFKA_CONTROLLER_PORT,
                LocalInfrastructure.POSTGRES_PORT, LocalInfrastructure.SMTP_PORT);
        ServiceProcesses services = new ServiceProcesses(root, state);
        if (Files.exists(state)) {
            services.killLeftovers(console);
        }
        for (int port : ports) {
            if (!Ports.isFree(port)) {
                console.warn("port " + port + " is already in use: stop what holds it (another ./opencredit up?) and try again");
                return 1;
            }
        }
        for (Service service : Service.all()) {
            if (!Ports.isFree(service.port)) {
                console.warn("port " + service.port + " (" + service.module + ") is already in use: stop what holds it and try again");
                return 1;
            }
        }
        if (fresh && Files.exists(state)) {
            console.step("--fresh: wiping " + state);
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(state);

        LocalInfrastructure infrastructure = new LocalInfrastructure(state);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            console.title("Stopping");
            services.close();
            infrastructure.close();
            console.line("Stopped. State kept in " + state + " (./opencredit up --fresh wipes it).");
            stopped.countDown();
        }, "opencredit-stop"));

        console.title("Starting infrastructure (state in " + state + ")");
        infrastructure.start(console);

        console.title("Starting services");
        String secret = System.getenv().getOrDefault("OPENCREDIT_WEBHOOK_SECRET", "local-dev-secret");
        for (Service service : Service.all()) {
            Map<String, String> env = new HashMap<>();
            env.put("OPENCREDIT_KAFKA_BOOTSTRAP", infrastructure.kafkaBootstrap());
            env.put("OPENCREDIT_DB_URL", infrastructure.jdbcUrl(service.database));
            env.put("OPENCREDIT_DB_USER", "postgres");
            env.put("OPENCREDIT_DB_PASSWORD", "postgres");
            env.put("OPENCREDIT_CLOCK_ADJUSTABLE", "true");
            env.put("OPENCREDIT_JWT_ISSUER", LocalTokens.ISSUER);
            env.put("OPENCREDIT_JWT_PUBLIC_KEY_LOCATION", "opencredit/dev/jwt-public.pem");
            env.put("OPENCREDIT_WEBHOOK_SECRET", secret);
            env.put("QUARKUS_MAILER_HOST", "localhost");
            env.put("QUARKUS_MAILER_PORT", Integer.toString(LocalInfrastructure.SMTP_PORT));
            env.put("QUARKUS_MAILER_FROM", "opencredit@localhost");
            env.put("QUARKUS_MAILER_MOCK", "false");
            services.start(service, env);
            console.step("started " + service.module + " (log: " + state.resolve("logs").resolve(service.module + ".log") + ")");
        }
        console.progress("  waiting for readiness ");
        if (!services.awaitReady(console, Duration.ofMinutes(3))) {
            console.warn("the suite did not start; stopping");
            System.exit(1);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        console.title("OpenCredit is up (" + seconds + " s)");
        for (Service service : Service.all()) {
            console.line(String.format("  %-20s %s/api/v1   Swagger UI: %s/q/swagger-ui", service.module, service.url(), service.url()));
        }
        console.line("  Kafka localhost:" + LocalInfrastructure.KAFKA_PORT + "   PostgreSQL localhost:" + LocalInfrastructure.POSTGRES_PORT
                + " (postgres/postgres)   SMTP localhost:" + LocalInfrastructure.SMTP_PORT);
        console.line("  A token:  ./opencredit token --role customer --email you@example.com");
        console.line("  The story: ./opencredit demo        Ctrl-C stops everything.");
        while (services.allAlive() || stopping.get()) {
            if (stopping.get()) {
                stopped.await();
                return 0;
            }
            Thread.sleep(1000);
        }
        console.warn("a service exited; see the logs in " + state.resolve("logs"));
        return 1;
    }
}
