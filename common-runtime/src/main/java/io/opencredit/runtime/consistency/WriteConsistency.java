package io.opencredit.runtime.consistency;

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
 *
 * <p>Held per thread from {@link ConsistencyFilters}' request filter to its response filter, as the trace context
 * is: a blocking endpoint runs its filters, its transaction and the commit's callbacks on one worker thread. (A
 * request-scoped bean was tried first: the response filter saw a fresh, empty one.)
 */
public final class WriteConsistency {

    private static final ThreadLocal<WriteConsistency> CURRENT = new ThreadLocal<>();

    private final Map<UUID, Frontier> written = new LinkedHashMap<>();
    private final Set<UUID> touched = new LinkedHashSet<>();

    /** The recorder of the request this thread serves, or null outside one (a consumer loop, a scheduled job). */
    public static WriteConsistency current() {
        return CURRENT.get();
    }

    static WriteConsistency begin() {
        WriteConsistency recorder = new WriteConsistency();
        CURRENT.set(recorder);
        return recorder;
    }

    static void end() {
        CURRENT.remove();
    }

    /** Frontiers of a committed write. */
    public synchronized void wrote(Map<UUID, Frontier> frontiers) {
        frontiers.forEach((subscription, frontier) -> written.merge(subscription, frontier, Frontier::merge));
    }

    /** The write concerned this subscription, whether or not it published anything. */
    public synchronized void touched(UUID subscription) {
        if (subscription != null) {
            touched.add(subscription);
        }
    }

    public void touched(Collection<UUID> subscriptions) {
        subscriptions.forEach(this::touched);
    }

    synchronized Map<UUID, Frontier> written() {
        return new LinkedHashMap<>(written);
    }

    synchronized Set<UUID> touched() {
        return new LinkedHashSet<>(touched);
    }
}
