package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each event's JSON Schema ({@code schemas/<Type>.v1.json}) describes exactly its record: the same
 * fields, of the matching JSON types, the same required fields as the constructor enforces. A field
 * added to a record without a schema change fails here. The encoder's output is also checked against
 * the schemas with a real draft 2020-12 validator.
 */
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final String SCHEMA_BASE = "https://opencredit.io/schemas/";
    private static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";
    private static final String NON_BLANK_PATTERN = "\\S";
    private static final String MONEY_REF = "#/$defs/Money";

    private static final JsonSchemaFactory VALIDATORS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    static Stream<EventCatalog.Descriptor> descriptors() {
        return EventCatalog.all().stream();
    }

    static Stream<EventPayload> samples() {
        return EventSamples.allSamples();
    }

    static JsonNode schemaOf(EventCatalog.Descriptor descriptor) {
        return load(descriptor.schemaResource());
    }

    static JsonNode load(String resource) {
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("schema resource %s on the classpath", resource).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.properties().forEach(property -> names.add(property.getKey()));
        return names;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static Set<String> componentNames(Class<?> recordClass) {
        return Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    // --- shape of every schema ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void schema_is_a_draft_2020_12_object_schema_that_tolerates_added_fields(EventCatalog.Descriptor descriptor) {
        JsonNode schema = schemaOf(descriptor);
        assertThat(descriptor.schemaResource()).isEqualTo("schemas/" + descriptor.type() + ".v1.json");
        assertThat(schema.path("$schema").asText()).isEqualTo(DRAFT_2020_12);
        assertThat(schema.path("$id").asText()).isEqualTo(SCHEMA_BASE + descriptor.type() + ".v1.json");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean() && schema.path("additionalProperties").asBoolean())
                .as("additionalProperties: true (readers tolerate added fields)").isTrue();
    }

    @Test
    void schema_exists_for_every_catalog_type_and_nothing_else() throws IOException {
        Set<String> expected = EventCatalog.all().stream().map(EventCatalog.Descriptor::schemaResource)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        expected.add("schemas/EventEnvelope.v1.json");
        Set<String> present = new LinkedHashSet<>();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/schemas"))) {
            files.forEach(file -> present.add("schemas/" + file.getFileName()));
        }
        assertThat(present).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void schema_properties_are_exactly_the_record_components(EventCatalog.Descriptor descriptor) {
        JsonNode schema = schemaOf(descriptor);
        assertThat(names(schema.path("properties")))
                .as("properties of %s must be the components of %s", descriptor.schemaResource(),
                        descriptor.payloadClass().getName())
                .containsExactlyInAnyOrderElementsOf(componentNames(descriptor.payloadClass()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void schema_property_types_match_the_java_types(EventCatalog.Descriptor descriptor) {
        JsonNode schema = schemaOf(descriptor);
        Set<String> required = strings(schema.get("required"));
        for (RecordComponent component : descriptor.payloadClass().getRecordComponents()) {
            String name = component.getName();
            JsonNode property = schema.path("properties").path(name);
            String where = descriptor.type() + "." + name;
            Class<?> type = component.getType();
            if (type == Money.class) {
                assertThat(property.path("$ref").asText()).as("%s refers to Money", where).isEqualTo(MONEY_REF);
                assertThat(property.has("type")).as("%s: Money is only a $ref", where).isFalse();
                continue;
            }
            String jsonType = jsonTypeOf(component, where);
            JsonNode declared = property.path("type");
            if (required.contains(name)) {
                assertThat(declared.isTextual() ? declared.asText() : declared.toString())
                        .as("type of required %s", where).isEqualTo(jsonType);
            } else {
                assertThat(strings(declared)).as("type of optional %s (the encoder writes null)", where)
                        .containsExactly(jsonType, "null");
            }
            if (type == UUID.class) {
                assertThat(property.path("format").asText()).as("format of %s", where).isEqualTo("uuid");
            } else if (type == Instant.class) {
                assertThat(property.path("format").asText()).as("format of %s", where).isEqualTo("date-time");
            } else if (type == LocalDate.class) {
                assertThat(property.path("format").asText()).as("format of %s", where).isEqualTo("date");
            } else if (type == Duration.class) {
                assertThat(property.path("pattern").asText()).as("%s is an ISO-8601 duration", where).startsWith("^P");
            } else if (type == BigDecimal.class) {
                assertThat(property.path("pattern").asText()).as("pattern of %s", where).isEqualTo(DECIMAL_PATTERN);
            } else if (type.isEnum()) {
                assertThat(strings(property.get("enum"))).as("enum of %s", where).containsExactlyElementsOf(
                        Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
            } else if (type == List.class) {
                assertThat(((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0])
                        .as("%s is a list of strings", where).isEqualTo(String.class);
                assertThat(property.path("items").path("type").asText()).as("items of %s", where).isEqualTo("string");
            }
        }
    }

    private static String jsonTypeOf(RecordComponent component, String where) {
        Class<?> type = component.getType();
        if (type == String.class || type == UUID.class || type == Instant.class || type == LocalDate.class
                || type == Duration.class || type == BigDecimal.class || type.isEnum()) {
            return "string";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == List.class) {
            return "array";
        }
        return fail("%s is a %s, which has no JSON Schema mapping yet: extend the codec, the schema and this test",
                where, type.getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void schema_money_definition_is_the_wire_money(EventCatalog.Descriptor descriptor) {
        JsonNode schema = schemaOf(descriptor);
        boolean usesMoney = Arrays.stream(descriptor.payloadClass().getRecordComponents())
                .anyMatch(component -> component.getType() == Money.class);
        assertThat(schema.path("$defs").has("Money")).as("$defs.Money exactly when %s holds Money", descriptor.type())
                .isEqualTo(usesMoney);
        if (usesMoney) {
            JsonNode money = schema.path("$defs").path("Money");
            assertThat(money.path("type").asText()).isEqualTo("object");
            assertThat(names(money.path("properties"))).containsExactlyInAnyOrder("amount", "currency");
            assertThat(money.path("properties").path("amount").path("type").asText()).isEqualTo("string");
            assertThat(money.path("properties").path("amount").path("pattern").asText()).isEqualTo(DECIMAL_PATTERN);
            assertThat(money.path("properties").path("currency").path("type").asText()).isEqualTo("string");
            assertThat(money.path("properties").path("currency").path("pattern").asText()).isEqualTo("^[A-Z]{3}$");
            assertThat(strings(money.get("required"))).containsExactlyInAnyOrder("amount", "currency");
        }
    }

    // --- required fields -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void schema_required_is_what_the_constructor_refuses_as_null(EventCatalog.Descriptor descriptor) {
        JsonNode schema = schemaOf(descriptor);
        assertThat(strings(schema.get("required")))
                .as("required of %s: the components the constructor refuses as null in every valid shape,"
                        + " plus primitives", descriptor.schemaResource())
                .containsExactlyInAnyOrderElementsOf(EventSamples.requiredAlways(descriptor.type()));
    }

    /**
     * A field that only some shapes need (CreditAdded's keyCode for keys, paymentReference for cards)
     * is required by an {@code allOf: [{if, then}]} clause of the schema that matches exactly those shapes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void schema_conditional_requirements_match_the_constructor(EventPayload sample) {
        EventCatalog.Descriptor descriptor = EventCatalog.find(sample.eventType());
        JsonNode schema = schemaOf(descriptor);
        JsonNode encoded = EventCodec.mapper().valueToTree(sample);
        Set<String> effective = strings(schema.get("required"));
        for (JsonNode clause : matchingClauses(schema, encoded)) {
            effective.addAll(strings(clause.path("then").get("required")));
        }
        assertThat(effective).as("fields %s needs in the shape %s", descriptor.type(), sample)
                .containsExactlyInAnyOrderElementsOf(EventSamples.requiredIn((Record) sample));
    }

    /** A text field the constructor refuses when blank carries the pattern {@code \S} (non-blank). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void schema_non_blank_text_matches_the_constructor(EventPayload sample) throws Throwable {
        EventCatalog.Descriptor descriptor = EventCatalog.find(sample.eventType());
        JsonNode schema = schemaOf(descriptor);
        List<JsonNode> clauses = matchingClauses(schema, EventCodec.mapper().valueToTree(sample));
        RecordComponent[] components = sample.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType() != String.class) {
                continue;
            }
            String name = components[i].getName();
            Object[] values = EventSamples.values((Record) sample);
            values[i] = "  ";
            boolean refusesBlank;
            try {
                EventSamples.construct(sample.getClass(), values);
                refusesBlank = false;
            } catch (IllegalArgumentException e) {
                refusesBlank = true;
            }
            boolean schemaRefusesBlank = NON_BLANK_PATTERN.equals(schema.path("properties").path(name).path("pattern").asText())
                    || clauses.stream().anyMatch(clause ->
                            NON_BLANK_PATTERN.equals(clause.path("then").path("properties").path(name).path("pattern").asText()));
            assertThat(schemaRefusesBlank).as("%s.%s: the schema refuses a blank value exactly when the record does",
                    descriptor.type(), name).isEqualTo(refusesBlank);
        }
    }

    /** The {@code allOf} clauses whose {@code if} holds for the payload; only const/required conditions are used. */
    private static List<JsonNode> matchingClauses(JsonNode schema, JsonNode payload) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode clause : schema.path("allOf")) {
            JsonNode condition = clause.path("if");
            assertThat(names(condition)).as("conditions are written as properties/const and required")
                    .isSubsetOf("properties", "required");
            boolean holds = strings(condition.get("required")).stream().allMatch(payload::has);
            for (Map.Entry<String, JsonNode> property : condition.path("properties").properties()) {
                JsonNode value = payload.get(property.getKey());
                holds &= value == null || value.equals(property.getValue().path("const"));
            }
            if (holds) {
                matching.add(clause);
            }
        }
        return matching;
    }

    // --- the envelope ---------------------------------------------------------------------------

    @Test
    void schema_of_the_envelope_matches_the_envelope_record() {
        JsonNode schema = load("schemas/EventEnvelope.v1.json");
        assertThat(schema.path("$schema").asText()).isEqualTo(DRAFT_2020_12);
        assertThat(schema.path("$id").asText()).isEqualTo(SCHEMA_BASE + "EventEnvelope.v1.json");
        assertThat(schema.path("additionalProperties").asBoolean()).isTrue();
        assertThat(names(schema.path("properties"))).containsExactlyInAnyOrderElementsOf(componentNames(EventEnvelope.class));
        assertThat(strings(schema.get("required")))
                .containsExactlyInAnyOrder("eventId", "type", "version", "occurredAt", "producer", "payload");
        JsonNode properties = schema.path("properties");
        assertThat(properties.path("eventId").path("format").asText()).isEqualTo("uuid");
        assertThat(properties.path("subscriptionId").path("format").asText()).isEqualTo("uuid");
        assertThat(properties.path("causationId").path("format").asText()).isEqualTo("uuid");
        assertThat(properties.path("occurredAt").path("format").asText()).isEqualTo("date-time");
        assertThat(properties.path("version").path("type").asText()).isEqualTo("integer");
        // F6: the type is a pattern, not an enum, so a subscriber validating envelopes accepts a type added later
        assertThat(properties.path("type").has("enum")).as("no closed list of types").isFalse();
        String typePattern = properties.path("type").path("pattern").asText();
        assertThat(EventSamples.types().toList()).as("every catalog type matches the envelope's type pattern")
                .allMatch(type -> type.matches(typePattern));
        assertThat("CreditGifted").matches(typePattern);
        assertThat("creditGifted").doesNotMatch(typePattern);
        Set<String> linked = new LinkedHashSet<>();
        for (JsonNode clause : schema.path("allOf")) {
            String ref = clause.path("then").path("properties").path("payload").path("$ref").asText();
            if (!ref.isEmpty()) {
                linked.add("schemas/" + ref);
            }
        }
        assertThat(linked).as("the envelope links each type to its payload schema")
                .containsExactlyInAnyOrderElementsOf(EventCatalog.all().stream()
                        .map(EventCatalog.Descriptor::schemaResource).toList());
    }

    // --- the wire against the schemas, with a real validator -------------------------------------

    private static Set<ValidationMessage> validate(String resource, JsonNode instance) {
        JsonSchema schema = VALIDATORS.getSchema(SchemaLocation.of(SCHEMA_BASE + resource.substring("schemas/".length())),
                ASSERT_FORMATS);
        return schema.validate(instance);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void schema_accepts_what_the_encoder_writes(EventPayload sample) throws IOException {
        JsonNode wire = JSON.readTree(EventCodec.encode(EventSamples.envelope(sample)));
        assertThat(validate("schemas/EventEnvelope.v1.json", wire)).as("envelope of %s", sample).isEmpty();
        assertThat(validate(EventCatalog.find(sample.eventType()).schemaResource(), wire.get("payload")))
                .as("payload of %s", sample).isEmpty();
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("an amount as a JSON number", "CreditAdded",
                        (Consumer<ObjectNode>) p -> ((ObjectNode) p.get("amount")).put("amount", new BigDecimal("3210.00"))),
                Arguments.of("an amount in exponent notation", "CreditAdded",
                        (Consumer<ObjectNode>) p -> ((ObjectNode) p.get("amount")).put("amount", "1e3")),
                Arguments.of("a lower-case currency", "CreditAdded",
                        (Consumer<ObjectNode>) p -> ((ObjectNode) p.get("amount")).put("currency", "nok")),
                Arguments.of("an unknown credit source", "CreditAdded",
                        (Consumer<ObjectNode>) p -> p.put("source", "GIFT")),
                Arguments.of("a key without its code", "CreditAdded",
                        (Consumer<ObjectNode>) p -> p.putNull("keyCode")),
                Arguments.of("a token id that is not a UUID", "CreditAdded",
                        (Consumer<ObjectNode>) p -> p.put("tokenId", "token-1")),
                Arguments.of("an instant that is not ISO-8601", "CreditAdded",
                        (Consumer<ObjectNode>) p -> p.put("activatedAt", "yesterday")),
                Arguments.of("a quantity as a JSON number", "UsageRecorded",
                        (Consumer<ObjectNode>) p -> p.put("quantity", 12.5)),
                Arguments.of("a flag as a string", "UsageRecorded",
                        (Consumer<ObjectNode>) p -> p.put("eligible", "true")),
                Arguments.of("a missing primitive", "UsageRecorded",
                        (Consumer<ObjectNode>) p -> p.remove("eligible")),
                Arguments.of("units as a fraction", "KeyActivated",
                        (Consumer<ObjectNode>) p -> p.put("units", 2.5)),
                Arguments.of("zero units", "KeyActivated",
                        (Consumer<ObjectNode>) p -> p.put("units", 0)),
                Arguments.of("a blank key code", "KeyActivated",
                        (Consumer<ObjectNode>) p -> p.put("keyCode", " ")),
                Arguments.of("a sixth alert", "SubscriptionCreditLow",
                        (Consumer<ObjectNode>) p -> p.put("alertNumber", 6)),
                Arguments.of("a third address", "SubscriptionCreditLow",
                        (Consumer<ObjectNode>) p -> ((ArrayNode) p.get("recipients")).add("third@example.com")),
                Arguments.of("no address", "SubscriptionCreditLow",
                        (Consumer<ObjectNode>) p -> p.putArray("recipients")),
                Arguments.of("an unknown status", "BalanceChanged",
                        (Consumer<ObjectNode>) p -> p.put("status", "FROZEN")),
                Arguments.of("a date with a time", "SubscriptionCreated",
                        (Consumer<ObjectNode>) p -> p.put("accountCreatedOn", "2019-05-02T00:00:00Z")),
                Arguments.of("a negative duration", "ClockAdvanced",
                        (Consumer<ObjectNode>) p -> p.put("advancedBy", "-PT1H")),
                Arguments.of("a duration as seconds", "ClockAdvanced",
                        (Consumer<ObjectNode>) p -> p.put("offset", 3600)));
    }

    /** What the schema refuses, the reader refuses too: the two never disagree on these breakages. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void schema_and_reader_both_refuse(String breakage, String type, Consumer<ObjectNode> breakIt) throws IOException {
        ObjectNode wire = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample(type))));
        breakIt.accept((ObjectNode) wire.get("payload"));
        assertThat(validate(EventCatalog.find(type).schemaResource(), wire.get("payload")))
                .as("the schema refuses %s", breakage).isNotEmpty();
        assertThat(validate("schemas/EventEnvelope.v1.json", wire))
                .as("the envelope schema, through its payload link, refuses %s", breakage).isNotEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.decode(JSON.writeValueAsBytes(wire)))
                .as("the reader refuses %s", breakage).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void schema_of_the_envelope_requires_a_subscription_except_for_suite_wide_events() throws IOException {
        ObjectNode credit = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample("CreditAdded"))));
        credit.putNull("subscriptionId");
        assertThat(validate("schemas/EventEnvelope.v1.json", credit)).isNotEmpty();
        ObjectNode clock = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample("ClockAdvanced"))));
        assertThat(clock.get("subscriptionId").isNull()).isTrue();
        assertThat(validate("schemas/EventEnvelope.v1.json", clock)).isEmpty();
        clock.remove("subscriptionId");
        assertThat(validate("schemas/EventEnvelope.v1.json", clock)).isEmpty();
        ObjectNode extra = clock.deepCopy();
        extra.set("addedLater", JsonNodeFactory.instance.textNode("tolerated"));
        assertThat(validate("schemas/EventEnvelope.v1.json", extra)).isEmpty();
    }
}
