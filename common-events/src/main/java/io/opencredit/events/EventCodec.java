package io.opencredit.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * JSON serde of {@link EventEnvelope}: the envelope fields at the top level, the event in
 * {@code payload}. Decoding checks the type and version against {@link EventCatalog}, tolerates
 * unknown fields (a newer producer may add some) and rejects anything else it cannot trust with a
 * {@link MalformedEventException} that says why. Decimals travel as JSON strings (SPEC M1).
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private EventCodec() {
    }

    /** The mapper used for events: ISO-8601 instants, decimals as strings, unknown fields ignored. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        SimpleModule decimals = new SimpleModule("opencredit-decimals");
        decimals.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toPlainString());
            }
        });
        decimals.addSerializer(Money.class, new StdSerializer<>(Money.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("amount", value.amountText());
                gen.writeStringField("currency", value.currency());
                gen.writeEndObject();
            }
        });
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(decimals)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public static byte[] encode(EventEnvelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("subscriptionId", envelope.subscriptionId() == null ? null : envelope.subscriptionId().toString());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("producer", envelope.producer());
        node.put("causationId", envelope.causationId() == null ? null : envelope.causationId().toString());
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    public static String encodeToString(EventEnvelope envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /** Reads one record value; throws {@link MalformedEventException} with the reason if it cannot. */
    public static EventEnvelope decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("the event must be a JSON object");
        }
        String type = text(root, "type");
        EventCatalog.Descriptor descriptor = EventCatalog.find(type);
        if (descriptor == null) {
            throw new MalformedEventException("unknown event type '" + type + "'");
        }
        JsonNode versionNode = root.get("version");
        if (versionNode == null || !versionNode.canConvertToExactIntegral() || !versionNode.isIntegralNumber()) {
            throw new MalformedEventException("version of " + type + " must be an integer");
        }
        int version = versionNode.intValue();
        if (!descriptor.readableVersions().contains(version)) {
            throw new MalformedEventException("unsupported version " + version + " of " + type
                    + " (this reader accepts " + descriptor.readableVersions() + ")");
        }
        UUID eventId = uuid(root, "eventId", true);
        UUID subscriptionId = uuid(root, "subscriptionId", !EventCatalog.isSuiteWide(type));
        UUID causationId = uuid(root, "causationId", false);
        Instant occurredAt;
        try {
            occurredAt = Instant.parse(text(root, "occurredAt"));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("occurredAt is not an ISO-8601 UTC instant", e);
        }
        String producer = text(root, "producer");
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new MalformedEventException("payload of " + type + " must be a JSON object");
        }
        EventPayload payload;
        try {
            payload = MAPPER.treeToValue(payloadNode, descriptor.payloadClass());
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("payload of " + type + " is invalid: " + rootCauseMessage(e), e);
        }
        try {
            return new EventEnvelope(eventId, type, version, subscriptionId, occurredAt, producer, causationId, payload);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("envelope of " + type + " is invalid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(field + " is missing");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new MalformedEventException(field + " must be a non-empty string");
        }
        return node.asText();
    }

    private static UUID uuid(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new MalformedEventException(field + " is missing");
            }
            return null;
        }
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(field + " is not a UUID: '" + node.asText() + "'", e);
        }
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return firstLine(message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
