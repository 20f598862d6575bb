package io.opencredit.events;

import java.time.LocalDate;

/**
 * The ledger forecasts that the subscription's credit runs out within the subscription's warning days (SPEC F1,
 * 14 unless set otherwise): at the current burn rate ({@code burnPerDay}, priced eligible usage per day over the
 * last days) its {@code remaining} credit, less what expires unused first, lasts until {@code runsOutOn}, in
 * {@code daysLeft} days. Once per crossing; re-armed when the forecast moves beyond the warning days again.
 */
public record CreditDepletionForecast(
        LocalDate runsOutOn,
        int daysLeft,
        Money burnPerDay,
        Money remaining) implements EventPayload {

    public CreditDepletionForecast {
        Require.present(runsOutOn, "runsOutOn");
        if (daysLeft < 0) {
            throw new IllegalArgumentException("daysLeft must not be negative, got " + daysLeft);
        }
        Require.present(burnPerDay, "burnPerDay");
        if (!burnPerDay.isPositive()) {
            throw new IllegalArgumentException("burnPerDay must be positive, got " + burnPerDay);
        }
        Require.notNegative(remaining, "remaining");
    }
}
