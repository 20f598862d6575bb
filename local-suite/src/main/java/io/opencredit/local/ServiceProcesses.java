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

/** Starts each service as its own JVM, waits for readiness, and stops them all without orphans. */
final class ServiceProcesses implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+UseSerialGC");

    private final Path root;
    private final Path state;
    private final Map<Service, Process> running = new LinkedHashMap<>();

    ServiceProcesses(Path root, Path state) {
        this.root = root;
        this.state = state;
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
                h.destroy();
            });
        }
        Files.delete(pids);
    }

    void start(Service service, Map<String, String> environment) throws IOException {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        Path log = Files.createDirectories(state.resolve("logs")).resolve(service.module + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        running.put(service, process);
        Files.writeString(state.resolve("pids"), process.pid() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Waits until every started service answers ready; false if one died or took too long. */
    boolean awaitReady(Console console, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Service> waiting = new ArrayList<>(running.keySet());
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (Service service : List.copyOf(waiting)) {
                if (!running.get(service).isAlive()) {
                    console.warn(service.module + " exited; see " + state.resolve("logs").resolve(service.module + ".log"));
                    return false;
                }
                if (ready(http, service)) {
                    console.step(service.module + " ready on " + service.url());
                    waiting.remove(service);
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

    private static boolean ready(HttpClient http, Service service) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    boolean allAlive() {
        return running.values().stream().allMatch(Process::isAlive);
    }

    @Override
    public void close() {
        for (Process process : running.values()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : running.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
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
