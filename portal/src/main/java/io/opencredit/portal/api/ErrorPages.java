package io.opencredit.portal.api;

import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.config.PortalConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The pages for what goes wrong: not signed in (to the sign-in page), not found (one 404 page for unknown and
 * other people's things alike, as the API answers), a service that does not answer (503).
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final PortalConfig config;
    private final Template error;

    public ErrorPages(PortalConfig config, @Location("error.html") Template error) {
        this.config = config;
        this.error = error;
    }

    @ServerExceptionMapper
    public Response notSignedIn(Page.NotSignedIn e) {
        return Response.seeOther(URI.create("/sign-in")).cookie(SignInResource.sessionCookie("", 0)).build();
    }

    @ServerExceptionMapper
    public Response notFound(ContainerRequestContext request, Page.NotFound e) {
        return page(request, 404, "errorNotFound");
    }

    @ServerExceptionMapper
    public Response notFound(ContainerRequestContext request, jakarta.ws.rs.NotFoundException e) {
        return page(request, 404, "errorNotFound");
    }

    @ServerExceptionMapper
    public Response unavailable(ContainerRequestContext request, ServiceApi.ServiceUnavailable e) {
        LOG.warn(e.getMessage());
        return page(request, 503, "errorUnavailable");
    }

    @ServerExceptionMapper
    public Response failed(ContainerRequestContext request, IllegalStateException e) {
        LOG.error("a page failed", e);
        return page(request, 502, "errorFailed");
    }

    private Response page(ContainerRequestContext request, int status, String message) {
        Page page = Page.of(request.getCookies(), request.getAcceptableLanguages(), config);
        String html = page.render(error, request.getUriInfo().getPath()).data("status", status).data("message", message).render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
