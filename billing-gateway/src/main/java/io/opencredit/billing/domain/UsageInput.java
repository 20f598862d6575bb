package io.opencredit.billing.domain;

import io.opencredit.events.Lexical;
import io.opencredit.events.Sha256;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/**
 * A usage record that is well-formed (SPEC T3): the meter's idempotency key, subscription, meter,
 * quantity (normalised: no trailing zeros) and usage time. Its {@link #contentHash()} tells a
 * repeat (same content) from a conflicting reuse of the id (T5).
 */
public record UsageInput(String id, UUID subscriptionId, String meterId, BigDecimal quantity, Instant usageTime) {

    /** A new SHA-256 digest (one per batch: {@link #contentHash(MessageDigest)} resets it). */
    public static MessageDigest sha256() {
        return Sha256.digest();
    }

    /**
     * SHA-256 of the canonical content: "1.50" and "1.5", or two spellings of one instant, are the
     * same content. The intake log stores these 32 bytes (it stored their hex spelling before V3,
     * so the canonical text must not change: logged records would no longer match their repeats).
     */
    public byte[] contentHash() {
        return contentHash(sha256());
    }

    /** As {@link #contentHash()}, with a digest the caller reuses for a whole batch. */
    public byte[] contentHash(MessageDigest digest) {
        digest.reset();
        return digest.digest(canonicalText().getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical text the hash is taken of. */
    String canonicalText() {
        return subscriptionId + "\n" + meterId + "\n" + quantity.stripTrailingZeros().toPlainString() + "\n"
                + Lexical.isoInstant(usageTime); // exactly Instant#toString, written by hand
    }
}
