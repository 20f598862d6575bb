package io.opencredit.billing.domain;

import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.runtime.consistency.ViewCatchUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * SPEC R1 for the gateway's requests: before a usage record or a payment is judged against a subscription the view
 * does not know, the view gets its bounded chance to catch up ({@link ViewCatchUp}). Called outside any transaction,
 * so a wait holds no database connection. What is still unknown afterwards is then answered 404 by the usual rules.
 */
@ApplicationScoped
public class KnownSubscriptions {

    private final SubscriptionStore subscriptions;
    private final ViewCatchUp catchUp;

    public KnownSubscriptions(SubscriptionStore subscriptions, ViewCatchUp catchUp) {
        this.subscriptions = subscriptions;
        this.catchUp = catchUp;
    }

    /** Waits until the view knows the subscriptions or has caught up without them; 503 past the bound. */
    public void awaitKnown(Collection<UUID> ids) {
        Set<UUID> unknown = unknown(ids);
        if (!unknown.isEmpty()) {
            catchUp.stillUnknown(unknown, this::unknown);
        }
    }

    private Set<UUID> unknown(Collection<UUID> ids) {
        Set<UUID> unknown = new HashSet<>(ids);
        unknown.removeAll(subscriptions.findAll(ids).keySet());
        return unknown;
    }
}
