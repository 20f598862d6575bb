package io.opencredit.runtime.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body over {@code quarkus.http.limits.max-body-size} with 413 problem+json (SPEC section
 * 5) instead of the HTTP layer's empty 413: a declared Content-Length over the limit is refused
 * before anything is read, and a chunked body that grows past it fails in the HTTP layer, whose
 * 413 this route's failure handler turns into the same problem.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength).failureHandler(this::problemFor413);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader("Content-Length");
        if (declared != null && tooLong(declared)) {
            // the body is not read: close the connection after the answer rather than drain it
            context.response().putHeader("Connection", "close");
            respond(context);
            return;
        }
        context.next();
    }

    private boolean tooLong(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed Content-Length itself
        }
    }

    private void problemFor413(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().ended() && !context.response().headWritten()) {
            respond(context);
        } else {
            context.next();
        }
    }

    private void respond(RoutingContext context) {
        Problem problem = new Problem(Problem.type("body-too-large"), "Body too large", 413,
                "the request body is larger than the limit of " + maxBytes + " bytes", null);
        context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }
}
