package io.opencredit.portal.api;

import io.quarkus.oidc.AccessTokenCredential;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Production sign-in: Quarkus OIDC has signed the person in with the platform's OpenID Connect provider before this
 * runs (the path requires an authenticated person, and the web-app flow redirects there and back). The access token
 * it obtained becomes the portal's session, exactly as a locally minted one: from here on, every page calls the
 * APIs with it.
 */
@Path("/oidc/sign-in")
public class OidcSignInResource {

    @Inject
    AccessTokenCredential accessToken;

    @GET
    public Response signIn() {
        String token = accessToken.getToken();
        Instant now = Instant.now();
        Session session = Session.of(token, now).orElseThrow(() -> new IllegalStateException(
                "the identity provider's access token is no JWT with an email and groups the services accept"));
        long maxAge = session.expiresAt() == null ? 3600 : Math.max(60, Duration.between(now, session.expiresAt()).toSeconds());
        return Response.seeOther(URI.create(session.home()))
                .cookie(SignInResource.sessionCookie(token, (int) Math.min(Integer.MAX_VALUE, maxAge))).build();
    }
}
