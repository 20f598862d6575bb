package io.opencredit.ledger.domain;

/**
 * F1: a subscription's forecast settings, set next to its A3 alerts: {@code warningDays} (CreditDepletionForecast
 * fires when the credit is forecast to run out within that many days; 14 unless set) and {@code burnWindowDays} (the
 * burn rate is the priced eligible usage per day over that many days; 7 unless set). Internal, never published.
 */
public record ForecastSettingsSet(int warningDays, int burnWindowDays) implements LedgerPayload.Internal {
}
