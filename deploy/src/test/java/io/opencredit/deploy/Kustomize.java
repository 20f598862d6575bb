package io.opencredit.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders deploy/kubernetes overlays with {@code kubectl kustomize}, as {@code kubectl apply -k} would.
 * The overlays need the site's git-ignored site.env: the render works on a copy of the tree in which
 * site.env is the committed example. Without kubectl the tests fail rather than skip: CI installs it.
 */
final class Kustomize {

    static final List<String> OVERLAYS = List.of("production", "dev");

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects an overlay applies, rendered once per test run. */
    static List<ObjectNode> overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> {
            Path copy = copyWithExampleSiteSettings();
            return Repo.yamlDocuments(render(copy.resolve("overlays").resolve(n)).output());
        });
    }

    /** kubectl kustomize's output and exit code for a directory. */
    static Result render(Path directory) {
        String kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", directory.toString())
                    .redirectErrorStream(false).start();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String stdout, String errors) {
        /** The rendered stream; a failed render fails the test with kustomize's message. */
        String output() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl kustomize failed (" + exitCode + "): " + errors);
            }
            return stdout;
        }
    }

    private static volatile String checkedKubectl;

    /**
     * kubectl from KUBECTL, else from the PATH; its absence fails the build (CI installs it). Its kustomize must
     * be 5 or newer (labels, replacements, replicas): Debian 12's own kubernetes-client is 1.20 with kustomize 2.
     */
    static String kubectl() {
        String kubectl = checkedKubectl;
        if (kubectl == null) {
            kubectl = findKubectl();
            String version = run(kubectl, "version", "--client");
            Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
            if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
                throw new AssertionError(kubectl + " brings no kustomize 5 or newer (kubectl 1.27+ does): " + version.strip());
            }
            checkedKubectl = kubectl;
        }
        return kubectl;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(1, TimeUnit.MINUTES);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String findKubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("kubectl not found on the PATH (nor KUBECTL): the deploy module renders the "
                + "Kubernetes overlays with `kubectl kustomize`. Install it (Debian: apt-get install kubectl).");
    }

    /** A copy of deploy/kubernetes in which every overlay's site.env is its site.env.example. */
    static Path copyWithExampleSiteSettings() {
        Path copy = copyOfTree();
        for (String overlay : OVERLAYS) {
            Path dir = copy.resolve("overlays").resolve(overlay);
            try {
                Files.copy(dir.resolve("site.env.example"), dir.resolve("site.env"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    /** A copy of deploy/kubernetes as committed: an operator's own site.env files are left out. */
    static Path copyOfTree() {
        Path source = Repo.path("deploy/kubernetes");
        try {
            Path target = Files.createTempDirectory(Files.createDirectories(Repo.path("deploy/target")), "kustomize-");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path relative = source.relativize(file);
                    if (relative.getFileName() != null && relative.getFileName().toString().equals("site.env")) {
                        continue;
                    }
                    Path destination = target.resolve(relative.toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
