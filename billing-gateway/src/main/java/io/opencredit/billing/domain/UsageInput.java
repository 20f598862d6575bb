package io.opencredit.billing.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A usage record that is well-formed (SPEC T3): the meter's idempotency key, subscription, meter,
 * quantity (normalised: no trailing zeros) and usage time. Its {@link #contentHash()} tells a
 * repeat (same content) from a conflicting reuse of the id (T5).
 */
public record UsageInput(String id, UUID subscriptionId, String meterId, BigDecimal quantity, Instant usageTime) {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * SHA-256 of the canonical content: "1.50" and "1.5", or two spellings of one instant, are the
     * same content. The intake log stores these 32 bytes (it stored their hex spelling before V3,
     * so the canonical text must not change: logged records would no longer match their repeats).
     */
    public byte[] contentHash() {
        String canonical = subscriptionId + "\n" + meterId + "\n" + quantity.stripTrailingZeros().toPlainString() + "\n" + isoInstant(usageTime);
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: the years {@link #isoInstant} writes by hand. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * Exactly {@link Instant#toString()} (ISO-8601, seconds always, a fraction of 3, 6 or 9 digits
     * when not zero), written by hand for four-digit years: the formatter behind toString was about
     * a twentieth of the intake's own CPU. Other years go through toString.
     */
    static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        digits(text, t.getYear(), 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(text, nanos / 1000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    /** Appends {@code value} (≥ 0) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String plain = Integer.toString(value);
        for (int i = plain.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(plain);
    }
}
