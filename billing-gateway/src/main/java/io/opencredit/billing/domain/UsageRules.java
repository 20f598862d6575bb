package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Lexical;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The rules of one usage record (SPEC T3, T6, M1, §5), pure. */
public final class UsageRules {

    /** T6: usage up to this far ahead of the suite clock is accepted (meters' clocks drift). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    public static final Set<String> FIELDS = Set.of("id", "subscriptionId", "meterId", "quantity", "usageTime");

    private UsageRules() {
    }

    /** The record's id if it has a readable one (for the per-record answer), else null. */
    public static String idOf(JsonNode record) {
        if (record == null || !record.isObject()) {
            return null;
        }
        JsonNode id = record.get("id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    /** Reads one record; throws {@link InvalidInput} naming the first problem. */
    public static UsageInput parse(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new InvalidInput("invalid-usage-record", "a usage record must be a JSON object");
        }
        String unknown = null;
        for (Iterator<String> names = record.fieldNames(); names.hasNext() && unknown == null; ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown = name;
            }
        }
        return parse(unknown, value(record.get("id")), value(record.get("subscriptionId")), value(record.get("meterId")),
                value(record.get("quantity")), value(record.get("usageTime")));
    }

    /** One record read from a JSON tree: well-formed, or its problem and readable id. */
    public static UsageRecord read(JsonNode record) {
        try {
            return UsageRecord.wellFormed(parse(record));
        } catch (InvalidInput e) {
            return UsageRecord.malformed(idOf(record), e);
        }
    }

    /**
     * One record from the values of its fields as read from a JSON object (a stream reader need not
     * build the object's tree): each value is null if the field is absent, the text of a JSON string,
     * the {@link JsonInput.NumberText} of a JSON number, or the {@link JsonNode} of any other JSON value. {@code unknownField} is the first field of the
     * object that is not one of {@link #FIELDS}, or null. Same outcomes as {@link #read(JsonNode)}.
     */
    public static UsageRecord read(String unknownField, Object id, Object subscriptionId, Object meterId, Object quantity, Object usageTime) {
        try {
            return UsageRecord.wellFormed(parse(unknownField, id, subscriptionId, meterId, quantity, usageTime));
        } catch (InvalidInput e) {
            return UsageRecord.malformed(id instanceof String text ? text : null, e);
        }
    }

    /** The checks of one record, in this order (the first problem is reported); values as in {@link #read(String, Object, Object, Object, Object, Object)}. */
    static UsageInput parse(String unknownField, Object id, Object subscriptionId, Object meterId, Object quantity, Object usageTime) {
        if (unknownField != null) {
            throw new InvalidInput("unknown-field", "unknown field '" + unknownField + "'; known fields: " + FIELDS);
        }
        String idText = visibleTextValue(id, "id");
        if (!(subscriptionId instanceof String subscription) || !Lexical.isCanonicalUuid(subscription)) {
            throw new InvalidInput("invalid-value", "subscriptionId must be a UUID");
        }
        String meter = visibleTextValue(meterId, "meterId");
        BigDecimal amount = Decimals.nonNegativeValue(quantity, "quantity");
        Instant at = instantValue(usageTime, "usageTime");
        return new UsageInput(idText, UUID.fromString(subscription), meter, amount, at);
    }

    /** A field's value as {@link #read(String, Object, Object, Object, Object, Object)} takes it ({@link JsonInput#value}). */
    static Object value(JsonNode node) {
        return JsonInput.value(node);
    }

    private static boolean isNull(Object value) {
        return value == null || value instanceof JsonNode node && node.isNull();
    }

    /** 1 to 255 visible ASCII characters (ids are compared byte for byte; no spaces that could hide). */
    static String visibleText(JsonNode node, String field) {
        return visibleTextValue(value(node), field);
    }

    private static String visibleTextValue(Object value, String field) {
        if (isNull(value)) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        if (!(value instanceof String text)) {
            throw new InvalidInput("invalid-value", field + " must be a string");
        }
        if (text.isEmpty() || text.length() > 255 || !visibleAscii(text)) {
            throw new InvalidInput("invalid-value", field + " must be 1 to 255 visible ASCII characters");
        }
        return text;
    }

    private static boolean visibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static Instant instant(JsonNode node, String field) {
        return instantValue(value(node), field);
    }

    private static Instant instantValue(Object value, String field) {
        if (isNull(value)) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        if (!(value instanceof String text)) {
            throw new InvalidInput("invalid-value", field + " must be an ISO-8601 instant such as \"2026-01-31T12:00:00Z\"");
        }
        try {
            Instant utc = Lexical.utcInstant(text); // the usual UTC spelling by hand, anything else parsed in full
            return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput("invalid-value", field + " must be an ISO-8601 instant with offset, such as \"2026-01-31T12:00:00Z\"");
        }
    }

    /**
     * T6 and the subscription's state: why the usage cannot be accepted now, or empty.
     *
     * @param now          the suite clock
     * @param maxLateness  the configured lateness (default 72 h)
     */
    public static Optional<InvalidInput> refusal(UsageInput usage, SubscriptionInfo subscription, Instant now, Duration maxLateness) {
        if (subscription.deprovisioned()) {
            return Optional.of(new InvalidInput("S3-subscription-deprovisioned",
                    "subscription " + usage.subscriptionId() + " is deprovisioned and takes no more usage"));
        }
        if (usage.usageTime().isAfter(now.plus(FUTURE_TOLERANCE))) {
            return Optional.of(new InvalidInput("T6-usage-in-the-future",
                    "usageTime " + usage.usageTime() + " is more than " + FUTURE_TOLERANCE.toMinutes() + " minutes after now (" + now + ")"));
        }
        if (usage.usageTime().isBefore(now.minus(maxLateness))) {
            return Optional.of(new InvalidInput("T6-usage-too-late",
                    "usageTime " + usage.usageTime() + " is older than the accepted lateness of " + maxLateness.toHours() + " hours"));
        }
        if (subscription.createdAt() != null && usage.usageTime().isBefore(subscription.createdAt())) {
            return Optional.of(new InvalidInput("T6-usage-before-subscription",
                    "usageTime " + usage.usageTime() + " is before the subscription was created (" + subscription.createdAt() + ")"));
        }
        return Optional.empty();
    }
}
