package io.opencredit.system.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.local.JsonHttp;
import io.opencredit.local.SuitePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for the suite's four services: raw status, content type and body of every answer. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The four services of the local suite; their ports are the suite's ({@link SuitePorts}). */
    enum Service {
        ACTIVATION("activation-service"),
        BILLING("billing-gateway"),
        LEDGER("ledger-service"),
        ALERTING("alerting-service");

        final String module;

        Service(String module) {
            this.module = module;
        }
    }

    /** One answer. {@code json} is null when the body is empty or not JSON. */
    record Reply(int status, String contentType, String body, JsonNode json) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** RFC 9457: application/problem+json with at least title, status (equal to the HTTP status) and detail. */
        boolean isProblem() {
            return contentType != null && contentType.toLowerCase().startsWith("application/problem+json")
                    && json != null && json.hasNonNull("title") && json.path("status").asInt() == status
                    && json.hasNonNull("detail");
        }

        /** SPEC R1: the service cannot tell yet (its view is behind) and asks to be asked again. */
        boolean notYetConsistent() {
            return status == 503 && json != null && json.path("type").asText().endsWith("/not-yet-consistent");
        }

        Reply expect(int expected, String what) {
            if (status != expected) {
                throw new AssertionError(what + ": expected HTTP " + expected + ", got " + this);
            }
            return this;
        }

        Reply expectOk(String what) {
            if (!ok()) {
                throw new AssertionError(what + ": expected 2xx, got " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            String text = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return status + " " + (contentType == null ? "(no content type)" : contentType) + " " + text;
        }
    }

    private final SuitePorts ports;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Api(SuitePorts ports) {
        this.ports = ports;
    }

    Reply get(Service service, String path, String token) {
        return send(service, "GET", path, token, null, Map.of());
    }

    Reply post(Service service, String path, String token, Object body) {
        return send(service, "POST", path, token, body, Map.of());
    }

    Reply put(Service service, String path, String token, Object body) {
        return send(service, "PUT", path, token, body, Map.of());
    }

    /**
     * Any request. {@code body} is a String sent as is, a byte array, or an object written as JSON; null for none.
     * {@code token} null means no Authorization header.
     */
    Reply send(Service service, String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = JsonHttp.request(method, ports.apiUrl(service.module) + path, body, token, headers, Duration.ofSeconds(60));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), text, parse(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + service.module + " " + method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * {@link #send}, repeated while the answer is SPEC R1's 503 {@code not-yet-consistent} (the service's view is
     * behind and says "try again"), for at most {@code patience}; the last answer otherwise.
     */
    Reply sendConsistent(Service service, String method, String path, String token, Object body, Map<String, String> headers,
                         Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Reply reply = send(service, method, path, token, body, headers);
            if (!reply.notYetConsistent() || System.nanoTime() - deadline >= 0) {
                return reply;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static String json(Object body) {
        return JsonHttp.json(body);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
