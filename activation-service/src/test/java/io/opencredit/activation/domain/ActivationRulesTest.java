package io.opencredit.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.Money;
import io.opencredit.runtime.api.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationRulesTest {

    private static ProblemException problem(Runnable action) {
        try {
            action.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void K3_activate_by_is_purchase_date_plus_five_years() {
        assertThat(ActivationRules.activateBy(LocalDate.of(2021, 3, 15))).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(ActivationRules.activateBy(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2029, 2, 28));
    }

    @Test
    void K3_the_last_day_is_inclusive_in_utc_and_the_day_after_is_refused() {
        LocalDate activateBy = LocalDate.of(2026, 3, 15);
        assertThatCode(() -> ActivationRules.requireWithinWindow(activateBy, Instant.parse("2026-03-15T23:59:59.999Z")))
                .doesNotThrowAnyException();
        ProblemException refused = problem(() -> ActivationRules.requireWithinWindow(activateBy, Instant.parse("2026-03-16T00:00:00Z")));
        assertThat(refused.problem().status()).isEqualTo(422);
        assertThat(refused.problem().type().toString()).endsWith("K3-activation-window-closed");
    }

    @Test
    void K6_account_created_before_2014_07_14_is_refused_and_told_to_use_a_new_account() {
        ProblemException refused = problem(() -> ActivationRules.requireEligibleAccount(LocalDate.of(2014, 7, 13)));
        assertThat(refused.problem().status()).isEqualTo(422);
        assertThat(refused.problem().detail()).contains("new account").contains("different email");
        assertThatCode(() -> ActivationRules.requireEligibleAccount(LocalDate.of(2014, 7, 14))).doesNotThrowAnyException();
    }

    @Test
    void K7_government_cloud_is_refused_public_is_the_default() {
        assertThat(problem(() -> ActivationRules.requireOpenCloud("government")).problem().status()).isEqualTo(422);
        assertThat(problem(() -> ActivationRules.requireOpenCloud(" Government ")).problem().status()).isEqualTo(422);
        assertThat(ActivationRules.requireOpenCloud(null)).isEqualTo("public");
        assertThat(ActivationRules.requireOpenCloud("Public")).isEqualTo("public");
        assertThat(problem(() -> ActivationRules.requireOpenCloud("moon")).problem().status()).isEqualTo(400);
    }

    @Test
    void K8_linked_or_deprovisioned_subscriptions_take_no_keys() {
        assertThat(problem(() -> ActivationRules.requireOpenForKeys(true, false)).problem().type().toString())
                .endsWith("K8-subscription-linked-to-ea");
        assertThat(problem(() -> ActivationRules.requireOpenForKeys(false, true)).problem().type().toString())
                .endsWith("K8-subscription-deprovisioned");
        assertThatCode(() -> ActivationRules.requireOpenForKeys(false, false)).doesNotThrowAnyException();
    }

    @Test
    void M3_a_key_in_another_currency_is_refused() {
        ProblemException refused = problem(() -> ActivationRules.requireSameCurrency("USD", "EUR"));
        assertThat(refused.problem().status()).isEqualTo(422);
        assertThat(refused.problem().detail()).contains("EUR").contains("USD");
        assertThatCode(() -> ActivationRules.requireSameCurrency("USD", "USD")).doesNotThrowAnyException();
    }

    @Test
    void T1_tokens_expire_twelve_calendar_months_after_activation_in_utc() {
        assertThat(ActivationRules.expiresAt(Instant.parse("2026-01-31T10:00:00Z"))).isEqualTo(Instant.parse("2027-01-31T10:00:00Z"));
        assertThat(ActivationRules.expiresAt(Instant.parse("2028-02-29T23:30:00Z"))).isEqualTo(Instant.parse("2029-02-28T23:30:00Z"));
    }

    @Test
    void M2_credit_is_units_times_the_amount_per_unit_of_the_currency() {
        CreditTable table = CreditTable.defaults();
        assertThat(table.creditFor(3, "USD")).isEqualTo(Money.of("300", "USD"));
        assertThat(table.creditFor(2, "NOK")).isEqualTo(Money.of("2140", "NOK"));
        assertThat(table.creditFor(10000, "JPY")).isEqualTo(Money.of("155000000", "JPY"));
        assertThat(table.currencies()).containsExactly("USD", "EUR", "GBP", "NOK", "SEK", "DKK", "CHF", "JPY", "CAD", "AUD", "BRL");
    }

    @Test
    void M2_amounts_per_unit_are_configurable_for_known_currencies_only() {
        CreditTable table = new CreditTable(Map.of("EUR", new BigDecimal("95.50")));
        assertThat(table.creditFor(2, "EUR")).isEqualTo(Money.of("191", "EUR"));
        assertThat(table.creditFor(1, "USD")).isEqualTo(Money.of("100", "USD"));
        assertThatThrownBy(() -> new CreditTable(Map.of("XXX", BigDecimal.ONE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CreditTable(Map.of("USD", BigDecimal.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscription_language_is_norwegian_in_norway_english_elsewhere() {
        assertThat(ActivationRules.languageFor("NO")).isEqualTo("nb");
        assertThat(ActivationRules.languageFor("SE")).isEqualTo("en");
    }
}
