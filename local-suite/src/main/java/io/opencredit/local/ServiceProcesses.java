package io.opencredit.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts each service instance as its own JVM, waits for readiness, and stops them all without
 * orphans. An instance is named after its module ({@code ledger-service}); extra instances of a
 * module (a second ledger on another port, in the same consumer groups) get their own name. For
 * fault injection an instance can be killed with SIGKILL, paused with SIGSTOP and resumed, and
 * restarted with the environment it first had.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+UseSerialGC",
            // SPEC O4: a service that runs out of memory ends at once instead of limping on with dead threads
            "-XX:+ExitOnOutOfMemoryError");

    /** One instance: its name, the module it runs, its HTTP port and its environment. */
    private record Instance(String name, Service service, int port, Map<String, String> environment) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    private final Path root;
    private final Path state;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private volatile boolean snapshots;

    ServiceProcesses(Path root, Path state) {
        this.root = root;
        this.state = state;
    }

    /**
     * Runs each module from a copy of its {@code target/quarkus-app} taken at its first start (in
     * the state directory), so that a rebuild of the working tree during a long run (a clean
     * build deletes the jars a running JVM still loads classes from) cannot break the services.
     */
    void useSnapshots() {
        snapshots = true;
    }

    private Path quarkusApp(Service service) throws IOException {
        Path built = root.resolve(service.module).resolve("target/quarkus-app");
        if (!snapshots) {
            return built;
        }
        Path copy = state.resolve("apps").resolve(service.module);
        if (!Files.exists(copy.resolve("quarkus-run.jar"))) {
            try (var paths = Files.walk(built)) {
                for (Path source : (Iterable<Path>) paths::iterator) {
                    Path target = copy.resolve(built.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return copy;
    }

    /** Ends services a killed earlier run left behind (their pids are kept in the state directory). */
    void killLeftovers(Console console) throws IOException {
        Path pids = state.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) {
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(line.trim()));
            handle.filter(h -> h.info().commandLine().orElse("").contains("quarkus-run.jar")).ifPresent(h -> {
                console.warn("stopping service process " + h.pid() + " left by an earlier run");
                signal(h.pid(), "CONT"); // a paused leftover would not react to SIGTERM
                h.destroy();
            });
        }
        Files.delete(pids);
    }

    /** Starts an instance of the service under a name of its own, on the given port. */
    synchronized void start(String name, Service service, int port, Map<String, String> environment) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Instance instance = new Instance(name, service, port, Map.copyOf(env));
        instances.put(name, instance);
        launch(instance);
    }

    private synchronized void launch(Instance instance) throws IOException {
        Path jar = quarkusApp(instance.service()).resolve("quarkus-run.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        Path log = Files.createDirectories(state.resolve("logs")).resolve(instance.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(instance.environment());
        Process process = builder.start();
        running.put(instance.name(), process);
        Files.writeString(state.resolve("pids"), process.pid() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The names of the instances started so far, main instances first. */
    synchronized List<String> names() {
        return List.copyOf(instances.keySet());
    }

    synchronized long pid(String name) {
        return process(name).pid();
    }

    /** SIGKILL: the instance dies at once, wherever it was; waits until the process is gone. */
    void kill(String name) throws InterruptedException {
        Process process;
        synchronized (this) {
            process = process(name);
        }
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Starts a killed (or exited) instance again with its first environment. */
    synchronized void restart(String name) throws IOException {
        Instance instance = instances.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no instance named " + name);
        }
        Process old = running.get(name);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + old.pid() + ")");
        }
        launch(instance);
    }

    /** SIGSTOP: the JVM stops in its tracks (heartbeats included) until {@link #resume}. */
    void pause(String name) {
        signal(pid(name), "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume(String name) {
        signal(pid(name), "CONT");
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    private Process process(String name) {
        Process process = running.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no instance named " + name);
        }
        return process;
    }

    /** Waits until every started instance answers ready; false if one died or took too long. */
    boolean awaitReady(Console console, Duration timeout) throws InterruptedException {
        return awaitReady(console, names(), timeout);
    }

    /** Waits until the named instances answer ready; false if one died or took too long. */
    boolean awaitReady(Console console, List<String> names, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(names);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (String name : List.copyOf(waiting)) {
                Instance instance;
                Process process;
                synchronized (this) {
                    instance = instances.get(name);
                    process = running.get(name);
                }
                if (!process.isAlive()) {
                    console.warn(name + " exited; see " + state.resolve("logs").resolve(name + ".log"));
                    return false;
                }
                if (ready(http, instance)) {
                    console.step(name + " ready on " + instance.url());
                    waiting.remove(name);
                }
            }
            if (!waiting.isEmpty()) {
                console.progress(".");
                Thread.sleep(1000);
            }
        }
        if (!waiting.isEmpty()) {
            console.warn("not ready in time: " + waiting);
            return false;
        }
        return true;
    }

    private static boolean ready(HttpClient http, Instance instance) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(instance.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    synchronized boolean allAlive() {
        return running.values().stream().allMatch(Process::isAlive);
    }

    @Override
    public synchronized void close() {
        for (Process process : running.values()) {
            if (process.isAlive()) {
                try {
                    signal(process.pid(), "CONT"); // a paused JVM would not run its shutdown hooks
                } catch (IllegalStateException e) {
                    // it may have exited in between
                }
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : running.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
        try {
            Files.deleteIfExists(state.resolve("pids"));
        } catch (IOException e) {
            // nothing left to stop
        }
    }
}
