package io.opencredit.activation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.opencredit.activation.domain.ActivationResult;
import io.opencredit.activation.domain.KeyCode;
import io.opencredit.activation.domain.KeyService.IssuedKey;
import io.opencredit.activation.domain.SubscriptionService.SubscriptionState;
import io.opencredit.activation.persistence.KeyActivation;
import io.opencredit.activation.persistence.LedgerView;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.activation.persistence.Subscription;
import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the activation API (SPEC §4). Amounts are JSON strings (M1). */
public final class Dtos {

    private Dtos() {
    }

    @Schema(description = "A key to issue (SPEC K1); operators only")
    public record IssueKeyRequest(
            @Schema(description = "units of prepaid credit, 1..10000", required = true, example = "1") Integer units,
            @Schema(description = "ISO 4217 currency of the key (one of GET /currencies)", required = true, example = "USD") String currency,
            @Schema(description = "purchase date (UTC); the key must be activated by this date + 5 years", required = true) LocalDate purchasedOn,
            @Schema(description = "the reseller the key was sold to", required = true, example = "reseller-42") String resellerId,
            @Schema(description = "optional product SKU", example = "6QK-00001") String sku) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "An OSA key")
    public record KeyView(
            @Schema(description = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX") String code,
            @Schema(enumeration = {"ISSUED", "ACTIVATED"}) String status,
            int units, String currency, LocalDate purchasedOn,
            @Schema(description = "last day (UTC, inclusive) the key may be activated") LocalDate activateBy,
            String resellerId, String sku, Instant issuedAt,
            @Schema(description = "present once the key is activated") ActivationView activation,
            @Schema(description = "present once the ledger rejected an activation of the key (R4)") KeyReturnView returned) {

        static KeyView of(OsaKey key) {
            return new KeyView(new KeyCode(key.code).formatted(), key.status.name(), key.units, key.currency,
                    key.purchasedOn, key.activateBy, key.resellerId, key.sku, key.issuedAt, null, null);
        }

        static KeyView of(IssuedKey issued) {
            KeyView base = of(issued.key());
            return new KeyView(base.code(), base.status(), base.units(), base.currency(), base.purchasedOn(),
                    base.activateBy(), base.resellerId(), base.sku(), base.issuedAt(),
                    issued.activation().map(ActivationView::of).orElse(null),
                    issued.returned().map(KeyReturnView::of).orElse(null));
        }
    }

    @Schema(description = "A new subscription created by the activation (SPEC K5)")
    public record NewSubscriptionRequest(
            @Schema(description = "display name, 1..100 characters", required = true) String name,
            @Schema(description = "ISO 3166-1 alpha-2 country", required = true, example = "NO") String country,
            @Schema(description = "'public' (default); 'government' is refused (K7)", example = "public") String cloud,
            @Schema(required = true) AccountRequest account) {
    }

    @Schema(description = "The account administrator of the new subscription (SPEC K6, S6)")
    public record AccountRequest(
            @Schema(description = "account administrator's email: the caller's own for a customer, the customer's for a reseller",
                    required = true) String email,
            @Schema(description = "the date the account was created; before 2014-07-14 is refused (K6)", required = true)
            LocalDate createdOn) {
    }

    @Schema(description = "Redeem a key into an existing subscription (subscriptionId) or a new one (newSubscription); exactly one")
    public record ActivationRequest(
            @Schema(description = "the key code, any case, dashes optional", required = true) String keyCode,
            UUID subscriptionId,
            NewSubscriptionRequest newSubscription) {
    }

    @Schema(description = "The token the key became (SPEC T1)")
    public record ActivationView(UUID subscriptionId, UUID tokenId,
                                 @Schema(example = "\"100.00\"")
                                 BigDecimal amount, String currency, Instant activatedAt,
                                 @Schema(description = "activatedAt + 12 calendar months (UTC)") Instant expiresAt,
                                 String keyCode) {

        static ActivationView of(ActivationResult r) {
            return new ActivationView(r.subscriptionId(), r.tokenId(), r.amount(), r.currency(), r.activatedAt(),
                    r.expiresAt(), r.keyCode());
        }

        static ActivationView of(KeyActivation a) {
            return new ActivationView(a.subscriptionId, a.tokenId, Money.of(a.amount, a.currency).amount(),
                    a.currency, a.activatedAt, a.expiresAt, new KeyCode(a.keyCode).formatted());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A subscription as its administrators see it")
    public record SubscriptionView(UUID id, String name, String country, String cloud, String currency, String language,
                                   String accountEmail, LocalDate accountCreatedOn,
                                   @Schema(enumeration = {"ACTIVE", "LINKED_TO_EA", "DEPROVISIONED"}) String status,
                                   String enrollmentNumber, Instant linkedAt, List<String> coAdministrators,
                                   Instant createdAt,
                                   @Schema(description = "the ledger's last reported balance, if any") BalanceView lastReportedBalance) {

        static SubscriptionView of(SubscriptionState state) {
            Subscription s = state.subscription();
            String status = !s.linked() && state.deprovisioned() ? LedgerView.DEPROVISIONED : s.status.name();
            return new SubscriptionView(s.id, s.name, s.country, s.cloud, s.currency, s.language, s.accountEmail,
                    s.accountCreatedOn, status, s.enrollmentNumber, s.linkedAt, s.coAdministratorEmails(), s.createdAt,
                    state.ledger().filter(v -> v.remaining != null).map(BalanceView::of).orElse(null));
        }
    }

    @Schema(description = "The remaining credit as the ledger last reported it (BalanceChanged)")
    public record BalanceView(BigDecimal remaining,
                              String currency, String ledgerStatus, Instant asOf) {
        static BalanceView of(LedgerView v) {
            return new BalanceView(Money.of(v.remaining, v.currency).amount(), v.currency, v.ledgerStatus, v.asOf);
        }
    }

    @Schema(description = "A co-administrator to add (SPEC S6)")
    public record CoAdministratorRequest(@Schema(required = true) String email) {
    }

    @Schema(description = "Link to an Enterprise Agreement (SPEC S4): forfeits all unused credit")
    public record EnterpriseAgreementLinkRequest(
            @Schema(required = true, example = "\"12345678\"") String enrollmentNumber,
            @Schema(description = "must be true: without it the answer is 409 stating the credit that would be lost")
            Boolean acknowledgeCreditForfeit) {
    }

    @Schema(description = "The subscription is linked; it takes no more keys (K8)")
    public record EnterpriseAgreementLinkView(UUID subscriptionId, String status, String enrollmentNumber, Instant linkedAt,
                                              BigDecimal creditForfeited, String currency) {
    }
}
