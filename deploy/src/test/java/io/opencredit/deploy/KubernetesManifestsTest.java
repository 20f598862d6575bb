package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders, every object it applies matches its vendored schema, and the policies hold
 * (issue 15's static proof: no cluster exists in CI).
 */
class KubernetesManifestsTest {


    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void every_object_matches_its_vendored_schema(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            Schemas.vendored().problems(object).forEach(p -> problems.add(Policies.name(object) + ": " + p));
        }
        Map<String, Long> kinds = objects.stream()
                .collect(Collectors.groupingBy(o -> o.path("kind").asText(), TreeMap::new, Collectors.counting()));
        System.out.printf("overlay %s: %d objects %s%n", overlay, objects.size(), kinds);
        assertThat(problems).as("schema problems in overlay " + overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void the_policies_hold(String overlay) {
        assertThat(Policies.all(Kustomize.overlay(overlay))).as("policy violations in overlay " + overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void the_suite_is_complete(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        for (String service : Services.NAMES) {
            for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "ServiceAccount", "KafkaUser")) {
                assertThat(find(objects, kind, service)).as(kind + " " + service).isNotNull();
            }
            String database = Services.database(service) + "-db";
            assertThat(find(objects, "Cluster", database)).as("Cluster " + database).isNotNull();
            JsonNode backup = find(objects, "ScheduledBackup", database + "-nightly");
            assertThat(backup).as("ScheduledBackup of " + database).isNotNull();
            assertThat(backup.path("spec").path("method").asText()).isEqualTo("plugin");
            JsonNode cluster = find(objects, "Cluster", database);
            assertThat(cluster.path("spec").path("plugins").toString()).as("WAL archiving of " + database)
                    .contains("barman-cloud.cloudnative-pg.io").contains("\"isWALArchiver\":true");
            assertThat(objects).as("the HTTPRoute routes to " + service).anyMatch(o -> o.path("kind").asText().equals("HTTPRoute")
                    && o.path("spec").path("rules").findValuesAsText("name").contains(service));
            JsonNode port = find(objects, "Service", service).path("spec").path("ports").path(0).path("port");
            assertThat(port.asInt()).as("port of " + service).isEqualTo(Services.port(service));
        }
        assertThat(find(objects, "KafkaUser", "meters")).isNotNull();
        assertThat(find(objects, "HorizontalPodAutoscaler", "billing-gateway")).isNotNull();
        assertThat(find(objects, "ObjectStore", "opencredit-backups")).isNotNull();
        for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule", "HTTPRoute", "KafkaNodePool", "Kafka")) {
            assertThat(objects).as(kind).anyMatch(o -> o.path("kind").asText().equals(kind));
        }
        assertThat(objects).as("a Grafana dashboard").anyMatch(o -> o.path("kind").asText().equals("ConfigMap")
                && o.path("metadata").path("labels").has("grafana_dashboard")
                && o.path("data").fieldNames().hasNext());
        JsonNode kafka = find(objects, "Kafka", "opencredit");
        assertThat(kafka.path("spec").path("kafka").path("listeners").findValuesAsText("type"))
                .as("client listener authentication").contains("scram-sha-512");
        assertThat(kafka.path("spec").path("kafka").path("listeners").findValues("tls")).allMatch(JsonNode::asBoolean);
        assertThat(kafka.path("spec").path("kafka").path("authorization").path("type").asText()).isEqualTo("simple");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void images_are_named_once_with_a_tag(String overlay) {
        for (ObjectNode object : Kustomize.overlay(overlay)) {
            JsonNode pod = Policies.podSpec(object);
            if (pod == null) {
                continue;
            }
            for (JsonNode container : pod.path("containers")) {
                String image = container.path("image").asText();
                assertThat(image).as(Policies.name(object)).startsWith("ghcr.io/opencredit/").doesNotEndWith(":latest")
                        .matches(".+:[0-9][^:]*");
            }
        }
        String deploymentSources = Repo.read(Repo.path("deploy/kubernetes/base/services/ledger-service.yaml"));
        assertThat(deploymentSources).as("the tag lives in kustomization.yaml images:, not in the Deployment")
                .contains("image: opencredit/ledger-service\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void every_api_is_served_under_one_host(String overlay) {
        List<JsonNode> routes = Kustomize.overlay(overlay).stream().filter(o -> o.path("kind").asText().equals("HTTPRoute"))
                .map(JsonNode.class::cast).toList();
        assertThat(routes).hasSize(1);
        assertThat(routes.get(0).path("spec").path("hostnames")).hasSize(1);
    }

    /** The object of a kind and name; a generated ConfigMap's name may carry kustomize's hash suffix. */
    static JsonNode find(List<ObjectNode> objects, String kind, String name) {
        String generated = Pattern.quote(name) + "(-[a-z0-9]{10})?";
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().matches(generated))
                .findFirst().orElse(null);
    }
}
