package io.opencredit.runtime.api;

import io.opencredit.runtime.consistency.ConsistencyToken;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The part of every service's OpenAPI document that every endpoint shares, so that the document is a contract a client
 * can be generated from (issue 22): the bearer scheme, one {@code Problem} schema (RFC 9457), and on each operation the
 * problem answers the shared machinery gives whatever the resource does — 400 for a malformed
 * {@code OpenCredit-Consistency} token or body, 401/403 on secured operations ({@link ProblemMappers}), 413/415 where a
 * body is read ({@link BodyLimit}), 503 with {@code Retry-After} when a view is not yet consistent or the database is
 * away, 500 — plus the consistency header on request and answer. A resource declares only its own answers (404, 409,
 * 422, ...); an error answer it declares without content gets the problem+json content here.
 */
public class OpenApiContract implements OASFilter {

    /** A decimal on the wire (SPEC M1): the {@code Decimal} schema every {@code BigDecimal} is documented as. */
    public static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]{1,6})?$";
    /** For request fields read as text that also take a JSON number (SPEC O6). */
    public static final String NUMBER_TOO = " Sent as a JSON string; a JSON number is accepted too and read as its exact text (O6).";
    /** The reference of the problem schema, for a resource that names it in a body (a refused usage record). */
    public static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String DECIMAL_REF = "#/components/schemas/Decimal";
    /** RFC 9457 and the suite's extension members travel as {@code application/problem+json}. */
    static final String PROBLEM_SCHEMA = "Problem";
    static final String BEARER = "bearer";
    private static final String CONSISTENCY = "ConsistencyToken";
    private static final String RETRY_AFTER = "RetryAfter";

    /**
     * A decimal the scanner typed as a JSON number (a {@code Map<String, BigDecimal>}'s values) travels as a string
     * (SPEC M1): it becomes the {@code Decimal} schema. An example written as a JSON string in an annotation
     * ({@code "\"12.50\""}, so that the scanner keeps its trailing zeros) loses its quotes.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        if (List.of(SchemaType.NUMBER).equals(schema.getType()) && schema.getFormat() == null) {
            schema.setType(null);
            schema.setRef(DECIMAL_REF);
        }
        if (schema.getExamples() != null) {
            schema.setExamples(schema.getExamples().stream().map(OpenApiContract::unquoted).toList());
        }
        return schema;
    }

    private static Object unquoted(Object example) {
        return example instanceof String text && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : example;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("A JWT from the suite's identity provider (SPEC section 6): the roles in 'groups' (operator,"
                        + " customer, reseller, meter), the caller's email in 'upn' or 'email', 'aud' the suite's audience."
                        + " An operation's security requirement names the roles that may call it."));
        components.addParameter(CONSISTENCY, OASFactory.createParameter()
                .name(ConsistencyToken.HEADER).in(Parameter.In.HEADER).required(false)
                .description("SPEC R2: the token a write answered. This service waits (bounded) until it reflects that"
                        + " write before answering; past the bound it answers 503 not-yet-consistent. Send it back exactly"
                        + " as received.")
                .schema(string().maxLength(4096)).example("1:6f1c0b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b=3.0.7.2"));
        components.addHeader(CONSISTENCY, OASFactory.createHeader()
                .description("SPEC R2: names what this write changed; present it on later requests (any service) to read"
                        + " your own write.")
                .schema(string()));
        components.addHeader(RETRY_AFTER, OASFactory.createHeader()
                .description("seconds to wait before sending the same request again; nothing was changed")
                .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach(
                (method, operation) -> complete(path, method, operation)));
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean api = path.startsWith("/api/");
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean body = operation.getRequestBody() != null;
        if (api) {
            addConsistencyParameter(operation);
            if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
                responses.getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("2") && response.getRef() == null) {
                        response.addHeader(ConsistencyToken.HEADER, OASFactory.createHeader()
                                .ref("#/components/headers/" + CONSISTENCY));
                    }
                });
            }
            describeIdempotencyKey(operation);
            addIfAbsent(responses, "400", body
                    ? "malformed JSON, an unknown field, a wrong type or an invalid value, or a malformed "
                            + ConsistencyToken.HEADER + " token"
                    : "an invalid parameter or a malformed " + ConsistencyToken.HEADER + " token");
        }
        if (secured) {
            addIfAbsent(responses, "401", "no bearer token, or one that is not valid (issuer, signature, audience or age)");
            addIfAbsent(responses, "403", "the caller's role may not do this");
        }
        if (body) {
            addIfAbsent(responses, "413", "the body is larger than the limit (1 MiB)");
            addIfAbsent(responses, "415", "the body is not application/json");
        }
        addIfAbsent(responses, "500", "an unexpected failure; nothing is told about internals");
        if (api) {
            addIfAbsent(responses, "503", "not-yet-consistent: the view has not caught up with the "
                    + ConsistencyToken.HEADER + " token (or the subscription just created) within the bound; unavailable:"
                    + " the database or the broker cannot be reached. Nothing was changed; retry after Retry-After.");
        }
        responses.getAPIResponses().forEach((code, response) -> problemContent(code, response));
    }

    private static void addConsistencyParameter(Operation operation) {
        String ref = "#/components/parameters/" + CONSISTENCY;
        if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> ref.equals(p.getRef())
                || ConsistencyToken.HEADER.equalsIgnoreCase(p.getName()))) {
            return;
        }
        operation.addParameter(OASFactory.createParameter().ref(ref));
    }

    private static void describeIdempotencyKey(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (IdempotencyKeys.HEADER.equalsIgnoreCase(parameter.getName()) && parameter.getIn() == Parameter.In.HEADER) {
                if (parameter.getDescription() == null) {
                    parameter.setDescription("optional: a repeat with the same key and body answers the first answer"
                            + " again and changes nothing; the same key with another body is 409");
                }
                if (parameter.getExample() == null) {
                    parameter.setExample("3f6c2a1e-7b9d-4c1a-9e2f-5d8b7a6c4e10");
                }
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** An error answer without content is a problem+json; 401 names the scheme, 503 asks to retry. */
    private static void problemContent(String code, APIResponse response) {
        if (response.getRef() != null || code.length() != 3 || code.charAt(0) < '4') {
            return;
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(PROBLEM_REF)).example(example(code)));
            response.setContent(content);
        }
        Map<String, Header> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        if (code.equals("401") && !headers.containsKey("WWW-Authenticate")) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader().description("Bearer").schema(string()));
        }
        if (code.equals("503") && !headers.containsKey("Retry-After")) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref("#/components/headers/" + RETRY_AFTER));
        }
    }

    private static Map<String, Object> example(String code) {
        record Shown(String slug, String title, String detail) {
        }
        Shown shown = switch (code) {
            case "400" -> new Shown("invalid-value", "Invalid value", "wrong type or missing value at 'units': expected Integer");
            case "401" -> new Shown("unauthorized", "Unauthorized", "a bearer token is required");
            case "403" -> new Shown("forbidden", "Forbidden", "the caller's role may not do this");
            case "404" -> new Shown("not-found", "Not found", "no subscription 6f1c0b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
            case "409" -> new Shown("idempotency-key-reused", "Conflict", "the Idempotency-Key was used with another body");
            case "413" -> new Shown("body-too-large", "Body too large", "the request body is larger than the limit of 1048576 bytes");
            case "415" -> new Shown("http-415", "Unsupported Media Type", "Unsupported Media Type");
            case "422" -> new Shown("M1-too-many-fraction-digits", "Unprocessable content", "amount has more than 6 fraction digits");
            case "503" -> new Shown("not-yet-consistent", "Not yet consistent", "this service has not yet applied the write"
                    + " the OpenCredit-Consistency token names (waited 5000 ms); nothing was changed, try again");
            default -> new Shown("internal", "Internal error", "the request could not be completed");
        };
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problem.type(shown.slug()).toString());
        example.put("title", shown.title());
        example.put("status", Integer.parseInt(code));
        example.put("detail", shown.detail());
        return example;
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem detail. 'type' names the rule or problem (a stable URI ending in its"
                        + " slug, e.g. .../problems/K4-key-already-activated) to switch on; 'detail' tells a person what was"
                        + " wrong. Extension members travel at the top level, e.g. amountForfeited and currency on the"
                        + " unacknowledged EA link (409), or the record's id on a refused usage record.")
                .addProperty("type", string().format("uri").description("the problem type: https://opencredit.io/problems/<slug>"))
                .addProperty("title", string().description("short, the same for every problem of this type"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("the HTTP status code"))
                .addProperty("detail", string().description("what was wrong with this request"))
                .addProperty("instance", string().format("uri").description("not used by the suite today"))
                .required(List.of("type", "title", "status"))
                .additionalPropertiesSchema(OASFactory.createSchema().booleanSchema(Boolean.TRUE));
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }
}
