package io.opencredit.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for the demo and the smoke story. */
final class Http {

    static final ObjectMapper JSON = JsonHttp.JSON;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status and parsed body (a missing body is an empty object). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Answer expectOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + body);
            }
            return this;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    Answer get(String url, String token) {
        return send(JsonHttp.request("GET", url, null, token, Map.of(), TIMEOUT));
    }

    Answer post(String url, String token, Object body) {
        return send(JsonHttp.request("POST", url, body, token, Map.of(), TIMEOUT));
    }

    Answer postRaw(String url, String rawBody, Map<String, String> headers) {
        return send(JsonHttp.request("POST", url, rawBody, null, headers, TIMEOUT));
    }

    Answer put(String url, String token, Object body) {
        return send(JsonHttp.request("PUT", url, body, token, Map.of(), TIMEOUT));
    }

    static String write(Object body) {
        return JsonHttp.json(body);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.build().uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
