package io.opencredit.alerting.domain;

import io.opencredit.events.EventPayload;
import java.util.HashSet;
import java.util.Set;

/**
 * The event types a dispatcher handles and the ones it deliberately ignores. The dispatcher decides with
 * {@link #handles}; {@code EventDispatchCompletenessTest} fails when a type of the catalogue on the
 * dispatcher's topic is in neither set, so a new event type cannot be forgotten silently.
 */
public record EventTypes(Set<Class<? extends EventPayload>> handled, Set<Class<? extends EventPayload>> ignored) {

    public EventTypes {
        handled = Set.copyOf(handled);
        ignored = Set.copyOf(ignored);
        Set<Class<? extends EventPayload>> both = new HashSet<>(handled);
        both.retainAll(ignored);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("handled and ignored at once: " + both);
        }
    }

    public boolean handles(EventPayload payload) {
        return handled.contains(payload.getClass());
    }
}
