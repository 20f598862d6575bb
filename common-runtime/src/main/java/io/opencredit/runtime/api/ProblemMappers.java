package io.opencredit.runtime.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.opencredit.events.CurrencyMismatchException;
import io.opencredit.runtime.consistency.NotYetConsistent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves a service as RFC 9457 problem+json (SPEC §5): a clear message, no stack
 * trace, no internals. Request bodies that are not JSON, have unknown or missing fields or wrong
 * types are 400; well-formed requests that break a rule are 409 or 422 from {@link ProblemException}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response toResponse(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response problem(int status, String slug, String title, String detail) {
        return toResponse(new Problem(Problem.type(slug), title, status, detail, null));
    }

    @ServerExceptionMapper
    public Response problemException(ProblemException e) {
        return toResponse(e.problem());
    }

    /** SPEC R1, R2: the view has not caught up within the bound; the caller may ask again shortly. */
    @ServerExceptionMapper
    public Response notYetConsistent(NotYetConsistent e) {
        return Response.fromResponse(problem(503, "not-yet-consistent", "Not yet consistent", e.getMessage()))
                .header("Retry-After", Integer.toString(NotYetConsistent.RETRY_AFTER_SECONDS)).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return problem(400, "malformed-json", "Malformed JSON", "the body is not valid JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return problem(400, "unknown-field", "Unknown field",
                "unknown field '" + e.getPropertyName() + "'" + at(e) + "; known fields: " + e.getKnownPropertyIds());
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return problem(400, "invalid-value", "Invalid value",
                "value " + e.getValue() + at(e) + " is not a valid " + e.getTargetType().getSimpleName());
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
        return problem(400, "invalid-value", "Invalid value", "wrong type or missing value" + at(e) + ": expected " + target);
    }

    @ServerExceptionMapper
    public Response valueInstantiation(ValueInstantiationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return problem(400, "invalid-value", "Invalid value", cause.getMessage() + at(e));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return problem(400, "invalid-value", "Invalid value", e.getOriginalMessage() + at(e));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }

    /** Reading a body may fail wrapped in a 400 WebApplicationException; answer as the cause deserves. */
    private Response fromJson(JsonProcessingException e) {
        if (e instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown);
        }
        if (e instanceof InvalidFormatException invalid) {
            return invalidFormat(invalid);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        if (e instanceof ValueInstantiationException instantiation) {
            return valueInstantiation(instantiation);
        }
        if (e instanceof JsonMappingException mapping) {
            return jsonMapping(mapping);
        }
        return json(e);
    }

    // Access (SPEC section 6). Authentication is not proactive (microprofile-config.properties), so
    // a missing, invalid or expired token and a role that may not call fail inside JAX-RS, where
    // these mappers answer with problem+json instead of the security layer's empty body.

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized("a bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("the bearer token is not valid (issuer, signature or expiry)");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "forbidden", "Forbidden", "the caller's role may not do this");
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(problem(401, "unauthorized", "Unauthorized", detail))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response currencyMismatch(CurrencyMismatchException e) {
        return problem(422, "currency-mismatch", "Currency mismatch", e.getMessage());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMappers::describe)
                .collect(Collectors.joining("; "));
        return problem(400, "invalid-value", "Invalid value", detail);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return fromJson(json);
        }
        if (status >= 500) {
            if (DatabaseUnavailable.causedBy(e)) {
                return databaseUnavailable();
            }
            LOG.error("request failed", e);
            return problem(status, "internal", "Internal error", "the request could not be completed");
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? title : e.getMessage();
        return problem(status, "http-" + status, title, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return unexpectedOrUnavailable(e);
    }

    /** Checked exceptions reach here too: a {@code @Transactional} method may throw JTA's {@code RollbackException}. */
    @ServerExceptionMapper
    public Response unexpectedChecked(Exception e) {
        return unexpectedOrUnavailable(e);
    }

    /**
     * The database away (SPEC O5) is 503 with {@code Retry-After}, whatever wraps it: the request changed nothing and
     * may be sent again. Anything else unexpected is a 500 without internals.
     */
    private static Response unexpectedOrUnavailable(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warnf("request refused, the database is unavailable: %s", e.toString());
            return databaseUnavailable();
        }
        LOG.error("request failed", e);
        return problem(500, "internal", "Internal error", "the request could not be completed");
    }

    /** 503 problem+json asking the caller to retry after {@link DatabaseUnavailable#RETRY_AFTER_SECONDS}. */
    public static Response databaseUnavailable() {
        return unavailable("the service's database cannot be reached; nothing was changed, try again later");
    }

    /** 503 problem+json with {@code Retry-After}: a dependency is away, the request changed nothing. */
    public static Response unavailable(String detail) {
        return Response.fromResponse(problem(503, "unavailable", "Service unavailable", detail))
                .header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS)).build();
    }

    /** "create.request.units must be ..." becomes "units must be ...": the method and argument names mean nothing to a caller. */
    private static String describe(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.");
        String field = parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
        return field + " " + violation.getMessage();
    }

    private static String at(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "" : " at '" + path + "'";
    }
}
