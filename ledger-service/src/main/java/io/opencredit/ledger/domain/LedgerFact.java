package io.opencredit.ledger.domain;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Topics;
import java.time.Instant;

/**
 * One thing the ledger decided, at {@code at} on the suite clock. Every fact except
 * {@link BalanceChanged} is appended to the subscription's stream; those of the ledger's own
 * published types also go to {@code ledger.events}.
 */
public record LedgerFact(Instant at, EventPayload payload) {

    /** Whether facts of a payload class are published, looked up once per class (asked several times per fact). */
    private static final ClassValue<Boolean> PUBLISHED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> payloadClass) {
            EventCatalog.Descriptor descriptor = EventCatalog.find(payloadClass.getSimpleName());
            return descriptor != null && descriptor.topics().contains(Topics.LEDGER_EVENTS);
        }
    };

    /** Whether the fact belongs in the event store (the state is a fold of exactly these). */
    public boolean stored() {
        return !(payload instanceof BalanceChanged);
    }

    /** Whether the fact is published on {@code ledger.events} (recorded inputs and internal facts are not). */
    public boolean published() {
        return PUBLISHED.get(payload.getClass());
    }

    public String type() {
        return payload.eventType();
    }
}
