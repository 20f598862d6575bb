package io.opencredit.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * JSON serde of {@link EventEnvelope}: the envelope fields at the top level, the event in
 * {@code payload}. Decoding checks the type and version against {@link EventCatalog}, tolerates
 * unknown fields (a newer producer may add some) and rejects anything else it cannot trust with a
 * {@link MalformedEventException} that says why. A well-formed envelope of a type the catalogue lacks raises the
 * subclass {@link UnknownEventTypeException}, which consumers skip rather than dead-letter (SPEC F6); an unknown
 * version of a known type stays malformed. Decimals travel as JSON strings (SPEC M1).
 * Each payload field must have the JSON kind its schema ({@code schemas/<Type>.v1.json}) gives it:
 * nothing is coerced on the way in (no number for an amount, no fraction for an integer).
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = newMapper();
    /** Reads record values: one JSON document, nothing after it. */
    private static final ObjectReader TREE_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A calendar date alone; Jackson would also take a timestamp and drop its time. */
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** What an event type is named like: a capitalised identifier ({@code CreditAdded}); see {@link UnknownEventTypeException}. */
    private static final Pattern EVENT_TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,99}");
    /** The components of each payload record, read once (Class#getRecordComponents builds them anew on every call). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

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
        // registered after JavaTimeModule, so it comes first: instants written by hand as Instant#toString
        // writes them (what JavaTimeModule writes too), the usual UTC spelling read by hand, the rest as before
        SimpleModule instants = new SimpleModule("opencredit-instants");
        instants.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Lexical.isoInstant(value));
            }
        });
        instants.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (parser.hasToken(JsonToken.VALUE_STRING)) {
                    Instant usual = Lexical.utcInstant(parser.getText());
                    if (usual != null) {
                        return usual;
                    }
                }
                return InstantDeserializer.INSTANT.deserialize(parser, context);
            }
        });
        return new ObjectMapper()
                .addMixIn(EventEnvelope.class, EnvelopeOrder.class)
                .registerModule(new JavaTimeModule())
                .registerModule(instants)
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
        try {
            return ENVELOPE_WRITER.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    /**
     * As {@link #encode(EventEnvelope)}, with the payload already written as UTF-8 JSON by this codec's
     * {@link #mapper()} (a publisher that also stores it, such as the ledger, writes it once); the bytes
     * are copied into the envelope as they are.
     */
    public static byte[] encode(EventEnvelope envelope, byte[] payloadJson) {
        if (payloadJson == null) {
            return encode(envelope);
        }
        try {
            return PREWRITTEN_WRITER.writeValueAsBytes(new PrewrittenEnvelope(envelope.eventId(), envelope.type(),
                    envelope.version(), envelope.subscriptionId(), envelope.occurredAt(), envelope.producer(),
                    envelope.causationId(), new RawValue(new RawJson(payloadJson))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    /** The envelope's fields on the wire: in the order of {@code schemas/EventEnvelope.v1.json}, the payload last. */
    @JsonPropertyOrder({"eventId", "type", "version", "subscriptionId", "occurredAt", "producer", "causationId", "payload"})
    private interface EnvelopeOrder {
    }

    /** An envelope whose payload is JSON this codec wrote before, copied in as it is. */
    @JsonPropertyOrder({"eventId", "type", "version", "subscriptionId", "occurredAt", "producer", "causationId", "payload"})
    private record PrewrittenEnvelope(UUID eventId, String type, int version, UUID subscriptionId, Instant occurredAt,
                                      String producer, UUID causationId, RawValue payload) {
    }

    private static final ObjectWriter ENVELOPE_WRITER = MAPPER.writerFor(EventEnvelope.class);
    private static final ObjectWriter PREWRITTEN_WRITER = MAPPER.writerFor(PrewrittenEnvelope.class);

    /**
     * JSON already written as UTF-8, which a UTF-8 generator copies into its output as it is (a raw value). Jackson's
     * own raw values are strings: decoding the bytes and encoding them again cost 0.7 µs an event, about 40 % of
     * {@link #encode(EventEnvelope, byte[])} ({@code EventCodecBenchmark}).
     */
    private record RawJson(byte[] utf8) implements SerializableString {
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1; // the generator then writes asUnquotedUTF8()
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (offset + value.length() > buffer.length) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        // a raw value is never written quoted
        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }
    }

    public static String encodeToString(EventEnvelope envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /**
     * Reads one record value; throws {@link MalformedEventException} with the reason if it cannot, and its subclass
     * {@link UnknownEventTypeException} when the only fault is a type this reader does not know.
     */
    public static EventEnvelope decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode root;
        try {
            root = TREE_READER.readTree(json);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("the event must be a JSON object");
        }
        String type = text(root, "type");
        EventCatalog.Descriptor descriptor = EventCatalog.find(type);
        if (descriptor == null) {
            throw unknownType(root, type);
        }
        int version = version(root, type);
        if (!descriptor.readableVersions().contains(version)) {
            throw new MalformedEventException("unsupported version " + version + " of " + type
                    + " (this reader accepts " + descriptor.readableVersions() + ")");
        }
        UUID eventId = uuid(root, "eventId", true);
        UUID subscriptionId = uuid(root, "subscriptionId", !EventCatalog.isSuiteWide(type));
        UUID causationId = uuid(root, "causationId", false);
        Instant occurredAt;
        try {
            String text = text(root, "occurredAt");
            Instant usual = Lexical.utcInstant(text);
            occurredAt = usual != null ? usual : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("occurredAt is not an ISO-8601 UTC instant", e);
        }
        String producer = text(root, "producer");
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new MalformedEventException("payload of " + type + " must be a JSON object");
        }
        String shapeError = shapeError(descriptor.payloadClass(), payloadNode);
        if (shapeError != null) {
            throw new MalformedEventException("payload of " + type + " is invalid: " + shapeError);
        }
        EventPayload payload;
        try {
            payload = MAPPER.treeToValue(payloadNode, descriptor.payloadClass());
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("payload of " + type + " is invalid: " + pathOf(e) + rootCauseMessage(e), e);
        }
        try {
            return new EventEnvelope(eventId, type, version, subscriptionId, occurredAt, producer, causationId, payload);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("envelope of " + type + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Why a record of a type the catalogue lacks is refused: {@link UnknownEventTypeException} (skip it) when the
     * type is a plausible event name and the rest of the envelope is valid, else a plain {@link MalformedEventException}
     * from the first field that is not. The payload is not read: its schema is unknown here.
     */
    private static MalformedEventException unknownType(JsonNode root, String type) {
        if (!EVENT_TYPE_NAME.matcher(type).matches()) {
            return new MalformedEventException("unknown event type '" + abbreviate(type) + "' (not an event type name)");
        }
        int version = version(root, type);
        UUID eventId = uuid(root, "eventId", true);
        uuid(root, "subscriptionId", false); // a newer suite-wide type may have none
        uuid(root, "causationId", false);
        String occurredAt = text(root, "occurredAt");
        if (Lexical.utcInstant(occurredAt) == null) {
            try {
                Instant.parse(occurredAt);
            } catch (DateTimeParseException e) {
                return new MalformedEventException("occurredAt is not an ISO-8601 UTC instant", e);
            }
        }
        text(root, "producer");
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            return new MalformedEventException("payload of " + type + " must be a JSON object");
        }
        return new UnknownEventTypeException(type, version, eventId);
    }

    /** The envelope's version: a positive int (whether this reader accepts it is the caller's question). */
    private static int version(JsonNode root, String type) {
        JsonNode versionNode = root.get("version");
        if (versionNode == null || !versionNode.isIntegralNumber() || !versionNode.canConvertToInt()
                || versionNode.intValue() < 1) {
            throw new MalformedEventException("version of " + type + " must be a positive integer");
        }
        return versionNode.intValue();
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
        if (!node.isTextual() || !Lexical.isCanonicalUuid(node.asText())) {
            throw new MalformedEventException(field + " is not a UUID: '" + node.asText() + "'");
        }
        return UUID.fromString(node.asText());
    }

    /**
     * Checks each field's JSON kind against the record component it fills, as the event's JSON
     * Schema describes it, before Jackson binds it: Jackson would otherwise coerce silently (a
     * fraction into an int, a number into a decimal, {@code "1e99999999"} into an amount whose
     * rounding never ends). A missing or null primitive is reported here, by name; a missing or
     * null object is left to the record's constructor, which knows whether it is optional.
     *
     * @return why the payload is not of the right shape, or {@code null} if it is
     */
    private static String shapeError(Class<? extends EventPayload> payloadClass, JsonNode payload) {
        for (RecordComponent component : COMPONENTS.get(payloadClass)) {
            String name = component.getName();
            Class<?> type = component.getType();
            JsonNode value = payload.get(name);
            String error;
            if (value == null || value.isNull()) {
                error = type.isPrimitive() ? name + " is required" : null;
            } else if (type == int.class) {
                error = value.isIntegralNumber() && value.canConvertToInt() ? null : name + " must be an integer";
            } else if (type == long.class) {
                error = value.isIntegralNumber() && value.canConvertToLong() ? null : name + " must be an integer";
            } else if (type == boolean.class) {
                error = value.isBoolean() ? null : name + " must be true or false";
            } else if (type == BigDecimal.class) {
                error = decimalError(name, value);
            } else if (type == Money.class) {
                error = moneyError(name, value);
            } else if (type == List.class) {
                error = listError(name, component.getGenericType(), value);
            } else if (type == LocalDate.class) {
                error = value.isTextual() && DATE.matcher(value.asText()).matches() ? null
                        : name + " must be an ISO-8601 date (yyyy-mm-dd)";
            } else if (type == String.class || type == UUID.class || type == Instant.class
                    || type == Duration.class || type.isEnum()) {
                error = value.isTextual() ? null : name + " must be a string";
            } else {
                error = null;
            }
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private static String decimalError(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return name + " is required";
        }
        if (!value.isTextual() || !Lexical.isPlainDecimal(value.asText())) {
            return name + " must be a decimal string such as \"123.45\", got " + abbreviate(value.toString());
        }
        return null;
    }

    private static String moneyError(String name, JsonNode value) {
        if (!value.isObject()) {
            return name + " must be an object {\"amount\": \"123.45\", \"currency\": \"USD\"}";
        }
        String amountError = decimalError(name + ".amount", value.get("amount"));
        if (amountError != null) {
            return amountError;
        }
        JsonNode currency = value.get("currency");
        if (currency == null || currency.isNull()) {
            return name + ".currency is required";
        }
        return currency.isTextual() ? null : name + ".currency must be a string";
    }

    private static String listError(String name, Type genericType, JsonNode value) {
        if (!value.isArray()) {
            return name + " must be an array";
        }
        boolean ofStrings = genericType instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] == String.class;
        for (int i = 0; ofStrings && i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                return name + "[" + i + "] must be a string";
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The field a Jackson error is about, as {@code "usageTime: "}, or nothing if it does not say. */
    private static String pathOf(Throwable e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : path + ": ";
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
