package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire contract of every event type (SPEC §3, M1): what the codec writes it reads back
 * unchanged; it tolerates added fields; it refuses, with a reason naming what is wrong, anything it
 * cannot trust.
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> types() {
        return EventSamples.types();
    }

    static Stream<EventPayload> samples() {
        return EventSamples.allSamples();
    }

    static Stream<String> typesWithASubscription() {
        return types().filter(type -> !EventCatalog.isSuiteWide(type));
    }

    private static ObjectNode wire(EventPayload payload) {
        try {
            return (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(payload)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] value) {
        return assertThatThrownBy(() -> EventCodec.decode(value)).isInstanceOf(MalformedEventException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(JsonNode value) {
        return assertRejected(bytes(value));
    }

    private static ObjectNode payloadOf(ObjectNode wire) {
        return (ObjectNode) wire.get("payload");
    }

    // --- every type ---------------------------------------------------------------------------------

    @Test
    void contract_every_catalog_type_has_a_sample_and_a_record_named_after_it() {
        assertThat(EventCatalog.all()).hasSize(27);
        EventCatalog.all().forEach(descriptor -> {
            assertThat(descriptor.payloadClass().isRecord()).as("%s is a record", descriptor.type()).isTrue();
            assertThat(descriptor.payloadClass().getSimpleName()).isEqualTo(descriptor.type());
            assertThat(EventSamples.samples(descriptor.type())).allSatisfy(sample ->
                    assertThat(sample.eventType()).isEqualTo(descriptor.type()));
            assertThat(descriptor.currentVersion()).isEqualTo(1);
            assertThat(descriptor.readableVersions()).containsExactly(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void contract_round_trip_gives_back_the_same_envelope(EventPayload sample) {
        EventEnvelope original = EventSamples.envelope(sample);
        EventEnvelope decoded = EventCodec.decode(EventCodec.encode(original));
        assertThat(decoded).isEqualTo(original);
        assertThat(EventCodec.encodeToString(decoded)).isEqualTo(EventCodec.encodeToString(original));
    }

    /** A publisher that wrote the payload already (the ledger stores it too) gets the same bytes on the wire. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void contract_envelope_around_a_payload_written_before_is_the_same_bytes(EventPayload sample) throws Exception {
        EventEnvelope original = EventSamples.envelope(sample);
        byte[] payloadJson = EventCodec.mapper().writeValueAsBytes(sample);
        assertThat(new String(EventCodec.encode(original, payloadJson), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(EventCodec.encodeToString(original));
    }

    /** Payload bytes longer than the generator's buffer are copied whole too. */
    @Test
    void contract_envelope_around_a_long_payload_written_before_holds_it_verbatim() throws Exception {
        EventEnvelope original = EventSamples.envelope(EventSamples.sample("CreditAdded"));
        String note = "x".repeat(40_000);
        byte[] payloadJson = ("{\"note\":\"" + note + "\",\"n\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(EventCodec.encode(original, payloadJson));
        assertThat(root.get("payload")).isEqualTo(JSON.readTree(payloadJson));
        assertThat(root.get("eventId").asText()).isEqualTo(original.eventId().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void contract_round_trip_without_causation_gives_back_the_same_envelope(EventPayload sample) {
        EventEnvelope original = EventEnvelope.of(EventCatalog.isSuiteWide(sample.eventType()) ? null : UUID.randomUUID(),
                sample, Producers.ACTIVATION, null, EventSamples.AT);
        assertThat(EventCodec.decode(EventCodec.encode(original))).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void contract_the_wire_names_the_envelope_fields_and_the_record_components(String type) {
        ObjectNode wire = wire(EventSamples.sample(type));
        assertThat(wire.properties()).extracting(java.util.Map.Entry::getKey).containsExactly(
                "eventId", "type", "version", "subscriptionId", "occurredAt", "producer", "causationId", "payload");
        assertThat(wire.get("type").asText()).isEqualTo(type);
        assertThat(wire.get("version").isInt()).isTrue();
        assertThat(wire.get("occurredAt").asText()).isEqualTo("2026-03-01T10:15:30.123456Z");
        assertThat(payloadOf(wire).properties()).extracting(java.util.Map.Entry::getKey).containsExactly(
                java.util.Arrays.stream(EventCatalog.find(type).payloadClass().getRecordComponents())
                        .map(RecordComponent::getName).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void contract_unknown_fields_in_payload_and_envelope_are_tolerated(String type) {
        EventPayload sample = EventSamples.sample(type);
        ObjectNode wire = wire(sample);
        wire.put("traceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        wire.putObject("addedInAMinorRelease").put("nested", true);
        payloadOf(wire).put("addedLater", "tolerated");
        payloadOf(wire).putArray("anotherAddition").add(1).add("two");
        payloadOf(wire).properties().forEach(field -> {
            if (field.getValue().isObject() && field.getValue().has("currency")) {
                ((ObjectNode) field.getValue()).put("minorUnits", 2);
            }
        });
        assertThat(EventCodec.decode(bytes(wire))).isEqualTo(EventSamples.envelope(sample));
    }

    // --- required fields ---------------------------------------------------------------------------

    static Stream<Arguments> requiredFields() {
        return samples().flatMap(sample -> EventSamples.requiredIn((Record) sample).stream()
                .map(field -> Arguments.of(sample.eventType() + "." + field, sample, field)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void contract_missing_required_field_is_rejected_naming_it(String label, EventPayload sample, String field) {
        ObjectNode wire = wire(sample);
        payloadOf(wire).remove(field);
        assertRejected(wire).hasMessageContaining(sample.eventType()).hasMessageContaining(field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void contract_null_required_field_is_rejected_naming_it(String label, EventPayload sample, String field) {
        ObjectNode wire = wire(sample);
        payloadOf(wire).putNull(field);
        assertRejected(wire).hasMessageContaining(sample.eventType()).hasMessageContaining(field);
    }

    @Test
    void contract_optional_fields_may_be_absent() {
        ObjectNode key = wire(EventSamples.samples("KeyActivated").get(0));
        payloadOf(key).remove("sku");
        assertThat(EventCodec.decode(bytes(key)).payloadAs(KeyActivated.class).sku()).isNull();

        ObjectNode card = wire(EventSamples.samples("CreditAdded").get(1));
        payloadOf(card).remove(List.of("keyCode", "resellerId"));
        CreditAdded credit = EventCodec.decode(bytes(card)).payloadAs(CreditAdded.class);
        assertThat(credit.source()).isEqualTo(CreditSource.CREDIT_CARD);
        assertThat(credit.keyCode()).isNull();
        assertThat(credit.resellerId()).isNull();

        ObjectNode osa = wire(EventSamples.samples("CreditAdded").get(0));
        payloadOf(osa).remove(List.of("paymentReference", "resellerId"));
        assertThat(EventCodec.decode(bytes(osa)).payloadAs(CreditAdded.class).keyCode()).isEqualTo(EventSamples.KEY);
    }

    @Test
    void contract_missing_money_parts_are_rejected_naming_them() {
        ObjectNode noAmount = wire(EventSamples.sample("CreditAdded"));
        ((ObjectNode) payloadOf(noAmount).get("amount")).remove("amount");
        assertRejected(noAmount).hasMessageContaining("amount.amount is required");

        ObjectNode noCurrency = wire(EventSamples.sample("CreditAdded"));
        ((ObjectNode) payloadOf(noCurrency).get("amount")).remove("currency");
        assertRejected(noCurrency).hasMessageContaining("amount.currency is required");

        ObjectNode badCurrency = wire(EventSamples.sample("TokenExpired"));
        ((ObjectNode) payloadOf(badCurrency).get("forfeited")).put("currency", "kroner");
        assertRejected(badCurrency).hasMessageContaining("forfeited").hasMessageContaining("ISO 4217");
    }

    // --- the envelope ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void contract_unknown_version_is_rejected(String type) {
        ObjectNode wire = wire(EventSamples.sample(type));
        wire.put("version", 2);
        assertRejected(wire).hasMessageContaining(type).hasMessageContaining("version 2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", "4294967297", "1.0", "\"1\"", "null", "true"})
    void contract_version_that_is_not_a_readable_int_is_rejected(String version) throws IOException {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.set("version", JSON.readTree(version));
        assertRejected(wire).hasMessageContaining("CreditAdded").hasMessageContaining("version");
    }

    @Test
    void contract_missing_version_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.remove("version");
        assertRejected(wire).hasMessageContaining("version of CreditAdded");
    }

    @Test
    void contract_unknown_type_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.put("type", "CreditGifted");
        assertRejected(wire).hasMessageContaining("unknown event type 'CreditGifted'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EventEnvelope", "Money", "EventPayload", "creditadded", "io.opencredit.events.CreditAdded"})
    void contract_a_type_name_outside_the_catalog_is_rejected(String type) {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.put("type", type);
        assertRejected(wire).hasMessageContaining("unknown event type");
    }

    @Test
    void contract_missing_type_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.remove("type");
        assertRejected(wire).hasMessageContaining("type is missing");
    }

    @Test
    void contract_payload_of_another_type_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.set("payload", payloadOf(wire(EventSamples.sample("TokenExpired"))));
        assertRejected(wire).hasMessageContaining("payload of CreditAdded is invalid");
    }

    @Test
    void contract_non_json_bytes_are_rejected() {
        assertRejected("this is not JSON".getBytes(StandardCharsets.UTF_8)).hasMessageStartingWith("not JSON");
        assertRejected(new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF}).hasMessageStartingWith("not JSON");
        assertRejected("{\"eventId\": ".getBytes(StandardCharsets.UTF_8)).hasMessageStartingWith("not JSON");
    }

    @Test
    void contract_empty_bytes_are_rejected() {
        assertRejected(new byte[0]).hasMessage("empty record value");
        assertRejected((byte[]) null).hasMessage("empty record value");
        assertRejected("   ".getBytes(StandardCharsets.UTF_8)).hasMessageContaining("JSON object");
    }

    @Test
    void contract_a_json_value_that_is_not_an_object_is_rejected() {
        ArrayNode array = JSON.createArrayNode().add(wire(EventSamples.sample("CreditAdded")));
        assertRejected(array).hasMessage("the event must be a JSON object");
        assertRejected("\"CreditAdded\"".getBytes(StandardCharsets.UTF_8)).hasMessage("the event must be a JSON object");
        assertRejected("null".getBytes(StandardCharsets.UTF_8)).hasMessage("the event must be a JSON object");
        assertRejected("42".getBytes(StandardCharsets.UTF_8)).hasMessage("the event must be a JSON object");
    }

    @Test
    void contract_two_documents_in_one_record_are_rejected() {
        byte[] one = bytes(wire(EventSamples.sample("CreditAdded")));
        byte[] two = (new String(one, StandardCharsets.UTF_8) + new String(one, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(two).hasMessageStartingWith("not JSON");
        assertRejected((new String(one, StandardCharsets.UTF_8) + " trailing").getBytes(StandardCharsets.UTF_8))
                .hasMessageStartingWith("not JSON");
    }

    @Test
    void contract_duplicate_fields_are_rejected() {
        String json = new String(bytes(wire(EventSamples.sample("CreditAdded"))), StandardCharsets.UTF_8);
        String duplicated = json.replaceFirst("\\{", "{\"type\":\"TokenExpired\",");
        assertRejected(duplicated.getBytes(StandardCharsets.UTF_8)).hasMessageContaining("Duplicate field 'type'");
    }

    @Test
    void contract_missing_event_id_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.remove("eventId");
        assertRejected(wire).hasMessage("eventId is missing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"not-a-uuid\"", "\"\"", "\"1-1-1-1-1\"", "\"11111111222243338444555555555555\"",
            "\"{11111111-2222-4333-8444-555555555555}\"", "\"11111111-2222-4333-8444-5555555555550\"", "42", "{}"})
    void contract_event_id_that_is_not_a_uuid_is_rejected(String eventId) throws IOException {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.set("eventId", JSON.readTree(eventId));
        assertRejected(wire).hasMessageStartingWith("eventId is not a UUID");
    }

    @Test
    void contract_event_id_in_upper_case_is_read() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.put("eventId", EventSamples.EVENT.toString().toUpperCase(java.util.Locale.ROOT));
        assertThat(EventCodec.decode(bytes(wire)).eventId()).isEqualTo(EventSamples.EVENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typesWithASubscription")
    void contract_missing_subscription_id_is_rejected(String type) {
        ObjectNode wire = wire(EventSamples.sample(type));
        wire.remove("subscriptionId");
        assertRejected(wire).hasMessage("subscriptionId is missing");
        wire.putNull("subscriptionId");
        assertRejected(wire).hasMessage("subscriptionId is missing");
        wire.put("subscriptionId", "subscription-1");
        assertRejected(wire).hasMessageStartingWith("subscriptionId is not a UUID");
    }

    @Test
    void contract_suite_wide_clock_event_has_no_subscription() {
        ObjectNode wire = wire(EventSamples.sample("ClockAdvanced"));
        assertThat(wire.get("subscriptionId").isNull()).isTrue();
        wire.remove("subscriptionId");
        EventEnvelope decoded = EventCodec.decode(bytes(wire));
        assertThat(decoded.subscriptionId()).isNull();
        assertThat(decoded.key()).isEqualTo(Topics.OPS_CLOCK_KEY);
        assertThat(EventCatalog.find("ClockAdvanced").topics()).containsExactly(Topics.OPS_CLOCK);
    }

    @Test
    void contract_causation_id_is_optional_but_must_be_a_uuid() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        wire.remove("causationId");
        assertThat(EventCodec.decode(bytes(wire)).causationId()).isNull();
        wire.put("causationId", "because");
        assertRejected(wire).hasMessageStartingWith("causationId is not a UUID");
    }

    static Stream<Arguments> brokenEnvelopes() {
        return Stream.of(
                Arguments.of("occurredAt missing", (Consumer<ObjectNode>) w -> w.remove("occurredAt"), "occurredAt is missing"),
                Arguments.of("occurredAt not an instant", (Consumer<ObjectNode>) w -> w.put("occurredAt", "2026-03-01"),
                        "occurredAt is not an ISO-8601 UTC instant"),
                Arguments.of("occurredAt as epoch seconds", (Consumer<ObjectNode>) w -> w.put("occurredAt", 1772360130),
                        "occurredAt must be a non-empty string"),
                Arguments.of("producer missing", (Consumer<ObjectNode>) w -> w.remove("producer"), "producer is missing"),
                Arguments.of("producer blank", (Consumer<ObjectNode>) w -> w.put("producer", " "),
                        "producer must be a non-empty string"),
                Arguments.of("payload missing", (Consumer<ObjectNode>) w -> w.remove("payload"),
                        "payload of CreditAdded must be a JSON object"),
                Arguments.of("payload a string", (Consumer<ObjectNode>) w -> w.put("payload", "{}"),
                        "payload of CreditAdded must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEnvelopes")
    void contract_broken_envelope_is_rejected_with_its_reason(String label, Consumer<ObjectNode> breakIt, String reason) {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        breakIt.accept(wire);
        assertRejected(wire).hasMessage(reason);
    }

    // --- field shapes ------------------------------------------------------------------------------

    static Stream<Arguments> brokenFields() {
        return Stream.of(
                Arguments.of("KeyActivated", "units", "2.9", "units must be an integer"),
                Arguments.of("KeyActivated", "units", "\"3\"", "units must be an integer"),
                Arguments.of("KeyActivated", "units", "4294967299", "units must be an integer"),
                Arguments.of("KeyActivated", "units", "0", "units must be at least 1"),
                Arguments.of("KeyActivated", "keyCode", "12345", "keyCode must be a string"),
                Arguments.of("KeyActivated", "keyCode", "\" \"", "keyCode must not be blank"),
                Arguments.of("TokenBalanceLow", "thresholdPercent", "30.5", "thresholdPercent must be an integer"),
                Arguments.of("SubscriptionCreditLow", "alertNumber", "6", "alertNumber must be 1..5"),
                Arguments.of("SubscriptionCreditLow", "recipients", "\"a@b.example\"", "recipients must be an array"),
                Arguments.of("SubscriptionCreditLow", "recipients", "[null]", "recipients[0] must be a string"),
                Arguments.of("SubscriptionCreditLow", "recipients", "[\"a@b.example\", 7]", "recipients[1] must be a string"),
                Arguments.of("SubscriptionCreditLow", "recipients", "[]", "recipients must hold 1 or 2 addresses"),
                Arguments.of("UsageRecorded", "eligible", "\"true\"", "eligible must be true or false"),
                Arguments.of("UsageRecorded", "eligible", "1", "eligible must be true or false"),
                Arguments.of("UsageRecorded", "quantity", "12.5", "quantity must be a decimal string"),
                Arguments.of("UsageRecorded", "quantity", "\"1e3\"", "quantity must be a decimal string"),
                Arguments.of("UsageRecorded", "quantity", "\"twelve\"", "quantity must be a decimal string"),
                Arguments.of("UsageRecorded", "quantity", "\"-1\"", "quantity must not be negative"),
                Arguments.of("UsageRecorded", "usageTime", "\"yesterday\"", "usageTime"),
                Arguments.of("UsageRecorded", "usageTime", "1772360130", "usageTime must be a string"),
                Arguments.of("UsageRecorded", "amount", "\"1.54\"", "amount must be an object"),
                Arguments.of("UsageRecorded", "amount", "{\"amount\": 1.54, \"currency\": \"NOK\"}",
                        "amount.amount must be a decimal string"),
                Arguments.of("UsageRecorded", "amount", "{\"amount\": \"-1.54\", \"currency\": \"NOK\"}",
                        "amount must not be negative"),
                Arguments.of("CreditAdded", "tokenId", "\"1-1-1-1-1\"", "tokenId"),
                Arguments.of("CreditAdded", "source", "\"GIFT\"", "source"),
                Arguments.of("CreditAdded", "source", "0", "source must be a string"),
                Arguments.of("CreditAdded", "amount", "{\"amount\": \"0\", \"currency\": \"NOK\"}", "amount must be positive"),
                Arguments.of("CreditAdded", "expiresAt", "\"2026-03-01T10:15:30Z\"", "expiresAt must be after activatedAt"),
                Arguments.of("SubscriptionCreated", "accountCreatedOn", "\"02.05.2019\"", "accountCreatedOn"),
                Arguments.of("SubscriptionCreated", "accountCreatedOn", "\"2019-05-02T00:00:00Z\"",
                        "accountCreatedOn must be an ISO-8601 date"),
                Arguments.of("SubscriptionCreated", "accountCreatedOn", "\"2019-02-30\"", "accountCreatedOn"),
                Arguments.of("BalanceChanged", "status", "\"FROZEN\"", "status"),
                Arguments.of("ClockAdvanced", "offset", "\"-PT1H\"", "the suite clock only moves forward"),
                Arguments.of("ClockAdvanced", "offset", "\"thirty days\"", "offset"),
                Arguments.of("ClockAdvanced", "advancedBy", "3600", "advancedBy must be a string"));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("brokenFields")
    void contract_field_of_the_wrong_shape_is_rejected_naming_it(String type, String field, String value, String reason)
            throws IOException {
        ObjectNode wire = wire(EventSamples.sample(type));
        payloadOf(wire).set(field, JSON.readTree(value));
        assertRejected(wire).hasMessageStartingWith("payload of " + type + " is invalid: ").hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e99999999", "1E-99999999", "-9.9e+999999999"})
    void contract_exponent_amount_is_rejected_without_hanging_the_reader(String amount) {
        ObjectNode wire = wire(EventSamples.sample("TokenExpired"));
        ((ObjectNode) payloadOf(wire).get("forfeited")).put("amount", amount);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertRejected(wire).hasMessageContaining("forfeited.amount must be a decimal string"));
    }

    @Test
    void contract_overlong_amount_is_rejected() {
        ObjectNode wire = wire(EventSamples.sample("TokenExpired"));
        ((ObjectNode) payloadOf(wire).get("forfeited")).put("amount", "1".repeat(5000));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertRejected(wire).hasMessageContaining("forfeited"));
    }

    // --- M1: decimals are strings, never doubles -----------------------------------------------------

    @Test
    void M1_amounts_travel_as_strings() {
        ObjectNode wire = wire(EventSamples.sample("CreditAdded"));
        JsonNode amount = payloadOf(wire).get("amount");
        assertThat(amount.get("amount").isTextual()).isTrue();
        assertThat(amount.get("amount").asText()).isEqualTo("3210.00");
        assertThat(amount.get("currency").asText()).isEqualTo("NOK");
        assertThat(amount.properties()).hasSize(2);
        assertThat(EventCodec.encodeToString(EventSamples.envelope(EventSamples.sample("CreditAdded"))))
                .contains("\"amount\":{\"amount\":\"3210.00\",\"currency\":\"NOK\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void M1_every_decimal_of_every_event_is_a_json_string(EventPayload sample) {
        ObjectNode payload = payloadOf(wire(sample));
        for (RecordComponent component : sample.getClass().getRecordComponents()) {
            JsonNode value = payload.get(component.getName());
            if (component.getType() == Money.class) {
                assertThat(value.get("amount").isTextual()).as("%s.amount", component.getName()).isTrue();
                assertThat(value.get("amount").asText()).matches("-?[0-9]+\\.[0-9]{2,6}");
                assertThat(value.get("currency").asText()).matches("[A-Z]{3}");
            } else if (component.getType() == BigDecimal.class) {
                assertThat(value.isTextual()).as(component.getName()).isTrue();
            }
        }
        assertThat(payload.findValues("amount")).noneMatch(JsonNode::isNumber);
    }

    @Test
    void M1_a_decimal_never_becomes_a_double() {
        // 0.1 + 0.2 in binary floating point is 0.30000000000000004; 17 significant digits are beyond a double
        UsageRecorded usage = new UsageRecorded("usage-1", "meter-1", "Storage", new BigDecimal("12345678901.234567890123"),
                "GB", Money.of("0.1", "USD"), Money.of("0.1", "USD").plus(Money.of("0.2", "USD")), true, EventSamples.AT);
        EventEnvelope original = EventSamples.envelope(usage);
        ObjectNode payload = payloadOf(wire(usage));
        assertThat(payload.get("quantity").isTextual()).isTrue();
        assertThat(payload.get("quantity").asText()).isEqualTo("12345678901.234567890123");
        assertThat(payload.get("amount").get("amount").asText()).isEqualTo("0.30");

        UsageRecorded decoded = EventCodec.decode(EventCodec.encode(original)).payloadAs(UsageRecorded.class);
        assertThat(decoded.quantity()).isEqualTo(new BigDecimal("12345678901.234567890123"));
        assertThat(new BigDecimal(decoded.quantity().doubleValue()))
                .as("the quantity is not representable as a double, so no double was on its way")
                .isNotEqualByComparingTo(decoded.quantity());
        assertThat(decoded.amount().amount()).isEqualByComparingTo("0.3");
        assertThat(decoded).isEqualTo(usage);
    }

    @Test
    void M1_random_amounts_survive_the_wire_exactly() {
        Random random = new Random(20260301L);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal value = BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000L, random.nextInt(9));
            Money amount = Money.of(value.abs().max(new BigDecimal("0.000001")), "EUR");
            BigDecimal quantity = BigDecimal.valueOf(random.nextLong() >>> 1, random.nextInt(20));
            UsageRecorded usage = new UsageRecorded("u-" + i, "m", "s", quantity, "h", amount, amount, false, EventSamples.AT);
            EventEnvelope original = EventSamples.envelope(usage);
            assertThat(EventCodec.decode(EventCodec.encode(original))).as("%s", usage).isEqualTo(original);
        }
    }

    // --- catalog -------------------------------------------------------------------------------------

    @Test
    void contract_each_type_travels_on_its_owners_topic() {
        assertThat(EventCatalog.find("CreditAdded").topics())
                .containsExactlyInAnyOrder(Topics.ACTIVATION_EVENTS, Topics.BILLING_EVENTS);
        assertThat(EventCatalog.find("UsageRecorded").topics()).containsExactly(Topics.BILLING_EVENTS);
        assertThat(EventCatalog.find("NotificationSent").topics()).containsExactly(Topics.ALERTING_EVENTS);
        assertThat(EventCatalog.find("NoSuchEvent")).isNull();
        assertThatThrownBy(() -> EventCatalog.currentVersion("NoSuchEvent")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topics.dlq(Topics.LEDGER_EVENTS)).isEqualTo("ledger.events.dlq");
        EventCatalog.all().stream().filter(descriptor -> !EventCatalog.isSuiteWide(descriptor.type()))
                .forEach(descriptor -> assertThat(descriptor.topics()).allMatch(topic -> topic.endsWith(".events")));
    }

    @Test
    void contract_envelope_refuses_a_type_that_is_not_its_payloads() {
        assertThatThrownBy(() -> new EventEnvelope(EventSamples.EVENT, "TokenExpired", 1, EventSamples.SUBSCRIPTION,
                EventSamples.AT, Producers.LEDGER, null, EventSamples.sample("CreditAdded")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> new EventEnvelope(EventSamples.EVENT, "CreditAdded", 1, null,
                EventSamples.AT, Producers.LEDGER, null, EventSamples.sample("CreditAdded")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriptionId is required");
    }
}
