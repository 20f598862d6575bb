package io.opencredit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a rendered overlay must keep beyond its schemas (issue 15). Each returns the violations it
 * finds, named by object, so that a failing build says what to fix; PolicyChecksTest proves each one
 * refuses a broken manifest.
 */
final class Policies {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|JAAS|_KEY|PRIVATE).*");
    private static final String VERSION_LABEL = "app.kubernetes.io/version";

    private Policies() {
    }

    static List<String> all(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        violations.addAll(restrictedContainers(objects));
        violations.addAll(noLiteralSecrets(objects));
        violations.addAll(noStrimziV1beta2(objects));
        violations.addAll(selectorsWithoutVersion(objects));
        violations.addAll(defaultDenyNetwork(objects));
        violations.addAll(noUnsetSiteValues(objects));
        return violations;
    }

    /**
     * Every container: CPU and memory requests and limits; startup, liveness and readiness probes on
     * /q/health/started, /live and /ready; the restricted security context (non-root, read-only root
     * filesystem with a writable /tmp, no privilege escalation, ALL capabilities dropped, RuntimeDefault
     * seccomp); a JVM sized from the limit that exits on OutOfMemoryError.
     */
    static List<String> restrictedContainers(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            JsonNode pod = podSpec(object);
            if (pod == null) {
                continue;
            }
            String where = name(object);
            if (pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean()) {
                violations.add(where + ": uses the host's namespaces");
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("hostPath")) {
                    violations.add(where + ": mounts a hostPath volume");
                }
            }
            boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
            boolean podSeccomp = "RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText());
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode container : containers) {
                String c = where + " container " + container.path("name").asText();
                JsonNode resources = container.path("resources");
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (resources.path(kind).path(resource).isMissingNode()) {
                            violations.add(c + ": no " + resource + " in resources." + kind);
                        }
                    }
                }
                probe(violations, c, container, "startupProbe", "/q/health/started");
                probe(violations, c, container, "livenessProbe", "/q/health/live");
                probe(violations, c, container, "readinessProbe", "/q/health/ready");
                JsonNode security = container.path("securityContext");
                if (!(security.path("runAsNonRoot").asBoolean(false) || podNonRoot)) {
                    violations.add(c + ": runAsNonRoot is not true");
                }
                if (security.path("runAsUser").isInt() && security.path("runAsUser").asInt() == 0
                        || pod.path("securityContext").path("runAsUser").isInt() && pod.path("securityContext").path("runAsUser").asInt() == 0) {
                    violations.add(c + ": runs as user 0");
                }
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(c + ": readOnlyRootFilesystem is not true");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(c + ": allowPrivilegeEscalation is not false");
                }
                if (security.path("privileged").asBoolean(false)) {
                    violations.add(c + ": privileged");
                }
                Set<String> dropped = new HashSet<>();
                security.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                if (!dropped.contains("ALL")) {
                    violations.add(c + ": capabilities.drop lacks ALL");
                }
                if (security.path("capabilities").path("add").size() > 0) {
                    violations.add(c + ": adds capabilities");
                }
                String seccomp = security.path("seccompProfile").path("type").asText(podSeccomp ? "RuntimeDefault" : "");
                if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                    violations.add(c + ": seccompProfile is not RuntimeDefault");
                }
                if (!writableTmp(pod, container)) {
                    violations.add(c + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
                }
                String javaOpts = env(container, "JAVA_OPTS");
                if (!javaOpts.contains("-XX:MaxRAMPercentage=") || !javaOpts.contains("-XX:+ExitOnOutOfMemoryError")) {
                    violations.add(c + ": JAVA_OPTS lacks -XX:MaxRAMPercentage=... and -XX:+ExitOnOutOfMemoryError");
                }
            }
        }
        return violations;
    }

    /** No secret value in git: no Secret with data, no secret-looking environment variable with a literal value. */
    static List<String> noLiteralSecrets(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals("Secret")
                    && (object.path("data").size() > 0 || object.path("stringData").size() > 0)) {
                violations.add(name(object) + ": holds literal values; secrets are created by the operator (docs/deploy.md)");
            }
            if (object.path("kind").asText().equals("ConfigMap")) {
                object.path("data").fieldNames().forEachRemaining(key -> {
                    if (SECRET_NAME.matcher(key).matches() && !key.endsWith("_LOCATION")) {
                        violations.add(name(object) + ": " + key + " looks like a secret in a ConfigMap");
                    }
                });
            }
            JsonNode pod = podSpec(object);
            if (pod == null) {
                continue;
            }
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : pod.path(list)) {
                    for (JsonNode variable : container.path("env")) {
                        String variableName = variable.path("name").asText();
                        if (variable.has("value") && SECRET_NAME.matcher(variableName).matches() && !variableName.endsWith("_LOCATION")) {
                            violations.add(name(object) + " container " + container.path("name").asText() + ": "
                                    + variableName + " has a literal value; take it from a Secret");
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** Strimzi 1.0 removed kafka.strimzi.io/v1beta2: only v1 may appear. */
    static List<String> noStrimziV1beta2(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            String apiVersion = object.path("apiVersion").asText();
            if (apiVersion.endsWith(".strimzi.io/v1beta2") || apiVersion.startsWith("kafka.strimzi.io/") && !apiVersion.equals("kafka.strimzi.io/v1")) {
                violations.add(name(object) + ": " + apiVersion + " (Strimzi 1.x serves kafka.strimzi.io/v1 only)");
            }
        }
        return violations;
    }

    /** Selectors survive an upgrade: none names the version label. */
    static List<String> selectorsWithoutVersion(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            List<JsonNode> selectors = new ArrayList<>();
            switch (object.path("kind").asText()) {
                case "Service" -> selectors.add(object.path("spec").path("selector"));
                case "Deployment", "StatefulSet", "DaemonSet", "PodDisruptionBudget" ->
                        selectors.add(object.path("spec").path("selector").path("matchLabels"));
                case "NetworkPolicy" -> selectors.add(object.path("spec").path("podSelector").path("matchLabels"));
                case "ServiceMonitor", "PodMonitor" -> selectors.add(object.path("spec").path("selector").path("matchLabels"));
                default -> {
                }
            }
            for (JsonNode selector : selectors) {
                if (selector.has(VERSION_LABEL)) {
                    violations.add(name(object) + ": selector names " + VERSION_LABEL + " (a new version would not match the old pods)");
                }
            }
        }
        return violations;
    }

    /** A NetworkPolicy selects every pod and denies both directions; the others only allow. */
    static List<String> defaultDenyNetwork(List<ObjectNode> objects) {
        boolean defaultDeny = objects.stream()
                .filter(o -> o.path("kind").asText().equals("NetworkPolicy"))
                .map(o -> o.path("spec"))
                .anyMatch(spec -> spec.path("podSelector").size() == 0
                        && spec.path("policyTypes").toString().contains("Ingress") && spec.path("policyTypes").toString().contains("Egress")
                        && spec.path("ingress").size() == 0 && spec.path("egress").size() == 0);
        return defaultDeny ? List.of() : List.of("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
    }

    /** The base's stand-ins for site values are all replaced from site.env. */
    static List<String> noUnsetSiteValues(List<ObjectNode> objects) {
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : objects) {
            if (object.toString().toLowerCase().contains("set-by-site-env")) {
                violations.add(name(object) + ": a value still says set-by-site-env (a replacement from site.env is missing)");
            }
        }
        return violations;
    }

    static JsonNode podSpec(JsonNode object) {
        String kind = object.path("kind").asText();
        if (WORKLOADS.contains(kind)) {
            return object.path("spec").path("template").path("spec");
        }
        if (kind.equals("CronJob")) {
            return object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        }
        if (kind.equals("Pod")) {
            return object.path("spec");
        }
        return null;
    }

    static String name(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
    }

    static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText("");
            }
        }
        return "";
    }

    private static void probe(List<String> violations, String where, JsonNode container, String probe, String path) {
        JsonNode node = container.path(probe);
        if (node.isMissingNode()) {
            violations.add(where + ": no " + probe);
        } else if (!node.path("httpGet").path("path").asText().equals(path)) {
            violations.add(where + ": " + probe + " is not an HTTP GET of " + path);
        }
    }

    private static boolean writableTmp(JsonNode pod, JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp") && !mount.path("readOnly").asBoolean(false)) {
                String volume = mount.path("name").asText();
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(volume) && v.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
