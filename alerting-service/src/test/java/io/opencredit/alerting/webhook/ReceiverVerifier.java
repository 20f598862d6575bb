package io.opencredit.alerting.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification of a Standard Webhooks 1.0 message, written from the specification independently of the
 * service's {@link StandardWebhooks} (no code shared), and itself checked against the specification's published test
 * vector: the secret's base64 after {@code whsec_} is the key; the signed content is id, timestamp and body joined by
 * dots; any one of the space-separated {@code v1,} signatures may match (compared in constant time); the timestamp
 * must be within the tolerance of now.
 */
final class ReceiverVerifier {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private ReceiverVerifier() {
    }

    static boolean verify(String secret, String id, String timestamp, byte[] body, String signatureHeader, Instant now) {
        if (secret == null || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, id, timestamp, body);
        for (String entry : signatureHeader.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String id, String timestamp, byte[] body) {
        String base64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        ByteBuffer content = ByteBuffer.allocate(prefix.length + body.length).put(prefix).put(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64), "HmacSHA256"));
            return mac.doFinal(content.array());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
