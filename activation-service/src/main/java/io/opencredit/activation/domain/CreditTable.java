package io.opencredit.activation.domain;

import io.opencredit.events.Currencies;
import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Credit one unit of a key buys, by currency (SPEC M2): the suite's defaults
 * ({@link Currencies#DEFAULT_CREDIT_PER_UNIT}) with configured overrides. Only the suite's currencies
 * exist; an override may change an amount, never add a currency the rest of the suite does not know.
 */
public final class CreditTable {

    private final Map<String, BigDecimal> perUnit;

    public CreditTable(Map<String, BigDecimal> overrides) {
        Map<String, BigDecimal> table = new LinkedHashMap<>(Currencies.DEFAULT_CREDIT_PER_UNIT);
        overrides.forEach((currency, amount) -> {
            if (!Currencies.isSupported(currency)) {
                throw new IllegalArgumentException("credit-per-unit override for unknown currency " + currency
                        + "; supported: " + Currencies.DEFAULT_CREDIT_PER_UNIT.keySet());
            }
            if (amount == null || amount.signum() <= 0) {
                throw new IllegalArgumentException("credit per unit of " + currency + " must be positive");
            }
            table.put(currency, amount);
        });
        this.perUnit = Collections.unmodifiableMap(table);
    }

    public static CreditTable defaults() {
        return new CreditTable(Map.of());
    }

    public boolean supports(String currency) {
        return currency != null && perUnit.containsKey(currency);
    }

    public Set<String> currencies() {
        return perUnit.keySet();
    }

    public BigDecimal perUnit(String currency) {
        BigDecimal amount = perUnit.get(currency);
        if (amount == null) {
            throw new IllegalArgumentException("unsupported currency " + currency);
        }
        return amount;
    }

    /** M2: a key's credit = units x the amount for its currency; no tax is added or taken. */
    public Money creditFor(int units, String currency) {
        return Money.of(perUnit(currency).multiply(BigDecimal.valueOf(units)), currency);
    }
}
