package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/deploy.md keeps up with the code and the manifests: every Secret a pod or the ObjectStore needs is
 * made by an operator or by a command the guide gives, and the configuration reference names every
 * environment variable and every opencredit.* setting the services read.
 */
class DeployGuideTest {

    private static final Pattern CREATE_SECRET = Pattern.compile("create secret generic ([a-z0-9-]+)");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(OPENCREDIT_[A-Z0-9_]+)");
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface (\\w+)");
    private static final Pattern ACCESSOR = Pattern.compile("^\\s+([\\w<>, .]+?)\\s+(\\w+)\\(\\);");

    @Test
    void every_secret_is_made_by_an_operator_or_by_a_documented_command() {
        List<ObjectNode> objects = Kustomize.overlay("production");
        Set<String> made = new TreeSet<>();
        for (ObjectNode object : objects) {
            String name = object.path("metadata").path("name").asText();
            switch (object.path("kind").asText()) {
                case "KafkaUser" -> made.add(name);
                case "Kafka" -> made.add(name + "-cluster-ca-cert");
                case "Cluster" -> {
                    made.add(name + "-app");
                    made.add(name + "-ca");
                }
                default -> {
                }
            }
        }
        Matcher documented = CREATE_SECRET.matcher(guide());
        while (documented.find()) {
            made.add(documented.group(1));
        }
        Set<String> needed = new TreeSet<>();
        for (ObjectNode object : objects) {
            JsonNode pod = Policies.podSpec(object);
            if (pod != null) {
                needed.addAll(pod.findValuesAsText("secretName"));
                for (JsonNode ref : pod.findValues("secretKeyRef")) {
                    needed.add(ref.path("name").asText());
                }
                for (JsonNode ref : pod.findValues("secretRef")) {
                    needed.add(ref.path("name").asText());
                }
            }
            if (object.path("kind").asText().equals("ObjectStore")) {
                for (JsonNode credential : object.path("spec").path("configuration").path("s3Credentials")) {
                    needed.add(credential.path("name").asText());
                }
            }
        }
        assertThat(needed).isNotEmpty();
        assertThat(made).as("Secrets made by the operators or by docs/deploy.md's commands").containsAll(needed);
    }

    @Test
    void the_configuration_reference_names_every_variable_and_setting() {
        String guide = guide();
        List<String> missing = new ArrayList<>();
        for (String variable : environmentVariables()) {
            if (!guide.contains("`" + variable + "`")) {
                missing.add(variable);
            }
        }
        for (String setting : mappedSettings()) {
            if (!guide.contains("`" + setting)) {
                missing.add(setting);
            }
        }
        assertThat(missing).as("not in docs/deploy.md's configuration reference").isEmpty();
    }

    /** OPENCREDIT_* variables the services' and common-runtime's configuration files read. */
    static Set<String> environmentVariables() {
        Set<String> variables = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        for (String service : Services.NAMES) {
            files.add(Repo.path(service + "/src/main/resources/application.properties"));
        }
        files.add(Repo.path("common-runtime/src/main/resources/META-INF/microprofile-config.properties"));
        for (Path file : files) {
            Matcher m = ENV_REFERENCE.matcher(Repo.read(file));
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        return variables;
    }

    /** The property names of every @ConfigMapping interface, groups expanded (a map's keys left open). */
    static Set<String> mappedSettings() {
        Set<String> settings = new TreeSet<>();
        for (Path file : mappingFiles()) {
            List<String> lines = Repo.read(file).lines().toList();
            Matcher prefix = PREFIX.matcher(String.join("\n", lines));
            if (!prefix.find()) {
                continue;
            }
            Map<String, List<String[]>> interfaces = new LinkedHashMap<>();
            String current = null;
            for (String line : lines) {
                Matcher type = INTERFACE.matcher(line);
                if (type.find()) {
                    current = type.group(1);
                    interfaces.put(current, new ArrayList<>());
                    continue;
                }
                Matcher accessor = ACCESSOR.matcher(line);
                if (current != null && accessor.find()) {
                    interfaces.get(current).add(new String[] {accessor.group(1), accessor.group(2)});
                }
            }
            String root = interfaces.keySet().iterator().next();
            expand(prefix.group(1), root, interfaces, settings);
        }
        return settings;
    }

    private static void expand(String prefix, String type, Map<String, List<String[]>> interfaces, Set<String> settings) {
        for (String[] accessor : interfaces.get(type)) {
            String name = prefix + "." + accessor[1].replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (interfaces.containsKey(accessor[0])) {
                expand(name, accessor[0], interfaces, settings);
            } else {
                settings.add(name);
            }
        }
    }

    private static List<Path> mappingFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Repo.root())) {
            for (Path module : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> walk = Files.walk(module)) {
                    walk.filter(f -> f.toString().endsWith(".java") && Repo.read(f).contains("@ConfigMapping(prefix"))
                            .forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String guide() {
        return Repo.read(Repo.path("docs/deploy.md"));
    }
}
