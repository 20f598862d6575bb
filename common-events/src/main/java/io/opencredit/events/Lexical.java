package io.opencredit.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Hand-written checks of the canonical spellings events use, for the hot paths that read every
 * event: a regular expression per UUID and {@code DateTimeFormatter} per instant were a third of
 * the cost of decoding an event. Each method accepts exactly what the slower check it stands in
 * for accepts, or (for instants) declines and leaves the decision to it.
 */
public final class Lexical {

    private Lexical() {
    }

    /**
     * The canonical 8-4-4-4-12 hex spelling of a UUID, either case ({@link java.util.UUID#fromString}
     * alone would also take shorter groups such as {@code 1-1-1-1-1}).
     */
    public static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A decimal in plain notation as the encoder writes it: {@code -?[0-9]+(\.[0-9]+)?} (SPEC M1). */
    public static boolean isPlainDecimal(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int integerDigits = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
            integerDigits++;
        }
        if (integerDigits == 0) {
            return false;
        }
        if (i == text.length()) {
            return true;
        }
        if (text.charAt(i) != '.') {
            return false;
        }
        i++;
        int fractionDigits = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
            fractionDigits++;
        }
        return fractionDigits > 0 && i == text.length();
    }

    /**
     * The instant in the usual UTC spelling, {@code 2026-01-31T12:00:00Z} with an optional fraction
     * of 1 to 9 digits; null for any other text (offsets, lower case, no seconds, ...) and for
     * impossible values (31 February, hour 24, second 60), so that the full ISO-8601 parser decides
     * those exactly as it would have.
     */
    public static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: the years {@link #isoInstant} writes by hand. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * Exactly {@link Instant#toString()} (ISO-8601 in UTC, seconds always, a fraction of 3, 6 or 9
     * digits when not zero), written by hand for four-digit years; other years go through toString.
     * The formatter behind toString was a noticeable part of writing an event.
     */
    public static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        padded(text, t.getYear(), 4).append('-');
        padded(text, t.getMonthValue(), 2).append('-');
        padded(text, t.getDayOfMonth(), 2).append('T');
        padded(text, t.getHour(), 2).append(':');
        padded(text, t.getMinute(), 2).append(':');
        padded(text, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                padded(text, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                padded(text, nanos / 1000, 6);
            } else {
                padded(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    /** Appends {@code value} (≥ 0) with leading zeros to {@code width} digits. */
    private static StringBuilder padded(StringBuilder text, int value, int width) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            text.append('0');
        }
        return text.append(value); // appends the digits in place (Integer.toString first made a string per field)
    }

    /** The decimal value of text[from, to) if it is all ASCII digits, else -1. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
