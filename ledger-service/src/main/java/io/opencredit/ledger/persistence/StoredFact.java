package io.opencredit.ledger.persistence;

import io.opencredit.ledger.domain.LedgerFact;
import java.time.Instant;
import java.util.UUID;

/**
 * A fact as the event store holds it: its place in the stream, its id, what caused it and (F2) when it takes effect
 * and when the ledger recorded it (its commit's time); the two times are null where a caller did not read them.
 */
public record StoredFact(UUID subscriptionId, long version, UUID eventId, UUID causationId, LedgerFact fact,
                         Instant effectiveAt, Instant recordedAt) {

    public StoredFact(UUID subscriptionId, long version, UUID eventId, UUID causationId, LedgerFact fact) {
        this(subscriptionId, version, eventId, causationId, fact, null, null);
    }
}
