package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Lexical;
import io.opencredit.events.Money;
import java.math.BigDecimal;

/** Reading decimals from requests exactly (SPEC M1): never through a double, at most 6 fraction digits. */
public final class Decimals {

    private static final BigDecimal LIMIT = new BigDecimal("1000000000000000000"); // 10^18

    private Decimals() {
    }

    /**
     * A non-negative decimal from a JSON string or number. Throws {@link InvalidInput} with the rule
     * broken: not a decimal, negative, more than 6 fraction digits, or beyond 10^18.
     */
    public static BigDecimal nonNegative(JsonNode node, String field) {
        return nonNegativeValue(value(node), field);
    }

    /** As {@link #nonNegative(JsonNode, String)}, for a value that is null (absent), the text of a JSON string, or the node of any other JSON value. */
    static BigDecimal nonNegativeValue(Object raw, String field) {
        BigDecimal value = parseValue(raw, field);
        if (value.signum() < 0) {
            throw new InvalidInput("invalid-value", field + " must not be negative, got " + value.toPlainString());
        }
        return value;
    }

    public static BigDecimal parse(JsonNode node, String field) {
        return parseValue(value(node), field);
    }

    private static Object value(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node.isTextual() ? node.textValue() : node;
    }

    private static BigDecimal parseValue(Object value, String field) {
        if (value == null || value instanceof JsonNode node && node.isNull()) {
            throw new InvalidInput("invalid-value", field + " is required");
        }
        BigDecimal decimal;
        if (value instanceof String raw) {
            String text = raw.trim();
            if (!isDecimal(text)) {
                throw new InvalidInput("invalid-value", field + " must be a decimal such as \"12.5\", got " + abbreviate(raw));
            }
            decimal = new BigDecimal(text);
        } else if (value instanceof JsonNode node && node.isNumber()) {
            decimal = node.decimalValue();
        } else {
            throw new InvalidInput("invalid-value", field + " must be a decimal string such as \"12.5\"");
        }
        if (decimal.abs().compareTo(LIMIT) >= 0) {
            throw new InvalidInput("invalid-value", field + " is too large");
        }
        return checkScale(decimal, field);
    }

    /**
     * {@code -?[0-9]{1,18}(\.[0-9]+)?}, checked by hand (the regular expression was a noticeable
     * part of reading a usage record): the plain notation events use ({@link Lexical#isPlainDecimal})
     * with at most 18 integer digits.
     */
    static boolean isDecimal(String text) {
        if (!Lexical.isPlainDecimal(text)) {
            return false;
        }
        int point = text.indexOf('.');
        int integerDigits = (point < 0 ? text.length() : point) - (text.startsWith("-") ? 1 : 0);
        return integerDigits <= 18;
    }

    /** At most 6 fraction digits (trailing zeros do not count). */
    public static BigDecimal checkScale(BigDecimal value, String field) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > Money.SCALE) {
            throw new InvalidInput("M1-too-many-fraction-digits",
                    field + " has more than " + Money.SCALE + " fraction digits: " + value.toPlainString());
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 40) + "...'";
    }
}
