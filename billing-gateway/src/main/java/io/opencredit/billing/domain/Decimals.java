package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.ExternalDecimal;
import java.math.BigDecimal;

/**
 * Reading decimals from requests exactly (SPEC M1, O6): every quantity and amount that comes from
 * outside goes through {@link ExternalDecimal}, the suite's one reader, on its raw text; only this
 * class turns its refusals into the gateway's problems, naming the field.
 */
public final class Decimals {

    private Decimals() {
    }

    /**
     * A non-negative decimal from a JSON string or number. Throws {@link InvalidInput} with the rule
     * broken: not a decimal, negative, more than 6 fraction digits, or beyond 10^18.
     */
    public static BigDecimal nonNegative(JsonNode node, String field) {
        return nonNegativeValue(JsonInput.value(node), field);
    }

    /** As {@link #nonNegative(JsonNode, String)}, for a field value as {@link JsonInput#value(JsonNode)} gives it. */
    public static BigDecimal nonNegativeValue(Object raw, String field) {
        BigDecimal value = parseValue(raw, field);
        if (value.signum() < 0) {
            throw new InvalidInput("invalid-value", field + " must not be negative, got " + value.toPlainString());
        }
        return value;
    }

    public static BigDecimal parse(JsonNode node, String field) {
        return parseValue(JsonInput.value(node), field);
    }

    /**
     * The decimal of a field value: the text of a JSON string or number, read by {@link ExternalDecimal}.
     * A number in a tree Jackson built (not by {@link JsonInput}) is read from {@code toString()},
     * which keeps an exponent visible, never from {@code toPlainString()}.
     */
    private static BigDecimal parseValue(Object value, String field) {
        if (value == null || value instanceof JsonNode node && node.isNull()) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        String text;
        if (value instanceof String string) {
            text = string;
        } else if (value instanceof JsonInput.NumberText number) {
            text = number.text();
        } else if (value instanceof JsonNode node && node.isNumber()) {
            text = node.asText();
        } else {
            throw new InvalidInput("invalid-value", field + " must be a decimal string such as \"12.5\"");
        }
        ExternalDecimal.Problem problem = ExternalDecimal.problem(text);
        if (problem == null) {
            BigDecimal decimal = new BigDecimal(text).stripTrailingZeros(); // "1.50" and "1.5" are one quantity
            return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        }
        String reason = ExternalDecimal.describe(problem, text);
        throw switch (problem) {
            case TOO_MANY_FRACTION_DIGITS -> new InvalidInput("M1-too-many-fraction-digits", field + " " + reason);
            case TOO_LARGE -> new InvalidInput("invalid-value", field + " is too large: " + reason);
            case NOT_A_DECIMAL -> new InvalidInput("invalid-value", field + " " + reason);
        };
    }
}
