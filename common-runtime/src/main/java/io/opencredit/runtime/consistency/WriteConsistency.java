package io.opencredit.runtime.consistency;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one HTTP request wrote, for its answer's {@link ConsistencyToken}: the frontiers of the subscriptions whose
 * events it committed (recorded by the outbox after the commit), and the subscriptions a write concerned without
 * writing events (a repeated request answered as the first time, a change that publishes nothing), whose current
 * frontier the token then carries.
 */
@RequestScoped
public class WriteConsistency {

    private final Map<UUID, Frontier> written = new LinkedHashMap<>();
    private final Set<UUID> touched = new LinkedHashSet<>();

    /** The recorder of the current request, or null outside one (a consumer loop, a scheduled job). */
    public static WriteConsistency current() {
        return Arc.container().requestContext().isActive() ? Arc.container().instance(WriteConsistency.class).get() : null;
    }

    /** Frontiers of a committed write. */
    public void wrote(Map<UUID, Frontier> frontiers) {
        frontiers.forEach((subscription, frontier) -> written.merge(subscription, frontier, Frontier::merge));
    }

    /** The write concerned this subscription, whether or not it published anything. */
    public void touched(UUID subscription) {
        if (subscription != null) {
            touched.add(subscription);
        }
    }

    public void touched(Collection<UUID> subscriptions) {
        subscriptions.forEach(this::touched);
    }

    Map<UUID, Frontier> written() {
        return written;
    }

    Set<UUID> touched() {
        return touched;
    }
}
