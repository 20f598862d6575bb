package io.opencredit.portal.domain;

import io.opencredit.portal.config.PortalConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.io.IOException;

/**
 * The local run's sign-in: mints the same token {@code ./opencredit token} prints (RS256 with the development key,
 * the suite's issuer and audience, the email as {@code upn}, the role in {@code groups}). Off unless configured:
 * production signs people in with its OpenID Connect provider instead.
 */
@ApplicationScoped
public class LocalTokens {

    public static final Set<String> ROLES = Set.of("customer", "reseller", "operator");
    static final Duration VALIDITY = Duration.ofHours(8);

    private final PortalConfig.LocalSignIn config;
    private volatile PrivateKey key;

    public LocalTokens(PortalConfig config) {
        this.config = config.localSignIn();
    }

    public boolean enabled() {
        return config.enabled() && config.privateKeyLocation().isPresent();
    }

    /** A token for this role and email, valid for eight hours from {@code now}. */
    public String mint(String role, String email, Instant now) {
        if (!enabled()) {
            throw new IllegalStateException("the local sign-in is off");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES);
        }
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .issuedAt(now)
                .upn(email)
                .claim("email", email)
                .subject(email)
                .groups(Set.of(role))
                .expiresAt(now.plus(VALIDITY))
                .sign(key());
    }

    private PrivateKey key() {
        PrivateKey k = key;
        if (k == null) {
            try {
                k = KeyUtils.decodePrivateKey(Files.readString(Path.of(config.privateKeyLocation().orElseThrow())));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the local sign-in key " + config.privateKeyLocation().orElse(""), e);
            }
            key = k;
        }
        return k;
    }
}
