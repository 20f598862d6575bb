package io.opencredit.billing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What the gateway knows of a subscription, from activation.events and ledger.events. {@code remaining}
 * is the latest BalanceChanged (null before the first one).
 */
public record SubscriptionInfo(UUID subscriptionId, String currency, String country, Instant createdAt,
                               Set<String> administrators, Instant linkedToEaAt, Instant deprovisionedAt,
                               String ledgerStatus, BigDecimal remaining, Instant remainingAsOf) {

    public SubscriptionInfo {
        administrators = administrators == null ? Set.of() : Set.copyOf(administrators);
    }

    public boolean deprovisioned() {
        return deprovisionedAt != null || "DEPROVISIONED".equals(ledgerStatus);
    }

    public boolean linkedToEnterpriseAgreement() {
        return linkedToEaAt != null || "LINKED_TO_EA".equals(ledgerStatus);
    }
}
