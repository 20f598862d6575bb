package io.opencredit.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.portal.client.ServiceApi;
import io.quarkus.qute.TemplateData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who is signed in: the bearer token (kept in an HttpOnly cookie) and what it says about its holder. The portal
 * reads the claims only to choose which pages to offer; every decision about data is the API's, which verifies
 * the token on each call.
 */
@TemplateData
public record Session(String token, String email, List<String> roles, Instant expiresAt) {

    public static final String COOKIE = "oc_session";

    /** The session of a cookie value, if it holds a readable token that has not expired. */
    public static Optional<Session> of(String token, Instant now) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = ServiceApi.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String email = claims.path("upn").asText(claims.path("email").asText(""));
            List<String> roles = new ArrayList<>();
            claims.path("groups").forEach(g -> roles.add(g.asText()));
            Instant expires = claims.has("exp") ? Instant.ofEpochSecond(claims.path("exp").asLong()) : null;
            if (expires != null && !expires.isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(new Session(token, email, List.copyOf(roles), expires));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean customer() {
        return roles.contains("customer");
    }

    public boolean reseller() {
        return roles.contains("reseller");
    }

    public boolean operator() {
        return roles.contains("operator");
    }

    /** Where this person starts: their subscriptions, or the operator's page. */
    public String home() {
        if (operator()) {
            return "/operator";
        }
        return reseller() ? "/reseller" : "/subscriptions";
    }
}
