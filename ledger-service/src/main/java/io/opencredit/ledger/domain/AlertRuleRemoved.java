package io.opencredit.ledger.domain;

import io.opencredit.events.EventPayload;

/** Ledger-internal fact (never published): alert {@code alertNumber} was deleted. */
public record AlertRuleRemoved(int alertNumber) implements EventPayload {
}
