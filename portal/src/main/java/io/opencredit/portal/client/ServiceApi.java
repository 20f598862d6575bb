package io.opencredit.portal.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The services' public HTTP API, called with the signed-in person's own bearer token and nothing else: what the
 * API refuses them, the portal cannot show. Bodies are read as JSON trees with exact decimals (money is never a
 * double).
 */
@ApplicationScoped
public class ServiceApi {

    /** Jackson for the API's answers: numbers with a fraction become BigDecimal, never double. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    /** One answer: the status and the body (an empty tree when there is none or it is no JSON). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem+json detail the API gave, for showing next to a field. */
        public String detail() {
            String detail = body.path("detail").asText("");
            return detail.isEmpty() ? body.path("title").asText("HTTP " + status) : detail;
        }
    }

    public Answer get(String url, String token) {
        return send(request(url, token).GET());
    }

    /** The same, without waiting: a page asks the services for its parts at once. */
    public CompletableFuture<Answer> getAsync(String url, String token) {
        return getRawAsync(url, token).thenApply(raw -> new Answer(raw.status(), parse(raw.body())));
    }

    /** Items asked for per page of a cursor-paged list, and the most pages one portal page follows. */
    public static final int PAGE_LIMIT = 500;
    public static final int MAX_PAGES = 20;

    /**
     * Every item of a cursor-paged list ({@code {items, next}}), following {@code next} page after page, at most
     * {@value #MAX_PAGES} pages: an answer whose body is the array of the items, or the first page answer that failed.
     */
    public CompletableFuture<Answer> getAllPagesAsync(String url, String token) {
        return pagesFrom(url, url + (url.contains("?") ? "&" : "?") + "limit=" + PAGE_LIMIT, token, JSON.createArrayNode(), 1);
    }

    private CompletableFuture<Answer> pagesFrom(String url, String pageUrl, String token, ArrayNode items, int page) {
        // the next page is asked for on the client's thread: under the page's trace context, as the first was
        return getAsync(pageUrl, token).thenCompose(Context.current().wrapFunction(answer -> {
            if (!answer.ok()) {
                return CompletableFuture.completedFuture(answer);
            }
            answer.body().path("items").forEach(items::add);
            JsonNode next = answer.body().path("next");
            if (!next.isTextual() || page >= MAX_PAGES) {
                return CompletableFuture.completedFuture(new Answer(answer.status(), items));
            }
            String nextUrl = url + (url.contains("?") ? "&" : "?") + "limit=" + PAGE_LIMIT + "&after="
                    + java.net.URLEncoder.encode(next.asText(), java.nio.charset.StandardCharsets.UTF_8);
            return pagesFrom(url, nextUrl, token, items, page + 1);
        }));
    }

    /** A body too large for a tree (a statement of 10,000 entries): the bytes, for a streaming reader. */
    public record Raw(int status, byte[] body) {
        /** As an {@link Answer}, for its status and problem detail. */
        public Answer answer() {
            return new Answer(status, status >= 200 && status < 300 ? MissingNode.getInstance() : parse(body));
        }
    }

    public CompletableFuture<Raw> getRawAsync(String url, String token) {
        HttpRequest request = request(url, token).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Raw(response.statusCode(), response.body()))
                .exceptionally(e -> {
                    throw new ServiceUnavailable(url, e instanceof Exception ex ? ex : new IOException(e));
                });
    }

    /** Waits for an answer started with {@link #getAsync}, unwrapping what went wrong. */
    public static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    public Answer post(String url, String token, Object body) {
        return send(request(url, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public Answer put(String url, String token, Object body) {
        return send(request(url, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public Answer delete(String url, String token) {
        return send(request(url, token).DELETE());
    }

    /** The raw text of a URL (e.g. a service's {@code /q/metrics}). */
    public Answer text(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.getNodeFactory().textNode(response.body()));
        } catch (IOException e) {
            throw new ServiceUnavailable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable(url, e);
        }
    }

    /** Writes the current trace context into a request as the W3C {@code traceparent} header. */
    private static final TextMapSetter<HttpRequest.Builder> HEADERS = (builder, name, value) -> builder.header(name, value);

    /**
     * A request with the person's token and the page's trace context ({@code traceparent}: the portal's SERVER span, so
     * that a page and every service call it makes are one trace; nothing when no span is current).
     */
    private static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        W3CTraceContextPropagator.getInstance().inject(Context.current(), builder, HEADERS);
        return builder;
    }

    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new ServiceUnavailable(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable(request.uri().toString(), e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service did not answer; the portal shows a page saying so instead of a stack trace. */
    public static final class ServiceUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServiceUnavailable(String url, Exception cause) {
            super("the service at " + url + " did not answer: " + cause.getMessage(), cause);
        }
    }
}
