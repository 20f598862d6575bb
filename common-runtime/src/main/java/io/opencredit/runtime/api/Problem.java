package io.opencredit.runtime.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} names the rule or kind of problem (a stable URI the
 * client can switch on), {@code detail} tells a person what was wrong. Extra members (for example
 * {@code amountForfeited}) travel at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://opencredit.io/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
