package io.opencredit.activation.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the activation service stores, as read from its tables. */
public final class Rows {

    private Rows() {
    }

    /** An OSA key (SPEC K1). {@code code} is the 25 characters without dashes. */
    public record KeyRow(String code, int units, String currency, LocalDate purchasedOn, LocalDate activateBy,
                         String resellerId, String sku, String status, Instant issuedAt, String issuedBy) {
        public static final String ISSUED = "ISSUED";
        public static final String ACTIVATED = "ACTIVATED";
    }

    /** The one activation of a key (SPEC K4, T1). */
    public record ActivationRow(String keyCode, UUID subscriptionId, UUID tokenId, BigDecimal amount, String currency,
                                Instant activatedAt, Instant expiresAt, String activatedBy, String requestHash) {
    }

    /** A subscription with its administrators. */
    public record SubscriptionRow(UUID id, String name, String country, String cloud, String currency,
                                  String language, String accountEmail, LocalDate accountCreatedOn, String status,
                                  String enrollmentNumber, Instant linkedAt, String linkedBy, Instant createdAt,
                                  String createdBy, List<String> coAdministrators) {
        public static final String ACTIVE = "ACTIVE";
        public static final String LINKED_TO_EA = "LINKED_TO_EA";

        /** Account administrator first, then co-administrators. */
        public List<String> administrators() {
            java.util.ArrayList<String> all = new java.util.ArrayList<>();
            all.add(accountEmail);
            all.addAll(coAdministrators);
            return all;
        }

        public boolean linked() {
            return LINKED_TO_EA.equals(status);
        }
    }

    /** The ledger's latest word on a subscription (from ledger.events). */
    public record LedgerViewRow(UUID subscriptionId, BigDecimal remaining, String currency, String ledgerStatus,
                                Instant asOf, Instant deprovisionedAt) {
        public boolean deprovisioned() {
            return deprovisionedAt != null || "DEPROVISIONED".equals(ledgerStatus);
        }
    }
}
