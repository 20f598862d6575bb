package io.opencredit.ledger.domain;

import java.time.LocalDate;

/**
 * F1: after a CreditDepletionForecast the forecast moved beyond the warning days again (credit was added, usage
 * slowed down), so the next crossing fires again. {@code runsOutOn} is the new forecast, null when none (no usage).
 * Internal, never published: a fact so that a replay re-arms exactly where the live fold did.
 */
public record DepletionForecastRearmed(LocalDate runsOutOn) implements LedgerPayload.Internal {
}
