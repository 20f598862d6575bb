package io.opencredit.events;

import java.math.BigDecimal;

/**
 * The one reader of decimals that come from outside the suite (SPEC O6, M1): HTTP bodies and query
 * parameters of every service, the Kafka usage intake, payment confirmations. It works on the raw
 * characters (the text of a JSON string, or the token text of a JSON number as the parser saw it) and
 * builds a {@link BigDecimal} only from text it has accepted, so that no input can make it build a
 * gigabyte-long string ({@code 1e-999999999} through {@code toPlainString}) or spend seconds on a
 * 100,000-digit number: the text is read once, left to right, and the reading stops at the first
 * character that settles the answer (at most 27 characters of any text).
 *
 * <p>The language, one spelling per value as in JSON: {@code -?(0|[1-9][0-9]{0,17})(\.[0-9]{1,6})?}.
 * Refused: an exponent, {@code +}, white space (also around the text: a string is taken as it is),
 * non-ASCII digits, {@code NaN}/{@code Infinity}, leading zeros ({@code 007}), more than 18 integer or
 * 6 fraction digits (trailing zeros count: {@code 2.5000000} is seven digits), and a negative zero
 * ({@code -0}, {@code -0.00}: the sign says nothing and a quantity or amount is never negative zero).
 */
public final class ExternalDecimal {

    public static final int MAX_INTEGER_DIGITS = 18;
    public static final int MAX_FRACTION_DIGITS = Money.SCALE;
    /** {@code -} + 18 digits + {@code .} + 6 digits: no longer text can be a decimal. */
    public static final int MAX_LENGTH = 1 + MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS;

    /** Why a text is not a decimal; each maps to one problem type at the edges. */
    public enum Problem {
        /** Not the plain notation (exponent, sign, space, letters, non-ASCII digits, leading zeros, -0, empty). */
        NOT_A_DECIMAL,
        /** More than 18 integer digits (10^18 or more). */
        TOO_LARGE,
        /** More than 6 fraction digits (M1). */
        TOO_MANY_FRACTION_DIGITS
    }

    /** The refusal of a text; its message never repeats more than the first 40 characters of the text. */
    public static final class Refused extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final Problem problem;

        Refused(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private ExternalDecimal() {
    }

    /** The decimal written by {@code text}; throws {@link Refused} with the reason for anything else. */
    public static BigDecimal parse(CharSequence text) {
        Problem problem = problem(text);
        if (problem != null) {
            throw new Refused(problem, describe(problem, text));
        }
        return new BigDecimal(text.toString()); // at most 26 characters of -?[0-9]+(.[0-9]+)?
    }

    /**
     * Why {@code text} is not a decimal, or null when it is one. The look stops at the first character
     * that settles it, so it reads at most {@link #MAX_LENGTH} + 1 characters of any text.
     */
    public static Problem problem(CharSequence text) {
        if (text == null) {
            return Problem.NOT_A_DECIMAL;
        }
        int length = text.length();
        int i = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        int integerStart = i;
        boolean nonZero = false;
        while (i < length && isDigit(text.charAt(i))) {
            if (i > integerStart && text.charAt(integerStart) == '0') {
                return Problem.NOT_A_DECIMAL; // a leading zero
            }
            if (i - integerStart == MAX_INTEGER_DIGITS) {
                return Problem.TOO_LARGE; // a 19th integer digit
            }
            nonZero |= text.charAt(i) != '0';
            i++;
        }
        if (i == integerStart) {
            return Problem.NOT_A_DECIMAL; // nothing before the point (or the text is empty)
        }
        if (i < length) {
            if (text.charAt(i) != '.') {
                return Problem.NOT_A_DECIMAL;
            }
            int fractionStart = ++i;
            while (i < length && isDigit(text.charAt(i))) {
                if (i - fractionStart == MAX_FRACTION_DIGITS) {
                    return Problem.TOO_MANY_FRACTION_DIGITS; // a 7th fraction digit
                }
                nonZero |= text.charAt(i) != '0';
                i++;
            }
            if (i == fractionStart || i < length) {
                return Problem.NOT_A_DECIMAL; // "1." or something after the digits
            }
        }
        if (integerStart == 1 && !nonZero) {
            return Problem.NOT_A_DECIMAL; // -0
        }
        return null;
    }

    /** Whether {@code text} is a decimal {@link #parse} accepts. */
    public static boolean isValid(CharSequence text) {
        return problem(text) == null;
    }

    /** A sentence for {@code problem}, quoting at most 40 characters of the text. */
    public static String describe(Problem problem, CharSequence text) {
        return switch (problem) {
            case NOT_A_DECIMAL -> "must be a decimal in plain notation such as \"12.5\" (no exponent, sign '+', spaces or leading zeros), got "
                    + abbreviate(text);
            case TOO_LARGE -> "must be less than 10^18 (at most " + MAX_INTEGER_DIGITS + " integer digits), got " + abbreviate(text);
            case TOO_MANY_FRACTION_DIGITS -> "has more than " + MAX_FRACTION_DIGITS + " fraction digits: " + abbreviate(text);
        };
    }

    /** The text in quotes, cut after 40 characters (a refusal never echoes a megabyte). */
    public static String abbreviate(CharSequence text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.subSequence(0, 40) + "...' (" + text.length() + " characters)";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
