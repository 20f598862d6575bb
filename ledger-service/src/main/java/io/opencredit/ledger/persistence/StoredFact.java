package io.opencredit.ledger.persistence;

import io.opencredit.ledger.domain.LedgerFact;
import java.util.UUID;

/** A fact as the event store holds it: its place in the stream, its id and what caused it. */
public record StoredFact(UUID subscriptionId, long version, UUID eventId, UUID causationId, LedgerFact fact) {
}
