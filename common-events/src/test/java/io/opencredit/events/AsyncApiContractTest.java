package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.opencredit.events.CloudEventsHeaders.Header;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC F6: the AsyncAPI document ({@code docs/asyncapi.yaml}) is a valid AsyncAPI 3.0 document that agrees with the
 * code: every event type of {@link EventCatalog} is a message and nothing else is, on the topics the catalogue gives,
 * with the JSON Schema of its type; every channel is a topic of the suite; and each example, validated against the
 * schemas the document names, decodes with {@link EventCodec} and carries the headers {@link CloudEventsHeaders} writes.
 */
class AsyncApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA_BASE = "https://opencredit.io/schemas/";
    /** Messages that are not suite events: what meters send to the usage intake, and what a .dlq holds. */
    private static final Set<String> OTHER_MESSAGES = Set.of("UsageIntakeRecord", "DeadLetter");
    /** Headers a record may carry beside the CloudEvents ones. */
    private static final Set<String> OTHER_HEADERS = Set.of("opencredit.event-type", "traceparent");

    private static final JsonSchemaFactory EVENT_SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private static final JsonNode DOCUMENT = read(repositoryRoot().resolve("docs/asyncapi.yaml"));

    private static JsonNode read(Path yaml) {
        try {
            return new YAMLMapper().readTree(yaml.toFile());
        } catch (IOException e) {
            throw new AssertionError("docs/asyncapi.yaml does not parse as YAML", e);
        }
    }

    /** The folder holding {@code mvnw} and {@code docs/}, walking up from the working directory (a module's, under Maven). */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new AssertionError("no folder with mvnw and docs/ above " + Path.of("").toAbsolutePath());
    }

    private static JsonNode messages() {
        return DOCUMENT.path("components").path("messages");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.properties().forEach(property -> names.add(property.getKey()));
        return names;
    }

    static Stream<String> eventTypes() {
        return EventCatalog.all().stream().map(EventCatalog.Descriptor::type);
    }

    /** Every {@code $ref} in the node, depth first. */
    private static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    refs.addAll(refs(field.getValue()));
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> refs.addAll(refs(item)));
        }
        return refs;
    }

    /** The node with every reference into this document ({@code #/components/...}) replaced by what it points at. */
    private static JsonNode inlined(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.asText().startsWith("#/")) {
                JsonNode target = DOCUMENT.at(ref.asText().substring(1));
                assertThat(target.isMissingNode()).as("%s points at nothing", ref.asText()).isFalse();
                return inlined(target);
            }
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), inlined(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(inlined(item)));
            return copy;
        }
        return node;
    }

    private static Set<ValidationMessage> validate(JsonNode schema, JsonNode value) {
        return EVENT_SCHEMAS.getSchema(inlined(schema), ASSERT_FORMATS).validate(value);
    }

    // --- the document ------------------------------------------------------------------------------------------------

    @Test
    void F6_the_document_is_a_valid_asyncapi_3_document() throws IOException {
        JsonSchema asyncApi;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("asyncapi-spec/asyncapi-3.0.0.json")) {
            assertThat(in).as("the AsyncAPI 3.0.0 JSON Schema in the test resources").isNotNull();
            asyncApi = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
        }
        assertThat(DOCUMENT.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(asyncApi.validate(DOCUMENT)).as("docs/asyncapi.yaml against the AsyncAPI 3.0.0 schema").isEmpty();

        ObjectNode broken = DOCUMENT.deepCopy();
        ((ObjectNode) broken.path("operations").path("ledgerServiceSendsLedgerEvents")).put("action", "publish");
        assertThat(asyncApi.validate(broken)).as("the check can fail: AsyncAPI 3 has no action 'publish'").isNotEmpty();
    }

    @Test
    void F6_the_served_copy_is_docs_asyncapi_yaml() throws IOException {
        assertThat(AsyncApiDocument.yaml()).as("the jar's copy (rebuild common-events after editing docs/asyncapi.yaml)")
                .isEqualTo(Files.readAllBytes(repositoryRoot().resolve("docs/asyncapi.yaml")));
        assertThat(AsyncApiDocument.schema("CreditAdded.v1.json")).isNotEmpty();
        assertThat(AsyncApiDocument.schema("EventEnvelope.v1.json")).isNotEmpty();
        assertThat(AsyncApiDocument.schema("../asyncapi.yaml")).isNull();
        assertThat(AsyncApiDocument.schema("CreditAdded.v2.json")).isNull();
    }

    @Test
    void F6_the_document_names_every_event_type_of_the_catalog_and_no_other() {
        Set<String> events = names(messages());
        events.removeAll(OTHER_MESSAGES);
        assertThat(events).containsExactlyInAnyOrderElementsOf(eventTypes().toList());
    }

    @Test
    void F6_every_channel_is_a_topic_of_the_suite_and_every_topic_has_one() {
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : List.of(Topics.ACTIVATION_EVENTS, Topics.BILLING_EVENTS, Topics.LEDGER_EVENTS,
                Topics.ALERTING_EVENTS, Topics.USAGE_INTAKE)) {
            topics.add(topic);
            topics.add(Topics.dlq(topic));
        }
        topics.add(Topics.OPS_CLOCK);
        List<String> addresses = new ArrayList<>();
        DOCUMENT.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(topics);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void F6_each_event_is_on_exactly_the_topics_the_catalog_gives(String type) {
        Set<String> carrying = new LinkedHashSet<>();
        DOCUMENT.path("channels").forEach(channel -> {
            if (channel.path("messages").has(type)) {
                assertThat(channel.path("messages").path(type).path("$ref").asText()).isEqualTo("#/components/messages/" + type);
                carrying.add(channel.path("address").asText());
            }
        });
        assertThat(carrying).containsExactlyInAnyOrderElementsOf(EventCatalog.find(type).topics());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void F6_each_event_message_refers_to_the_envelope_and_the_schema_of_its_type(String type) {
        EventCatalog.Descriptor descriptor = EventCatalog.find(type);
        JsonNode message = messages().path(type);
        JsonNode payload = message.path("payload");
        assertThat(payload.path("schemaFormat").asText()).isEqualTo("application/schema+json;version=2020-12");
        assertThat(refs(payload.path("schema")))
                .containsExactly(SCHEMA_BASE + "EventEnvelope.v1.json", SCHEMA_BASE + descriptor.schemaResource().substring("schemas/".length()));
        assertThat(payload.at("/schema/allOf/1/properties/type/const").asText()).isEqualTo(type);
        assertThat(payload.at("/schema/allOf/1/properties/version/const").asInt()).isEqualTo(descriptor.currentVersion());
        assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asText())
                .isEqualTo(CloudEventsHeaders.type(type, descriptor.currentVersion()));
    }

    @Test
    void F6_every_schema_reference_resolves_to_a_published_schema_or_into_the_document() {
        List<String> refs = refs(DOCUMENT);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                assertThat(DOCUMENT.at(ref.substring(1)).isMissingNode()).as("%s points into the document", ref).isFalse();
            } else {
                assertThat(ref).as("an external reference is a published schema's $id").startsWith(SCHEMA_BASE);
                String file = ref.substring(SCHEMA_BASE.length());
                assertThat(AsyncApiDocument.schema(file)).as("%s is a schema of common-events", ref).isNotNull();
            }
        }
    }

    @Test
    void F6_every_operation_sends_or_receives_messages_of_its_own_channel() {
        for (Map.Entry<String, JsonNode> entry : DOCUMENT.path("operations").properties()) {
            JsonNode operation = entry.getValue();
            String channel = operation.path("channel").path("$ref").asText();
            assertThat(DOCUMENT.at(channel.substring(1)).isObject()).as("%s: channel %s", entry.getKey(), channel).isTrue();
            assertThat(operation.path("messages").size()).as("%s names its messages", entry.getKey()).isPositive();
            for (JsonNode message : operation.path("messages")) {
                assertThat(message.path("$ref").asText()).as(entry.getKey()).startsWith(channel + "/messages/");
                assertThat(DOCUMENT.at(message.path("$ref").asText().substring(1)).isObject()).as(entry.getKey()).isTrue();
            }
        }
    }

    /**
     * Every topic has a sender, and a {@code .dlq} has one exactly when a consumer group of the suite reads its topic:
     * that consumer dead-letters what it cannot process.
     */
    @Test
    void F6_every_topic_has_a_sender_and_a_dlq_one_exactly_when_the_suite_consumes_its_topic() {
        Set<String> sent = new LinkedHashSet<>();
        Set<String> consumedByAGroup = new LinkedHashSet<>();
        for (JsonNode operation : DOCUMENT.path("operations")) {
            String address = DOCUMENT.at(operation.path("channel").path("$ref").asText().substring(1)).path("address").asText();
            if (operation.path("action").asText().equals("send")) {
                sent.add(address);
            } else if (operation.at("/bindings/kafka/groupId").isObject()) {
                consumedByAGroup.add(address);
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        DOCUMENT.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            if (!address.endsWith(Topics.DLQ_SUFFIX)) {
                expected.add(address);
            }
        });
        consumedByAGroup.forEach(topic -> expected.add(Topics.dlq(topic)));
        assertThat(sent).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(consumedByAGroup).contains(Topics.ACTIVATION_EVENTS, Topics.BILLING_EVENTS, Topics.LEDGER_EVENTS, Topics.USAGE_INTAKE);
    }

    /** docs/events.md's table of topics names each event type in the row of every topic it travels on. */
    @Test
    void F6_the_subscribers_guide_lists_every_event_type_on_its_topics() throws IOException {
        List<String> lines = Files.readAllLines(repositoryRoot().resolve("docs/events.md"));
        for (EventCatalog.Descriptor descriptor : EventCatalog.all()) {
            for (String topic : descriptor.topics()) {
                String row = lines.stream().filter(line -> line.startsWith("| `" + topic + "` |")).findFirst()
                        .orElseThrow(() -> new AssertionError("docs/events.md has no row for " + topic));
                assertThat(row).as("the row of %s in docs/events.md", topic).contains("`" + descriptor.type() + "`");
            }
        }
    }

    // --- the examples ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void F6_each_event_has_an_example_that_its_schemas_accept_the_codec_decodes_and_whose_headers_are_its_cloudevents_headers(
            String type) throws IOException {
        JsonNode message = messages().path(type);
        JsonNode examples = message.path("examples");
        assertThat(examples.size()).as("examples of %s", type).isPositive();
        for (JsonNode example : examples) {
            String name = type + "/" + example.path("name").asText();
            JsonNode payload = example.path("payload");
            assertThat(validate(message.path("payload").path("schema"), payload)).as("%s against its JSON Schemas", name).isEmpty();

            EventEnvelope event = EventCodec.decode(JSON.writeValueAsBytes(payload));
            assertThat(event.type()).as(name).isEqualTo(type);
            assertThat(JSON.readTree(EventCodec.encode(event))).as("%s is what the codec writes", name).isEqualTo(payload);

            JsonNode headers = example.path("headers");
            assertThat(validate(message.path("headers"), headers)).as("%s headers against the document", name).isEmpty();
            Map<String, String> cloudEvents = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                if (!OTHER_HEADERS.contains(header.getKey())) {
                    cloudEvents.put(header.getKey(), header.getValue().asText());
                }
            }
            assertThat(cloudEvents).as("%s headers are those the relay sends", name).containsExactlyEntriesOf(
                    CloudEventsHeaders.of(event).stream().collect(Collectors.toMap(Header::name, Header::text, (a, b) -> a, LinkedHashMap::new)));
            assertThat(headers.path("opencredit.event-type").asText()).isEqualTo(type);

            JsonNode key = JSON.valueToTree(event.key());
            assertThat(validate(message.path("bindings").path("kafka").path("key"), key)).as("%s record key", name).isEmpty();
        }
    }

    @Test
    void F6_the_examples_cover_every_shape_of_an_event_the_samples_know() {
        for (String type : eventTypes().toList()) {
            int shapes = EventSamples.samples(type).size();
            assertThat(messages().path(type).path("examples").size()).as("examples of %s", type).isGreaterThanOrEqualTo(shapes);
        }
    }

    @Test
    void F6_a_changed_example_fails_its_schema() {
        JsonNode message = messages().path("CreditAdded");
        ObjectNode example = message.path("examples").get(0).path("payload").deepCopy();
        ((ObjectNode) example.path("payload").path("amount")).put("amount", 12.5);
        assertThat(validate(message.path("payload").path("schema"), example)).as("an amount as a JSON number").isNotEmpty();
        example = message.path("examples").get(0).path("payload").deepCopy();
        example.put("type", "CreditConsumed");
        assertThat(validate(message.path("payload").path("schema"), example)).as("another type under this message").isNotEmpty();
        ObjectNode headers = message.path("examples").get(0).path("headers").deepCopy();
        headers.put("ce_type", "io.opencredit.CreditAdded.v2");
        assertThat(validate(message.path("headers"), headers)).as("another ce_type").isNotEmpty();
    }

    @Test
    void F6_the_usage_intake_example_is_a_record_the_intake_schema_accepts() {
        JsonNode message = messages().path("UsageIntakeRecord");
        assertThat(message.path("examples").size()).isPositive();
        for (JsonNode example : message.path("examples")) {
            assertThat(validate(message.path("payload"), example.path("payload"))).isEmpty();
        }
        ObjectNode extra = message.path("examples").get(0).path("payload").deepCopy();
        extra.put("unitPrice", "1.00");
        assertThat(validate(message.path("payload"), extra)).as("the gateway refuses unknown fields").isNotEmpty();
    }
}
