package io.opencredit.local;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The local run's token issuer: RS256 JWTs signed with the committed development key, for the
 * audience the services require ({@code aud}, SPEC O3) and with their issue time ({@code iat}, which
 * the services' maximum token age is counted from).
 */
public final class LocalTokens {

    static final String ISSUER = "https://opencredit.local/issuer";
    static final String AUDIENCE = "opencredit";
    static final String PRIVATE_KEY = "test-kit/src/main/resources/opencredit/dev/jwt-private.pem";
    static final Set<String> ROLES = Set.of("operator", "customer", "reseller", "meter");

    private final PrivateKey key;

    public LocalTokens(Path root) throws Exception {
        this.key = KeyUtils.decodePrivateKey(Files.readString(root.resolve(PRIVATE_KEY)));
    }

    public String mint(String role, String email, Duration validity) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", got " + role);
        }
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .issuedAt(now)
                .upn(email)
                .claim("email", email)
                .subject(email)
                .groups(Set.of(role))
                .expiresAt(now.plus(validity))
                .sign(key);
    }
}
