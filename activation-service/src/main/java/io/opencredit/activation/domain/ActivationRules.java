package io.opencredit.activation.domain;

import io.opencredit.runtime.api.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The activation rules of SPEC K3, K6, K7, K8, M3 and T1's dates, as pure functions. */
public final class ActivationRules {

    /** K3: years a key may wait for its activation after its purchase date. */
    public static final int ACTIVATION_WINDOW_YEARS = 5;
    /** K6: the first day an account may hold an Azure-in-Open subscription. */
    public static final LocalDate FIRST_ELIGIBLE_ACCOUNT_DATE = LocalDate.of(2014, 7, 14);
    /** T1: months a token stays valid after its activation. */
    public static final int TOKEN_VALIDITY_MONTHS = 12;
    public static final String CLOUD_PUBLIC = "public";
    public static final String CLOUD_GOVERNMENT = "government";

    private ActivationRules() {
    }

    /** K3: the last day (UTC, inclusive) a key bought on {@code purchasedOn} may be activated. */
    public static LocalDate activateBy(LocalDate purchasedOn) {
        return purchasedOn.plusYears(ACTIVATION_WINDOW_YEARS);
    }

    /** K3: refuses when today's UTC date is after the activate-by date. */
    public static void requireWithinWindow(LocalDate activateBy, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.isAfter(activateBy)) {
            throw ProblemException.unprocessable("K3-activation-window-closed",
                    "the key had to be activated by " + activateBy + " (purchase date + 5 years); today is " + today,
                    Map.of("activateBy", activateBy.toString()));
        }
    }

    /** K6: an account created before 2014-07-14 cannot hold an Azure-in-Open subscription. */
    public static void requireEligibleAccount(LocalDate accountCreatedOn) {
        if (accountCreatedOn.isBefore(FIRST_ELIGIBLE_ACCOUNT_DATE)) {
            throw ProblemException.unprocessable("K6-account-too-old",
                    "the account was created on " + accountCreatedOn + ", before " + FIRST_ELIGIBLE_ACCOUNT_DATE
                            + ": it cannot hold an Azure-in-Open subscription. A new account with a different email"
                            + " address is needed.");
        }
    }

    /** K7: Azure Government cannot be bought through Open; only the public cloud is offered. */
    public static String requireOpenCloud(String cloud) {
        String value = cloud == null ? CLOUD_PUBLIC : cloud.strip().toLowerCase(java.util.Locale.ROOT);
        if (CLOUD_GOVERNMENT.equals(value)) {
            throw ProblemException.unprocessable("K7-government-cloud-refused",
                    "Azure Government subscriptions cannot be bought through Open licensing");
        }
        if (!CLOUD_PUBLIC.equals(value)) {
            throw ProblemException.badRequest("invalid-value",
                    "cloud must be 'public' (Azure Government, 'government', is not sold through Open), got '" + cloud + "'");
        }
        return value;
    }

    /** K8: a subscription linked to an Enterprise Agreement, or deprovisioned, takes no more keys. */
    public static void requireOpenForKeys(boolean linkedToEnterpriseAgreement, boolean deprovisioned) {
        if (linkedToEnterpriseAgreement) {
            throw ProblemException.conflict("K8-subscription-linked-to-ea",
                    "the subscription is linked to an Enterprise Agreement and takes no more keys");
        }
        if (deprovisioned) {
            throw ProblemException.conflict("K8-subscription-deprovisioned",
                    "the subscription is deprovisioned and takes no more keys");
        }
    }

    /** M3: a subscription has one currency; a key in another is refused, never converted. */
    public static void requireSameCurrency(String subscriptionCurrency, String keyCurrency) {
        if (!subscriptionCurrency.equals(keyCurrency)) {
            throw ProblemException.unprocessable("M3-currency-mismatch",
                    "the key is in " + keyCurrency + " but the subscription's currency is " + subscriptionCurrency
                            + "; credit is never converted",
                    Map.of("subscriptionCurrency", subscriptionCurrency, "keyCurrency", keyCurrency));
        }
    }

    /** T1: a token expires 12 calendar months (UTC) after its activation. */
    public static Instant expiresAt(Instant activatedAt) {
        return activatedAt.atOffset(ZoneOffset.UTC).plusMonths(TOKEN_VALIDITY_MONTHS).toInstant();
    }

    /** The instant an activation is recorded at: the suite clock to the millisecond (stable in the database). */
    public static Instant activationInstant(Instant now) {
        return now.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The language of the subscription's emails: Norwegian bokmål in Norway, English elsewhere. */
    public static String languageFor(String country) {
        return "NO".equals(country) ? "nb" : "en";
    }
}
