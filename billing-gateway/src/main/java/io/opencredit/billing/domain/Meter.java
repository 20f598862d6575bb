package io.opencredit.billing.domain;

import java.math.BigDecimal;
import java.util.Map;

/** One meter of the price catalogue (SPEC T3): unit price per currency, unit of measure, eligibility (T4). */
public record Meter(String meterId, String service, String name, String unit, boolean eligible, Map<String, BigDecimal> prices) {

    public Meter {
        prices = Map.copyOf(prices);
    }
}
