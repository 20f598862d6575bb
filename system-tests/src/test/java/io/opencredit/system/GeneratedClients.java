package io.opencredit.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;
import java.time.Duration;

/**
 * The four generated clients (clients/java, one package per service) as the stories use them: pointed at the local
 * suite, reading answers strictly (a field the document does not name fails), with the caller's bearer token passed
 * with each call. A call's answer becomes a {@link StoryApi.Reply}: its status, and its typed body shown as JSON, so the stories
 * keep asserting on JSON while every body has gone through the document's types.
 */
final class GeneratedClients {

    /** Reads answers as the document types them, and refuses what it does not name. */
    static final ObjectMapper STRICT = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** One call of a generated API, answering its {@code ApiResponse}. */
    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private final io.opencredit.client.activation.ApiClient activation;
    private final io.opencredit.client.billing.ApiClient billing;
    private final io.opencredit.client.ledger.ApiClient ledger;
    private final io.opencredit.client.alerting.ApiClient alerting;
    private final String activationUrl;
    private final String billingUrl;
    private final String ledgerUrl;
    private final String alertingUrl;

    GeneratedClients(String activationUrl, String billingUrl, String ledgerUrl, String alertingUrl) {
        this.activationUrl = activationUrl;
        this.billingUrl = billingUrl;
        this.ledgerUrl = ledgerUrl;
        this.alertingUrl = alertingUrl;
        this.activation = new io.opencredit.client.activation.ApiClient().setObjectMapper(STRICT)
                .setReadTimeout(Duration.ofSeconds(30));
        this.activation.updateBaseUri(root(activationUrl));
        this.billing = new io.opencredit.client.billing.ApiClient().setObjectMapper(STRICT)
                .setReadTimeout(Duration.ofSeconds(30));
        this.billing.updateBaseUri(root(billingUrl));
        this.ledger = new io.opencredit.client.ledger.ApiClient().setObjectMapper(STRICT)
                .setReadTimeout(Duration.ofSeconds(30));
        this.ledger.updateBaseUri(root(ledgerUrl));
        this.alerting = new io.opencredit.client.alerting.ApiClient().setObjectMapper(STRICT)
                .setReadTimeout(Duration.ofSeconds(30));
        this.alerting.updateBaseUri(root(alertingUrl));
    }

    io.opencredit.client.activation.ApiClient activation() {
        return activation;
    }

    io.opencredit.client.billing.ApiClient billing() {
        return billing;
    }

    io.opencredit.client.ledger.ApiClient ledger() {
        return ledger;
    }

    io.opencredit.client.alerting.ApiClient alerting() {
        return alerting;
    }

    io.opencredit.client.ledger.api.OpsApi ledgerOps() {
        return new io.opencredit.client.ledger.api.OpsApi(ledger);
    }

    /** {@code GET /ops/clock} of the service whose API root is {@code apiUrl}. */
    Call clock(String apiUrl) {
        if (apiUrl.equals(activationUrl)) {
            return () -> new io.opencredit.client.activation.api.OpsApi(activation).clockResourceGetWithHttpInfo(null, Map.of());
        }
        if (apiUrl.equals(billingUrl)) {
            return () -> new io.opencredit.client.billing.api.OpsApi(billing).clockResourceGetWithHttpInfo(null, Map.of());
        }
        if (apiUrl.equals(ledgerUrl)) {
            return () -> ledgerOps().clockResourceGetWithHttpInfo(null, Map.of());
        }
        if (apiUrl.equals(alertingUrl)) {
            return () -> new io.opencredit.client.alerting.api.OpsApi(alerting).clockResourceGetWithHttpInfo(null, Map.of());
        }
        throw new IllegalArgumentException("not a service of the suite: " + apiUrl);
    }

    /** Runs {@code call} and answers its status and body. */
    static StoryApi.Reply reply(Call call) {
        try {
            return answer(call.run());
        } catch (io.opencredit.client.activation.ApiException e) {
            return failure(e.getCode(), e.getResponseBody(), e);
        } catch (io.opencredit.client.billing.ApiException e) {
            return failure(e.getCode(), e.getResponseBody(), e);
        } catch (io.opencredit.client.ledger.ApiException e) {
            return failure(e.getCode(), e.getResponseBody(), e);
        } catch (io.opencredit.client.alerting.ApiException e) {
            return failure(e.getCode(), e.getResponseBody(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the generated client failed: " + e, e);
        }
    }

    /** Reads {@code body} as the document's {@code type}; an undocumented or mistyped field fails the story. */
    static <T> T read(String body, Class<T> type) {
        try {
            return STRICT.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer disagrees with docs/openapi (" + type.getSimpleName() + "): " + e.getMessage()
                    + "\n" + body, e);
        }
    }

    private static StoryApi.Reply answer(Object response) {
        int status;
        Object data;
        if (response instanceof io.opencredit.client.activation.ApiResponse<?> r) {
            status = r.getStatusCode();
            data = r.getData();
        } else if (response instanceof io.opencredit.client.billing.ApiResponse<?> r) {
            status = r.getStatusCode();
            data = r.getData();
        } else if (response instanceof io.opencredit.client.ledger.ApiResponse<?> r) {
            status = r.getStatusCode();
            data = r.getData();
        } else if (response instanceof io.opencredit.client.alerting.ApiResponse<?> r) {
            status = r.getStatusCode();
            data = r.getData();
        } else {
            throw new IllegalArgumentException("not an answer of a generated client: " + response);
        }
        JsonNode json = data == null ? STRICT.createObjectNode() : STRICT.valueToTree(data);
        return new StoryApi.Reply(status, data == null ? "" : json.toString(), json);
    }

    /** An error answer (its problem+json as received), or an answer the client could not read: the document is wrong. */
    private static StoryApi.Reply failure(int status, String body, Exception e) {
        if (status == 0) {
            throw new AssertionError("the answer disagrees with docs/openapi: " + e.getMessage(), e);
        }
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? STRICT.createObjectNode() : STRICT.readTree(body);
        } catch (IOException notJson) {
            json = STRICT.createObjectNode();
        }
        return new StoryApi.Reply(status, body, json);
    }

    /** {@code http://localhost:8081/api/v1} becomes {@code http://localhost:8081}: the documents' paths start with /api/v1. */
    private static String root(String apiUrl) {
        return apiUrl.endsWith("/api/v1") ? apiUrl.substring(0, apiUrl.length() - "/api/v1".length()) : apiUrl;
    }
}
