package io.opencredit.testkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with the committed development key (its public half is what the
 * services verify with in dev and test). Also deliberately bad ones: wrong issuer, expired, foreign key.
 */
public final class TestTokens {

    public static final String ISSUER = "https://opencredit.local/issuer";
    private static final PrivateKey KEY = loadKey();

    private TestTokens() {
    }

    public static String customer(String email) {
        return token(email, "customer");
    }

    public static String reseller(String email) {
        return token(email, "reseller");
    }

    public static String operator() {
        return token("operator@opencredit.local", "operator");
    }

    public static String meter() {
        return token("meter@opencredit.local", "meter");
    }

    /** A valid token for {@code email} with the given roles. */
    public static String token(String email, String... roles) {
        return Jwt.issuer(ISSUER).upn(email).claim("email", email).subject(email)
                .groups(Set.of(roles)).expiresIn(3600).sign(KEY);
    }

    public static String withWrongIssuer(String email, String role) {
        return Jwt.issuer("https://attacker.example/issuer").upn(email).groups(Set.of(role)).expiresIn(3600).sign(KEY);
    }

    public static String expired(String email, String role) {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        return Jwt.issuer(ISSUER).upn(email).groups(Set.of(role)).issuedAt(past - 3600).expiresAt(past).sign(KEY);
    }

    public static String signedByAnotherKey(String email, String role) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).upn(email).groups(Set.of(role)).expiresIn(3600).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of an {@code Authorization} header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static PrivateKey loadKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/opencredit/dev/jwt-private.pem")) {
            if (in == null) {
                throw new IllegalStateException("opencredit/dev/jwt-private.pem not on the classpath");
            }
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
