package io.opencredit.ledger.domain;

import io.opencredit.events.Money;
import java.math.BigDecimal;

/** Exact amounts at the suite's internal scale (SPEC M1): 6 fraction digits, half-even. */
public final class Amounts {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Money.SCALE);

    private Amounts() {
    }

    public static BigDecimal scaled(BigDecimal value) {
        return value.setScale(Money.SCALE, Money.ROUNDING);
    }

    public static boolean isZero(BigDecimal value) {
        return value.signum() == 0;
    }
}
