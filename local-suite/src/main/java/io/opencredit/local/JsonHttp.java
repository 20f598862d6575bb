package io.opencredit.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The request every OpenCredit client of the local suite sends (the demo, and the system tests'
 * clients, which differ only in what they make of the answer): JSON in and out, an optional
 * bearer token, extra headers last so a test can override any of them.
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonHttp() {
    }

    /**
     * A request to {@code url}. {@code body}: null for none, a byte array or String sent as is,
     * anything else written as JSON. {@code token} null sends no Authorization header.
     */
    public static HttpRequest.Builder request(String method, String url, Object body, String token, Map<String, String> headers,
                                              Duration timeout) {
        byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw : json(body).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Accept", "application/json, application/problem+json")
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    /** A String as it is, anything else as JSON. */
    public static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
