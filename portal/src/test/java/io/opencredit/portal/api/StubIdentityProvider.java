package io.opencredit.portal.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A local OpenID Connect provider, just enough for the authorization code flow: discovery, the keys (the test kit's
 * development key pair), and a token endpoint that answers any code with an ID token for the portal and an access
 * token for the services (issuer, audience {@code opencredit}, the email as {@code upn}, the role in {@code groups}).
 */
public class StubIdentityProvider implements QuarkusTestResourceLifecycleManager {

    static final String EMAIL = "oidc-person@example.com";
    static final String CLIENT_ID = "opencredit-portal";
    static volatile String lastAccessToken;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        Path dev = Path.of("..").toAbsolutePath().normalize();
        PrivateKey privateKey;
        RSAPublicKey publicKey;
        try {
            privateKey = KeyUtils.decodePrivateKey(Files.readString(dev.resolve("test-kit/src/main/resources/opencredit/dev/jwt-private.pem")));
            publicKey = (RSAPublicKey) KeyUtils.decodePublicKey(Files.readString(dev.resolve("common-runtime/src/main/resources/opencredit/dev/jwt-public.pem")));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange -> send(exchange, "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/jwks", exchange -> send(exchange, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"dev\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + base64(publicKey.getModulus()) + "\",\"e\":\"" + base64(publicKey.getPublicExponent()) + "\"}]}"));
        server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Instant now = Instant.now();
            String access = Jwt.issuer("https://opencredit.local/issuer").audience("opencredit").issuedAt(now).upn(EMAIL)
                    .claim("email", EMAIL).subject(EMAIL).groups(Set.of("customer")).expiresAt(now.plusSeconds(3600))
                    .jws().keyId("dev").sign(privateKey);
            String id = Jwt.issuer(issuer).audience(CLIENT_ID).issuedAt(now).subject(EMAIL).claim("email", EMAIL)
                    .expiresAt(now.plusSeconds(3600)).jws().keyId("dev").sign(privateKey);
            lastAccessToken = access;
            send(exchange, "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        server.start();
        return Map.of("quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.client-id", CLIENT_ID, "quarkus.oidc.credentials.secret", "stub-secret");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String base64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
