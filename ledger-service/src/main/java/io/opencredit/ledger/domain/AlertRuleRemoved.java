package io.opencredit.ledger.domain;

/** Ledger-internal fact (never published): alert {@code alertNumber} was deleted. Also the command that asks for it. */
public record AlertRuleRemoved(int alertNumber) implements LedgerPayload.Internal {
}
