package io.opencredit.local;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/** The local run's token issuer: RS256 JWTs signed with the committed development key. */
public final class LocalTokens {

    static final String ISSUER = "https://opencredit.local/issuer";
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
        return Jwt.issuer(ISSUER)
                .upn(email)
                .claim("email", email)
                .subject(email)
                .groups(Set.of(role))
                .expiresIn(validity)
                .sign(key);
    }
}
