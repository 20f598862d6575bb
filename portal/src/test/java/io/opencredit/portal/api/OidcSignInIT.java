package io.opencredit.portal.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Production sign-in (Quarkus OIDC, authorization code flow) against a local OpenID Connect provider signing with
 * the test kit's development key: the portal sends the person to the provider, takes the code back, and from then
 * on calls the services' APIs with the provider's access token.
 */
@QuarkusTest
@TestProfile(OidcSignInIT.WithOidc.class)
class OidcSignInIT {

    /** OIDC on, the local sign-in off, as in production. */
    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.portal.local-sign-in.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StubIdentityProvider.class));
        }
    }

    @Test
    void Portal_signs_in_through_the_OIDC_provider_and_uses_its_access_token_for_the_APIs() {
        given().redirects().follow(false).formParam("role", "operator").formParam("email", "x@example.com")
                .when().post("/sign-in").then().statusCode(404);
        assertThat(given().when().get("/sign-in").then().statusCode(200).extract().asString()).contains("href=\"/oidc/sign-in\"");

        Response toProvider = given().redirects().follow(false).when().get("/oidc/sign-in");
        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toProvider.header("Location"));
        Map<String, String> query = query(authorize);
        assertThat(authorize.getPath()).isEqualTo("/authorize");
        assertThat(query).containsEntry("client_id", StubIdentityProvider.CLIENT_ID).containsEntry("response_type", "code");

        // the provider signs the person in and sends the browser back with a code
        Response callback = given().redirects().follow(false).cookies(toProvider.getCookies()).urlEncodingEnabled(false)
                .when().get(query.get("redirect_uri") + "?code=stub-code&state=" + query.get("state"));
        assertThat(callback.statusCode()).isIn(302, 303);
        Map<String, String> cookies = new HashMap<>(toProvider.getCookies());
        cookies.putAll(callback.getCookies());

        Response signedIn = given().redirects().follow(false).cookies(cookies).when().get("/oidc/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.header("Location")).endsWith("/subscriptions");
        String session = signedIn.getCookie(Session.COOKIE);
        assertThat(session).isEqualTo(StubIdentityProvider.lastAccessToken);

        StubServices.AUTHORIZATIONS.clear();
        String page = given().cookie(Session.COOKIE, session).when().get("/subscriptions").then().statusCode(200).extract().asString();
        assertThat(page).contains(StubIdentityProvider.EMAIL);
        assertThat(StubServices.AUTHORIZATIONS).isNotEmpty().allMatch(("Bearer " + StubIdentityProvider.lastAccessToken)::equals);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
