package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC O2 on the cluster: each service's principal may write only its own topics (and the .dlq of what
 * it consumes, where its dead letters go), read only what it consumes (and those dead letters, for the
 * operator endpoints of SPEC O7), in groups named after it; meters
 * may only write billing.usage-intake. The expected ACLs are derived from the services' code (what the
 * outbox appends to, what the handlers subscribe to), so a new consumer without its ACL fails here.
 */
class KafkaAccessTest {

    private static final String CLOCK = "ops.clock";

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void O2_each_service_may_write_its_own_topics_and_read_what_it_consumes(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        for (String service : Services.NAMES) {
            Map<String, Set<String>> expected = new TreeMap<>();
            for (String topic : Services.produced(service)) {
                add(expected, "topic " + topic, "Write", "Describe");
            }
            for (String topic : Services.consumed(service)) {
                add(expected, "topic " + topic, "Read", "Describe");
                // its dead letters: written by DeadLetters, read (no group) by the operator endpoints (SPEC O7)
                add(expected, "topic " + topic + ".dlq", "Write", "Read", "Describe");
            }
            for (String topic : Services.owned(service)) {
                if (!topic.equals(CLOCK)) {
                    add(expected, "topic " + topic + ".dlq", "Describe");
                }
            }
            // every instance follows the suite clock (SPEC C2) when it is adjustable, without a group
            add(expected, "topic " + CLOCK, "Read", "Describe");
            add(expected, "group prefix " + service + ".", "Read");

            assertThat(acls(objects, service)).as("ACLs of " + service).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void O7_each_service_may_read_the_dead_letters_of_what_it_consumes_and_no_others(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        for (String service : Services.NAMES) {
            Set<String> readable = new TreeSet<>();
            acls(objects, service).forEach((resource, operations) -> {
                if (resource.startsWith("topic ") && resource.endsWith(".dlq") && operations.contains("Read")) {
                    readable.add(resource.substring("topic ".length()));
                }
            });
            Set<String> expected = new TreeSet<>();
            Services.consumed(service).forEach(topic -> expected.add(topic + ".dlq"));
            assertThat(readable).as("dead-letter topics " + service + " may read (its operator endpoints replay them)")
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void O2_meters_may_only_write_the_usage_intake(String overlay) {
        assertThat(acls(Kustomize.overlay(overlay), "meters"))
                .isEqualTo(Map.of("topic billing.usage-intake", Set.of("Write", "Describe")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void O2_only_the_activation_service_may_write_activation_events(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        Set<String> writers = new TreeSet<>();
        for (ObjectNode user : kind(objects, "KafkaUser")) {
            if (acls(objects, user.path("metadata").path("name").asText()).getOrDefault("topic activation.events", Set.of()).contains("Write")) {
                writers.add(user.path("metadata").path("name").asText());
            }
        }
        assertThat(writers).as("a forged CreditAdded cannot enter").containsExactly("activation-service");
        JsonNode kafka = kind(objects, "Kafka").get(0).path("spec").path("kafka");
        assertThat(kafka.path("config").path("allow.everyone.if.no.acl.found").asBoolean(true)).isFalse();
        for (JsonNode listener : kafka.path("listeners")) {
            assertThat(listener.path("tls").asBoolean()).as("listener " + listener.path("name").asText() + " TLS").isTrue();
            assertThat(listener.path("authentication").path("type").asText()).as("listener authentication").isIn("scram-sha-512", "tls");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "dev"})
    void every_topic_is_a_KafkaTopic_replicated_three_times(String overlay) {
        List<ObjectNode> objects = Kustomize.overlay(overlay);
        Map<String, JsonNode> topics = new TreeMap<>();
        for (ObjectNode topic : kind(objects, "KafkaTopic")) {
            topics.put(topic.path("spec").path("topicName").asText(), topic.path("spec"));
        }
        Set<String> expected = new TreeSet<>();
        for (String topic : Services.topicConstants().values()) {
            expected.add(topic);
            if (!topic.equals(CLOCK)) {
                expected.add(topic + ".dlq");
            }
        }
        assertThat(topics.keySet()).isEqualTo(expected);
        topics.forEach((name, spec) -> {
            assertThat(spec.path("replicas").asInt()).as(name + " replicas").isEqualTo(3);
            assertThat(spec.path("config").path("min.insync.replicas").asInt()).as(name + " min.insync.replicas").isEqualTo(2);
            assertThat(spec.path("config").has("retention.ms")).as(name + " states its retention").isTrue();
            assertThat(spec.path("partitions").asInt()).as(name + " partitions").isPositive();
        });
        assertThat(topics.get(CLOCK).path("partitions").asInt()).isEqualTo(1);
        assertThat(topics.get(CLOCK).path("config").path("cleanup.policy").asText()).isEqualTo("compact");
    }

    /** A principal's ACLs as "topic name" / "group prefix name" to operations. */
    static Map<String, Set<String>> acls(List<ObjectNode> objects, String user) {
        ObjectNode kafkaUser = kind(objects, "KafkaUser").stream()
                .filter(u -> u.path("metadata").path("name").asText().equals(user)).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser " + user));
        assertThat(kafkaUser.path("spec").path("authentication").path("type").asText()).as(user + " authentication")
                .isIn("scram-sha-512", "tls");
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
            assertThat(acl.path("type").asText("allow")).as(user + ": deny rules are not used").isEqualTo("allow");
            JsonNode resource = acl.path("resource");
            String pattern = resource.path("patternType").asText("literal").equals("prefix") ? " prefix " : " ";
            String key = resource.path("type").asText() + pattern + resource.path("name").asText();
            Set<String> operations = acls.computeIfAbsent(key, k -> new TreeSet<>());
            acl.path("operations").forEach(o -> operations.add(o.asText()));
        }
        return acls;
    }

    private static void add(Map<String, Set<String>> acls, String resource, String... operations) {
        acls.computeIfAbsent(resource, k -> new TreeSet<>()).addAll(List.of(operations));
    }

    static List<ObjectNode> kind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }
}
