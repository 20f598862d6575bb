package io.opencredit.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./opencredit up [--fresh]}, {@code ./opencredit token --role R --email E} and
 * {@code ./opencredit demo}: the suite on one machine with only a JDK.
 */
public final class OpenCredit {

    /** The portal's port (SPEC §11). */
    static final int PORTAL_PORT = 8084;

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
        LocalSuite suite = new LocalSuite(root, state).withPortal(PORTAL_PORT);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // registered before anything starts, so Ctrl-C halfway through start-up leaves nothing behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            console.title("Stopping");
            suite.close();
            console.line("Stopped. State kept in " + state + " (./opencredit up --fresh wipes it).");
            stopped.countDown();
        }, "opencredit-stop"));
        try {
            suite.start(fresh, console);
        } catch (LocalSuite.StartFailed e) {
            console.warn(e.getMessage());
            return 1;
        }

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        console.title("OpenCredit is up (" + seconds + " s)");
        SuitePorts ports = suite.ports();
        for (Service service : Service.all()) {
            String url = "http://localhost:" + ports.port(service);
            console.line(String.format("  %-20s %s/api/v1   Swagger UI: %s/q/swagger-ui", service.module, url, url));
        }
        console.line(String.format("  %-20s %s   (sign in with a role and an email)", "portal", suite.portalUrl()));
        console.line("  Kafka localhost:" + ports.kafka() + "   PostgreSQL localhost:" + ports.postgres()
                + " (postgres/postgres)   SMTP localhost:" + ports.smtp());
        console.line("  A token:  ./opencredit token --role customer --email you@example.com");
        console.line("  The story: ./opencredit demo        Ctrl-C stops everything.");
        while (suite.allAlive() || stopping.get()) {
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
