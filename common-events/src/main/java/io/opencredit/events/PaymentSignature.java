package io.opencredit.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payment provider's signature (SPEC S5): {@code X-OpenCredit-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<raw body>">}. Compared in constant time; a timestamp more than 5 minutes
 * from now (either way) is refused, so a captured confirmation cannot be replayed later. The one signer
 * and verifier of the suite: the gateway verifies with it, the tests and the demo sign with it.
 */
public final class PaymentSignature {

    public static final String HEADER = "X-OpenCredit-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private PaymentSignature() {
    }

    /** Why the signature is not acceptable, or null when it is. {@code nows}: any of these instants may be "now". */
    public static String problem(String header, byte[] body, byte[] secret, List<Instant> nows) {
        if (header == null || header.isBlank()) {
            return "the " + HEADER + " header is missing";
        }
        Long t = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return "the " + HEADER + " header is malformed";
            }
            String name = item.substring(0, eq);
            String value = item.substring(eq + 1);
            if (name.equals("t")) {
                if (!value.matches("[0-9]{1,12}")) {
                    return "the signature timestamp is not a number of seconds";
                }
                t = Long.parseLong(value);
            } else if (name.equals("v1")) {
                if (!value.matches("[0-9a-fA-F]{64}")) {
                    return "the v1 signature is not 64 hexadecimal digits";
                }
                signatures.add(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
            }
        }
        if (t == null || signatures.isEmpty()) {
            return "the " + HEADER + " header needs t and v1";
        }
        byte[] expected = sign(secret, t, body);
        boolean match = false;
        for (byte[] signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature);
        }
        if (!match) {
            return "the signature does not match the body";
        }
        Instant signedAt = Instant.ofEpochSecond(t);
        boolean fresh = nows.stream().anyMatch(now -> !signedAt.isBefore(now.minus(TOLERANCE)) && !signedAt.isAfter(now.plus(TOLERANCE)));
        if (!fresh) {
            return "the signature timestamp is more than " + TOLERANCE.toMinutes() + " minutes from now";
        }
        return null;
    }

    /** HMAC-SHA256 of {@code "<t>.<body>"}. */
    public static byte[] sign(byte[] secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public static String header(byte[] secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(sign(secret, t, body));
    }
}
