package io.opencredit.billing.config;

import io.smallrye.config.ConfigMapping;

/** Card payments (prefix {@code opencredit.payments}). */
@ConfigMapping(prefix = "opencredit.payments")
public interface PaymentsConfig {

    /**
     * The HMAC secret shared with the payment provider (SPEC S5). From {@code OPENCREDIT_WEBHOOK_SECRET};
     * {@code local-dev-secret} outside production, no default in production.
     */
    String webhookSecret();
}
