package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Lexical;
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
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInput("unknown-field", "unknown field '" + name + "'; known fields: " + FIELDS);
            }
        }
        String id = visibleText(record.get("id"), "id");
        JsonNode subscription = record.get("subscriptionId");
        if (subscription == null || !subscription.isTextual() || !Lexical.isCanonicalUuid(subscription.asText())) {
            throw new InvalidInput("invalid-value", "subscriptionId must be a UUID");
        }
        String meterId = visibleText(record.get("meterId"), "meterId");
        var quantity = Decimals.nonNegative(record.get("quantity"), "quantity");
        Instant usageTime = instant(record.get("usageTime"), "usageTime");
        return new UsageInput(id, UUID.fromString(subscription.asText()), meterId, quantity, usageTime);
    }

    /** 1 to 255 visible ASCII characters (ids are compared byte for byte; no spaces that could hide). */
    static String visibleText(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        if (!node.isTextual()) {
            throw new InvalidInput("invalid-value", field + " must be a string");
        }
        String text = node.asText();
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
        if (node == null || node.isNull()) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        if (!node.isTextual()) {
            throw new InvalidInput("invalid-value", field + " must be an ISO-8601 instant such as \"2026-01-31T12:00:00Z\"");
        }
        String text = node.asText();
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
