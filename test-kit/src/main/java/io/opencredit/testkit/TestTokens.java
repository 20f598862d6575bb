package io.opencredit.testkit;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RS256 bearer tokens for tests, signed with the committed development key
 * ({@code opencredit/dev/jwt-private.pem}; the services verify with its public half,
 * {@code common-runtime/src/main/resources/opencredit/dev/jwt-public.pem}).
 * <p>
 * Claims: {@code iss} = {@link #ISSUER}; {@code aud} = {@link #AUDIENCE} (SPEC O3); {@code upn},
 * {@code email} and {@code sub} = the caller's email as given; {@code groups} = the roles;
 * {@code iat} = now; {@code exp} = now + 1 hour.
 * The methods return the compact token; {@link #bearer(String)} makes the {@code Authorization}
 * header value (RestAssured's {@code auth().oauth2(token)} wants the bare token).
 * <p>
 * Also deliberately bad tokens, each otherwise valid: {@link #withWrongIssuer}, {@link #expired},
 * {@link #signedByAnotherKey}, {@link #withoutAudience}, {@link #withAudience}, {@link #issuedAgo}.
 */
public final class TestTokens {

    public static final String ISSUER = "https://opencredit.local/issuer";
    public static final String WRONG_ISSUER = "https://attacker.example/issuer";
    /** The audience the services require by default ({@code opencredit.auth.audience}, SPEC O3). */
    public static final String AUDIENCE = "opencredit";

    public static final String OPERATOR = "operator";
    public static final String CUSTOMER = "customer";
    public static final String RESELLER = "reseller";
    public static final String METER = "meter";

    /** The callers {@link #operator()} and {@link #meter()} name. */
    public static final String OPERATOR_EMAIL = "operator@opencredit.local";
    public static final String METER_EMAIL = "meter@opencredit.local";

    public static final Duration LIFETIME = Duration.ofHours(1);

    private static final String KEY_RESOURCE = "/opencredit/dev/jwt-private.pem";
    private static final PrivateKey KEY = loadKey();
    private static PrivateKey foreignKey;

    private TestTokens() {
    }

    public static String customer(String email) {
        return token(email, CUSTOMER);
    }

    public static String reseller(String email) {
        return token(email, RESELLER);
    }

    public static String operator() {
        return operator(OPERATOR_EMAIL);
    }

    public static String operator(String email) {
        return token(email, OPERATOR);
    }

    public static String meter() {
        return meter(METER_EMAIL);
    }

    public static String meter(String email) {
        return token(email, METER);
    }

    /** A valid token for {@code email} with the given roles (none is allowed). */
    public static String token(String email, String... roles) {
        return sign(claims(email, roles), KEY);
    }

    /** A valid token for {@code email} with the given roles, living {@code lifetime} from now. */
    public static String token(String email, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        return sign(claims(email, roles).issuedAt(now).expiresAt(now.plus(lifetime)), KEY);
    }

    /** Signed with the right key, but issued by {@link #WRONG_ISSUER}. */
    public static String withWrongIssuer(String email, String... roles) {
        return sign(claims(email, roles).issuer(WRONG_ISSUER), KEY);
    }

    /** Signed with the right key, but expired an hour ago (beyond any clock skew allowance). */
    public static String expired(String email, String... roles) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return sign(claims(email, roles).issuedAt(past.minus(LIFETIME)).expiresAt(past), KEY);
    }

    /** Signed with the right key, but without an {@code aud} claim. */
    public static String withoutAudience(String email, String... roles) {
        JwtClaimsBuilder claims = claims(email, roles);
        claims.remove("aud");
        return sign(claims, KEY);
    }

    /** Signed with the right key, for another audience (a token meant for another system). */
    public static String withAudience(String audience, String email, String... roles) {
        return sign(claims(email, roles).audience(audience), KEY);
    }

    /** Signed with the right key and not expired, but issued {@code age} ago (older than a maximum token age). */
    public static String issuedAgo(Duration age, String email, String... roles) {
        Instant now = Instant.now();
        return sign(claims(email, roles).issuedAt(now.minus(age)).expiresAt(now.plus(LIFETIME)), KEY);
    }

    /** Right claims, signed by an RSA key generated in this JVM, which no service trusts. */
    public static String signedByAnotherKey(String email, String... roles) {
        return sign(claims(email, roles), foreignKey());
    }

    /** The value of an {@code Authorization} header: {@code "Bearer " + token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /**
     * The claims every token of this class has, to add to or override before
     * {@link #sign(JwtClaimsBuilder)}.
     */
    public static JwtClaimsBuilder claims(String email, String... roles) {
        Instant now = Instant.now();
        Set<String> groups = new LinkedHashSet<>(List.of(roles));
        return Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(email)
                .upn(email)
                .claim("email", email)
                .groups(groups)
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME));
    }

    /** Signs claims with the development key (RS256). */
    public static String sign(JwtClaimsBuilder claims) {
        return sign(claims, KEY);
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    private static synchronized PrivateKey foreignKey() {
        if (foreignKey == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                foreignKey = generator.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return foreignKey;
    }

    private static PrivateKey loadKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RESOURCE + " is not on the classpath");
            }
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + KEY_RESOURCE, e);
        }
    }
}
