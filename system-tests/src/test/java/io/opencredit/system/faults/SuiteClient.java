package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.local.JsonHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for the fault run; a failed connection is an answer with status 0, never an exception. */
final class SuiteClient {

    static final ObjectMapper JSON = JsonHttp.JSON;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** An answer; {@code consistency} is its {@code OpenCredit-Consistency} header (SPEC R2), if any. */
    record Answer(int status, JsonNode body, String error, String consistency) {
        Answer(int status, JsonNode body, String error) {
            this(status, body, error, null);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Worth the same request again: nobody answered, the request timed out, or the service was not ready. */
        boolean retryable() {
            return status == 0 || status == 408 || status >= 500;
        }

        Answer expectOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + (body == null ? error : body));
            }
            return this;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    Answer get(String url, String token) {
        return send(JsonHttp.request("GET", url, null, token, Map.of(), TIMEOUT));
    }

    Answer get(String url, String token, Map<String, String> headers) {
        return send(JsonHttp.request("GET", url, null, token, headers, TIMEOUT));
    }

    Answer post(String url, String token, Object body) {
        return send(JsonHttp.request("POST", url, body, token, Map.of(), TIMEOUT));
    }

    Answer post(String url, String token, Object body, Map<String, String> headers) {
        return send(JsonHttp.request("POST", url, body, token, headers, TIMEOUT));
    }

    Answer postRaw(String url, String raw, Map<String, String> headers) {
        return send(JsonHttp.request("POST", url, raw, null, headers, TIMEOUT));
    }

    Answer put(String url, String token, Object body) {
        return send(JsonHttp.request("PUT", url, body, token, Map.of(), TIMEOUT));
    }

    /** The request again and again until it gets an answer that is not {@link Answer#retryable()}, or the time is up. */
    Answer retrying(Duration within, java.util.function.Supplier<Answer> request) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Answer answer = request.get();
        while (answer.retryable() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answer = request.get();
        }
        return answer;
    }

    static String write(Object body) {
        return JsonHttp.json(body);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body;
            try {
                body = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException e) {
                body = JSON.createObjectNode().put("raw", text);
            }
            return new Answer(response.statusCode(), body, null, response.headers().firstValue("OpenCredit-Consistency").orElse(null));
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }
}
