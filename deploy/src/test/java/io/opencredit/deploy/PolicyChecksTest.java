package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each check of the deploy module refuses what it is there to refuse: the production overlay is broken
 * in one place and the check must name it. (The green runs in KubernetesManifestsTest prove little
 * unless these fail.)
 */
class PolicyChecksTest {

    @Test
    void a_container_without_limits_is_refused() {
        assertRefused(Policies::restrictedContainers, "Deployment", "ledger-service",
                d -> container(d).withObjectProperty("resources").remove("limits"), "no memory in resources.limits");
    }

    @Test
    void a_container_without_probes_is_refused() {
        assertRefused(Policies::restrictedContainers, "Deployment", "alerting-service",
                d -> container(d).remove("livenessProbe"), "no livenessProbe");
        assertRefused(Policies::restrictedContainers, "Deployment", "alerting-service",
                d -> container(d).withObjectProperty("readinessProbe").withObjectProperty("httpGet").put("path", "/"), "readinessProbe is not an HTTP GET of /q/health/ready");
    }

    @Test
    void a_container_outside_the_restricted_profile_is_refused() {
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> container(d).withObjectProperty("securityContext").put("readOnlyRootFilesystem", false), "readOnlyRootFilesystem is not true");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> container(d).withObjectProperty("securityContext").put("allowPrivilegeEscalation", true), "allowPrivilegeEscalation is not false");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> container(d).withObjectProperty("securityContext").withObjectProperty("capabilities").remove("drop"), "capabilities.drop lacks ALL");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> {
                    container(d).withObjectProperty("securityContext").remove("runAsNonRoot");
                    d.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("spec").withObjectProperty("securityContext").remove("runAsNonRoot");
                }, "runAsNonRoot is not true");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> {
                    container(d).withObjectProperty("securityContext").remove("seccompProfile");
                    d.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("spec").withObjectProperty("securityContext").remove("seccompProfile");
                }, "seccompProfile is not RuntimeDefault");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> container(d).withArrayProperty("volumeMounts").remove(0), "no emptyDir mounted at /tmp");
        assertRefused(Policies::restrictedContainers, "Deployment", "billing-gateway",
                d -> ((ObjectNode) container(d).withArrayProperty("env").get(0)).put("value", "-XX:MaxRAMPercentage=50"),
                "JAVA_OPTS lacks");
    }

    @Test
    void a_secret_with_a_literal_value_is_refused() {
        List<ObjectNode> objects = copy();
        ObjectNode secret = objects.get(0).objectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").withObjectProperty("metadata").put("name", "opencredit-webhook");
        secret.withObjectProperty("stringData").put("secret", "local-dev-secret");
        objects.add(secret);
        assertThat(Policies.noLiteralSecrets(objects)).anyMatch(v -> v.contains("Secret opencredit-webhook: holds literal values"));

        assertRefused(Policies::noLiteralSecrets, "Deployment", "billing-gateway",
                d -> container(d).withArrayProperty("env").addObject().put("name", "OPENCREDIT_WEBHOOK_SECRET").put("value", "change-me"),
                "OPENCREDIT_WEBHOOK_SECRET has a literal value");
        assertRefused(Policies::noLiteralSecrets, "ConfigMap", "opencredit-config",
                c -> c.withObjectProperty("data").put("QUARKUS_MAILER_PASSWORD", "hunter2"), "QUARKUS_MAILER_PASSWORD looks like a secret");
    }

    @Test
    void a_strimzi_v1beta2_object_is_refused() {
        assertRefused(Policies::noStrimziV1beta2, "KafkaTopic", "activation-events",
                t -> t.put("apiVersion", "kafka.strimzi.io/v1beta2"), "kafka.strimzi.io/v1beta2");
    }

    @Test
    void a_version_label_in_a_selector_is_refused() {
        assertRefused(Policies::selectorsWithoutVersion, "Deployment", "ledger-service",
                d -> d.withObjectProperty("spec").withObjectProperty("selector").withObjectProperty("matchLabels").put("app.kubernetes.io/version", "0.1.0"), "selector names");
        assertRefused(Policies::selectorsWithoutVersion, "Service", "ledger-service",
                s -> s.withObjectProperty("spec").withObjectProperty("selector").put("app.kubernetes.io/version", "0.1.0"), "selector names");
    }

    @Test
    void without_a_default_deny_network_policy_the_overlay_is_refused() {
        List<ObjectNode> objects = copy();
        objects.removeIf(o -> o.path("kind").asText().equals("NetworkPolicy") && o.path("metadata").path("name").asText().equals("default-deny"));
        assertThat(Policies.defaultDenyNetwork(objects)).singleElement().asString().contains("no default-deny");
    }

    @Test
    void a_site_value_left_unset_is_refused() {
        assertRefused(Policies::noUnsetSiteValues, "HTTPRoute", "opencredit",
                r -> r.withObjectProperty("spec").withArrayProperty("hostnames").set(0, r.textNode("SET-BY-SITE-ENV")), "set-by-site-env");
    }

    @Test
    void an_unknown_field_or_a_wrong_type_fails_the_schema() {
        assertSchemaRefuses("Deployment", "ledger-service", d -> d.withObjectProperty("spec").put("replica", 2));
        assertSchemaRefuses("Deployment", "ledger-service", d -> d.withObjectProperty("spec").put("replicas", "two"));
        assertSchemaRefuses("Deployment", "ledger-service", d -> container(d).withObjectProperty("resources").withObjectProperty("limits").put("memory", true));
        assertSchemaRefuses("KafkaTopic", "activation-events", t -> t.withObjectProperty("spec").put("partitionz", 6));
        assertSchemaRefuses("KafkaUser", "meters", u -> u.withObjectProperty("spec").withObjectProperty("authentication").put("type", "plain"));
        assertSchemaRefuses("Cluster", "ledger-db", c -> c.withObjectProperty("spec").put("instances", "three"));
        assertSchemaRefuses("PrometheusRule", "opencredit", r -> r.withObjectProperty("spec").put("group", "x"));
        assertSchemaRefuses("HTTPRoute", "opencredit", r -> r.withObjectProperty("spec").put("hostname", "x"));
        assertSchemaRefuses("Service", "ledger-service", s -> s.withObjectProperty("metadata").put("nmae", "x"));
        ObjectNode unknown = copy().get(0).objectNode();
        unknown.put("apiVersion", "kafka.strimzi.io/v1beta2").put("kind", "KafkaTopic");
        assertThat(Schemas.vendored().problems(unknown)).singleElement().asString().contains("no vendored schema");
    }

    @Test
    void an_int_or_string_and_a_quantity_take_both_forms() {
        ObjectNode deployment = find(copy(), "Deployment", "ledger-service");
        container(deployment).withObjectProperty("resources").withObjectProperty("limits").put("cpu", 2);
        deployment.withObjectProperty("spec").withObjectProperty("strategy").withObjectProperty("rollingUpdate").put("maxSurge", "25%");
        assertThat(Schemas.vendored().problems(deployment)).isEmpty();
    }

    @Test
    void without_the_sites_settings_no_overlay_renders() throws Exception {
        Path tree = Kustomize.copyOfTree();
        for (String overlay : Kustomize.OVERLAYS) {
            assertThat(Files.exists(tree.resolve("overlays").resolve(overlay).resolve("site.env"))).isFalse();
            Kustomize.Result result = Kustomize.render(tree.resolve("overlays").resolve(overlay));
            assertThat(result.exitCode()).as("kubectl kustomize " + overlay + " without site.env").isNotZero();
            assertThat(result.errors()).contains("site.env");
        }
    }

    @Test
    void the_base_alone_cannot_be_applied() {
        List<ObjectNode> base = Repo.yamlDocuments(Kustomize.render(Repo.path("deploy/kubernetes/base")).output());
        ObjectNode route = find(base, "HTTPRoute", "opencredit");
        assertThat(Schemas.vendored().problems(route)).as("the API server refuses the stand-in host name")
                .anyMatch(p -> p.contains("hostnames"));
        assertThat(Policies.noUnsetSiteValues(base)).isNotEmpty();
    }

    private static void assertRefused(Function<List<ObjectNode>, List<String>> check, String kind, String name,
                                      Consumer<ObjectNode> breakIt, String expected) {
        List<ObjectNode> objects = copy();
        assertThat(check.apply(objects)).as("the unbroken overlay passes").isEmpty();
        breakIt.accept(find(objects, kind, name));
        assertThat(check.apply(objects)).as("after breaking " + kind + " " + name).anyMatch(v -> v.contains(expected));
    }

    private static void assertSchemaRefuses(String kind, String name, Consumer<ObjectNode> breakIt) {
        ObjectNode object = find(copy(), kind, name);
        assertThat(Schemas.vendored().problems(object)).as(kind + " " + name + " unbroken").isEmpty();
        breakIt.accept(object);
        assertThat(Schemas.vendored().problems(object)).as(kind + " " + name + " broken").isNotEmpty();
    }

    private static List<ObjectNode> copy() {
        return new java.util.ArrayList<>(Kustomize.overlay("production").stream().map(ObjectNode::deepCopy).toList());
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return (ObjectNode) KubernetesManifestsTest.find(objects, kind, name);
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
