package io.opencredit.activation.config;

import io.smallrye.config.ConfigMapping;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Settings of the activation service (prefix {@code opencredit.activation}).
 * {@code opencredit.activation.credit-per-unit.EUR=95} overrides the SPEC M2 default of a currency.
 */
@ConfigMapping(prefix = "opencredit.activation")
public interface ActivationConfig {

    /** Overrides of the credit one unit buys, by currency; the defaults come from {@code Currencies}. */
    Map<String, BigDecimal> creditPerUnit();

}
