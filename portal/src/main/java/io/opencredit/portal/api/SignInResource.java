package io.opencredit.portal.api;

import io.opencredit.events.EmailAddress;
import io.opencredit.portal.config.PortalConfig;
import io.opencredit.portal.domain.LocalTokens;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing in and out, and the language switch. Locally a person picks a role and an email and gets the token
 * {@code ./opencredit token} would print; the token lives in an HttpOnly, SameSite=Strict cookie, so page scripts
 * never see it and other sites cannot make the browser use it.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    private final PortalConfig config;
    private final LocalTokens tokens;
    private final Template signIn;
    private final boolean oidc;

    public SignInResource(PortalConfig config, LocalTokens tokens, @Location("sign-in.html") Template signIn,
                          @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.config = config;
        this.tokens = tokens;
        this.signIn = signIn;
        this.oidc = oidc;
    }

    @GET
    public Response home(@Context HttpHeaders headers) {
        Page page = Page.of(headers, config);
        return Response.seeOther(URI.create(page.session().map(Session::home).orElse("/sign-in"))).build();
    }

    @GET
    @Path("/sign-in")
    public TemplateInstance signInPage(@Context HttpHeaders headers) {
        return form(Page.of(headers, config), null, "customer", "");
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@Context HttpHeaders headers, @FormParam("role") String role, @FormParam("email") String email) {
        Page page = Page.of(headers, config);
        if (!tokens.enabled()) {
            return Response.status(404).entity(form(page, "signinOff", role, email)).build();
        }
        if (role == null || !LocalTokens.ROLES.contains(role)) {
            return Response.status(400).entity(form(page, "signinRoleInvalid", "customer", email)).build();
        }
        var address = email == null ? java.util.Optional.<String>empty() : EmailAddress.normalise(email.strip());
        if (address.isEmpty()) {
            return Response.status(400).entity(form(page, "signinEmailInvalid", role, email)).build();
        }
        String token = tokens.mint(role, address.get(), Instant.now());
        Session session = Session.of(token, Instant.now()).orElseThrow();
        return Response.seeOther(URI.create(session.home())).cookie(sessionCookie(token, 8 * 3600)).build();
    }

    @POST
    @Path("/sign-out")
    public Response signOut() {
        return Response.seeOther(URI.create("/sign-in")).cookie(sessionCookie("", 0)).build();
    }

    /** The language switch: remembers the choice for a year and goes back to the page it was pressed on. */
    @GET
    @Path("/language")
    public Response language(@QueryParam("lang") String lang, @QueryParam("back") String back) {
        String chosen = "nb".equals(lang) ? "nb" : "en";
        String target = back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") ? back : "/";
        NewCookie cookie = new NewCookie.Builder(Page.LANGUAGE_COOKIE).value(chosen).path("/").maxAge(365 * 24 * 3600)
                .sameSite(NewCookie.SameSite.LAX).build();
        return Response.seeOther(URI.create(target)).cookie(cookie).build();
    }

    private TemplateInstance form(Page page, String error, String role, String email) {
        return page.render(signIn, "/sign-in").data("error", error).data("role", role).data("email", email == null ? "" : email)
                .data("localSignIn", tokens.enabled()).data("oidc", oidc);
    }

    static NewCookie sessionCookie(String token, int maxAge) {
        return new NewCookie.Builder(Session.COOKIE).value(token).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
