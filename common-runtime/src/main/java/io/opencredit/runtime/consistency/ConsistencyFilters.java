package io.opencredit.runtime.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.config.RuntimeConfig;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * SPEC R2 on every endpoint of the service: a request that presents an {@code OpenCredit-Consistency} token waits
 * until this service reflects it ({@link #awaitToken}): every GET, and writes too (usage sent with its subscription's
 * activation token is never judged before the gateway knows the subscription). Every successful write answers a token
 * ({@link #tokenOnWrite}).
 */
public class ConsistencyFilters {

    private static final Pattern SUBSCRIPTION_IN_PATH = Pattern.compile(
            "/subscriptions/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:/|$)");

    private final FrontierStore frontiers;
    private final ConsistencyConfig config;
    private final String serviceName;

    public ConsistencyFilters(FrontierStore frontiers, ConsistencyConfig config, RuntimeConfig runtime) {
        this.frontiers = frontiers;
        this.config = config;
        this.serviceName = runtime.serviceName();
    }

    @ServerRequestFilter
    public void awaitToken(ContainerRequestContext request) {
        WriteConsistency.begin();
        String header = request.getHeaderString(ConsistencyToken.HEADER);
        if (header == null || !config.enabled() || !request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        ConsistencyToken token;
        try {
            token = ConsistencyToken.parse(header.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("consistency-token-malformed",
                    "the " + ConsistencyToken.HEADER + " header is not a token this suite wrote: " + e.getMessage()
                            + "; send it back exactly as a write answered it");
        }
        await(token);
    }

    /** Waits until every subscription of the token is reflected here, or throws {@link NotYetConsistent} past the bound. */
    void await(ConsistencyToken token) {
        if (token.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + config.readBound().toNanos();
        while (true) {
            Map<UUID, Frontier> local = frontiers.read(token.frontiers().keySet());
            if (token.frontiers().entrySet().stream().allMatch(e -> local.get(e.getKey()).covers(e.getValue(), serviceName))) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NotYetConsistent("this service has not yet applied the write the " + ConsistencyToken.HEADER
                        + " token names (waited " + config.readBound().toMillis() + " ms); nothing was changed, try again");
            }
            try {
                frontiers.awaitChange(Math.min(25, left / 1_000_000 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotYetConsistent("interrupted while waiting for the write the token names");
            }
        }
    }

    @ServerResponseFilter
    public void tokenOnWrite(ContainerRequestContext request, ContainerResponseContext response) {
        WriteConsistency write = WriteConsistency.current();
        WriteConsistency.end();
        if (isRead(request.getMethod()) || HttpMethod.OPTIONS.equals(request.getMethod())
                || response.getStatus() < 200 || response.getStatus() > 299) {
            return;
        }
        Map<UUID, Frontier> token = new LinkedHashMap<>();
        Set<UUID> touched = new HashSet<>();
        if (write != null) {
            token.putAll(write.written());
            touched.addAll(write.touched());
        }
        Matcher inPath = SUBSCRIPTION_IN_PATH.matcher(request.getUriInfo().getPath());
        if (inPath.find()) {
            touched.add(UUID.fromString(inPath.group(1)));
        }
        if (token.isEmpty() && touched.isEmpty()) {
            // a repeated request answered as the first time (an activation into a new subscription) wrote nothing now
            subscriptionNamedBy(response.getEntity()).ifPresent(touched::add);
        }
        touched.removeAll(token.keySet());
        if (!touched.isEmpty() && token.size() < ConsistencyToken.MAX_SUBSCRIPTIONS) {
            token.putAll(frontiers.read(touched));
        }
        response.getHeaders().putSingle(ConsistencyToken.HEADER, new ConsistencyToken(first(token)).toString());
    }

    private static Map<UUID, Frontier> first(Map<UUID, Frontier> token) {
        if (token.size() <= ConsistencyToken.MAX_SUBSCRIPTIONS) {
            return token;
        }
        Map<UUID, Frontier> first = new LinkedHashMap<>();
        for (Map.Entry<UUID, Frontier> entry : token.entrySet()) {
            if (first.size() == ConsistencyToken.MAX_SUBSCRIPTIONS) {
                break;
            }
            first.put(entry.getKey(), entry.getValue());
        }
        return first;
    }

    /** The {@code subscriptionId} an answer's body names: a stored answer replayed as JSON, or a record. */
    static Optional<UUID> subscriptionNamedBy(Object entity) {
        Object id = null;
        if (entity instanceof JsonNode json && json.get("subscriptionId") != null) {
            id = json.get("subscriptionId").asText();
        } else if (entity != null && entity.getClass().isRecord()) {
            for (RecordComponent component : entity.getClass().getRecordComponents()) {
                if (component.getName().equals("subscriptionId")) {
                    try {
                        id = component.getAccessor().invoke(entity);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        if (id instanceof UUID uuid) {
            return Optional.of(uuid);
        }
        try {
            return id instanceof String text ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isRead(String method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }
}
