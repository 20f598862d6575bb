package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC M1 (exact decimals, scale 6, half-even) and M3 (one currency, never mixed). */
class MoneyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0000005, 0.000000",
            "0.0000015, 0.000002",
            "0.0000025, 0.000002",
            "0.0000035, 0.000004",
            "0.00000051, 0.000001",
            "0.00000049, 0.000000",
            "-0.0000005, 0.000000",
            "-0.0000015, -0.000002",
            "-0.0000025, -0.000002",
            "1.2345675, 1.234568",
            "1.2345665, 1.234566",
            "100, 100.000000",
            "123.45, 123.450000"})
    void M1_amounts_are_rounded_half_even_at_six_digits(String input, String expected) {
        Money money = Money.of(input, "USD");
        assertThat(money.amount()).isEqualTo(new BigDecimal(expected));
        assertThat(money.amount().scale()).isEqualTo(Money.SCALE);
    }

    @Test
    void M1_precision_is_six_fraction_digits_half_even() {
        assertThat(Money.SCALE).isEqualTo(6);
        assertThat(Money.ROUNDING).isEqualTo(java.math.RoundingMode.HALF_EVEN);
    }

    @Test
    void M1_equal_amounts_are_equal_whatever_their_written_scale() {
        assertThat(Money.of("1.5", "EUR")).isEqualTo(Money.of("1.500000", "EUR"))
                .isEqualTo(Money.of(new BigDecimal("1.50"), "EUR"))
                .hasSameHashCodeAs(Money.of("1.5000000", "EUR"));
        assertThat(Money.of("1.5", "EUR")).isNotEqualTo(Money.of("1.5", "USD"));
        assertThat(Money.zero("NOK")).isEqualTo(Money.of("0", "NOK")).isEqualTo(Money.of("-0.0000001", "NOK"));
    }

    @Test
    void M1_plus_and_minus_are_exact() {
        // in binary floating point 0.1 + 0.2 is 0.30000000000000004
        assertThat(Money.of("0.1", "USD").plus(Money.of("0.2", "USD"))).isEqualTo(Money.of("0.3", "USD"));
        assertThat(Money.of("100", "USD").minus(Money.of("0.000001", "USD"))).isEqualTo(Money.of("99.999999", "USD"));
        assertThat(Money.of("1", "USD").minus(Money.of("1.5", "USD"))).isEqualTo(Money.of("-0.5", "USD"));
        assertThat(Money.of("12.5", "NOK").negate()).isEqualTo(Money.of("-12.5", "NOK"));
    }

    @Test
    void M1_sums_of_many_small_amounts_do_not_drift() {
        Money total = Money.zero("USD");
        for (int i = 0; i < 1_000_000; i++) {
            total = total.plus(Money.of("0.000001", "USD"));
        }
        assertThat(total).isEqualTo(Money.of("1", "USD"));
    }

    @Test
    void M1_times_rounds_half_even_at_six_digits() {
        assertThat(Money.of("0.123456", "USD").times(new BigDecimal("12.5"))).isEqualTo(Money.of("1.543200", "USD"));
        // 0.000001 x 0.5 = 0.0000005 -> 0.000000 ; 0.000003 x 0.5 = 0.0000015 -> 0.000002
        assertThat(Money.of("0.000001", "USD").times(new BigDecimal("0.5"))).isEqualTo(Money.zero("USD"));
        assertThat(Money.of("0.000003", "USD").times(new BigDecimal("0.5"))).isEqualTo(Money.of("0.000002", "USD"));
        assertThat(Money.of("1070", "NOK").times(new BigDecimal("0.30"))).isEqualTo(Money.of("321", "NOK"));
        assertThat(Money.of("100", "USD").times(new BigDecimal("3"))).isEqualTo(Money.of("300", "USD"));
        assertThat(Money.of("100", "USD").times(BigDecimal.ZERO)).isEqualTo(Money.zero("USD"));
    }

    @Test
    void M2_a_keys_credit_is_units_times_the_currencys_amount() {
        assertThat(Currencies.DEFAULT_CREDIT_PER_UNIT).containsOnlyKeys(
                "USD", "EUR", "GBP", "NOK", "SEK", "DKK", "CHF", "JPY", "CAD", "AUD", "BRL");
        assertThat(Money.of(Currencies.DEFAULT_CREDIT_PER_UNIT.get("NOK"), "NOK").times(BigDecimal.valueOf(3)))
                .isEqualTo(Money.of("3210", "NOK"));
        assertThat(Money.of(Currencies.DEFAULT_CREDIT_PER_UNIT.get("JPY"), "JPY").times(BigDecimal.valueOf(2)))
                .isEqualTo(Money.of("31000", "JPY"));
        assertThat(Currencies.isSupported("NOK")).isTrue();
        assertThat(Currencies.isSupported("XXX")).isFalse();
        assertThat(Currencies.isSupported(null)).isFalse();
        assertThat(Currencies.FRACTION_DIGITS.get("JPY")).isZero();
        assertThat(Currencies.FRACTION_DIGITS.get("USD")).isEqualTo(2);
    }

    @Test
    void M3_currency_mismatch_throws() {
        Money usd = Money.of("1", "USD");
        Money eur = Money.of("1", "EUR");
        assertThatThrownBy(() -> usd.plus(eur)).isInstanceOf(CurrencyMismatchException.class)
                .hasMessage("currency mismatch: expected USD, got EUR");
        assertThatThrownBy(() -> usd.minus(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.min(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.max(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.isGreaterThan(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.isAtMost(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThat(new CurrencyMismatchException("USD", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void M1_amount_text_has_two_to_six_fraction_digits_in_plain_notation() {
        assertThat(Money.of("100", "USD").amountText()).isEqualTo("100.00");
        assertThat(Money.of("100.5", "USD").amountText()).isEqualTo("100.50");
        assertThat(Money.of("0.123456", "USD").amountText()).isEqualTo("0.123456");
        assertThat(Money.of("0.1234567", "USD").amountText()).isEqualTo("0.123457");
        assertThat(Money.of("3208.456800", "NOK").amountText()).isEqualTo("3208.4568");
        assertThat(Money.of("0", "USD").amountText()).isEqualTo("0.00");
        assertThat(Money.of("-5.1", "USD").amountText()).isEqualTo("-5.10");
        assertThat(Money.of("1E+3", "USD").amountText()).isEqualTo("1000.00");
        assertThat(Money.of("15500", "JPY").amountText()).isEqualTo("15500.00");
        assertThat(Money.of("12345678901234567890.5", "USD").amountText()).isEqualTo("12345678901234567890.50");
        assertThat(Money.of("100", "USD")).hasToString("100.00 USD");
        assertThat(Money.plain(new BigDecimal("1E+2"))).isEqualTo("100.00");
        assertThat(Money.plain(new BigDecimal("7"))).isEqualTo("7.00");
    }

    /** plain() cuts zeros from the text; it must give what stripping them from the number gives. */
    @Test
    void M1_amount_text_equals_the_stripped_number_for_any_scale() {
        Random random = new Random(20261127);
        for (int i = 0; i < 100_000; i++) {
            BigDecimal value = BigDecimal.valueOf(random.nextLong() % (random.nextBoolean() ? 1_000_000 : Long.MAX_VALUE),
                    random.nextInt(13) - 2);
            BigDecimal stripped = value.stripTrailingZeros();
            String expected = (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
            assertThat(Money.plain(value)).as("%s (scale %d)", value, value.scale()).isEqualTo(expected);
        }
    }

    /** The hand-written currency check accepts exactly what [A-Z]{3} matches. */
    @Test
    void M1_currency_check_agrees_with_the_regular_expression() {
        java.util.regex.Pattern iso4217 = java.util.regex.Pattern.compile("[A-Z]{3}");
        Random random = new Random(4217);
        char[] alphabet = "AZMaz09@[`{ \u00c5\u0130".toCharArray();
        for (int i = 0; i < 50_000; i++) {
            char[] code = new char[random.nextInt(5)];
            for (int j = 0; j < code.length; j++) {
                code[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String currency = new String(code);
            assertThat(Money.isIso4217(currency)).as("'%s'", currency).isEqualTo(iso4217.matcher(currency).matches());
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @NullSource
    @ValueSource(strings = {"usd", "US", "USDX", "", " USD", "U5D", "€"})
    void M1_invalid_currency_codes_are_refused(String currency) {
        assertThatThrownBy(() -> Money.of("1", currency))
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining("currency");
    }

    @Test
    void M1_an_amount_is_required() {
        assertThatThrownBy(() -> new Money(null, "USD")).isInstanceOf(NullPointerException.class)
                .hasMessage("amount is required");
        assertThatThrownBy(() -> Money.of("twelve", "USD")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void M1_comparisons_and_signs() {
        Money one = Money.of("1", "USD");
        Money two = Money.of("2", "USD");
        assertThat(one.min(two)).isSameAs(one);
        assertThat(one.max(two)).isSameAs(two);
        assertThat(two.isGreaterThan(one)).isTrue();
        assertThat(one.isGreaterThan(one)).isFalse();
        assertThat(one.isAtMost(one)).isTrue();
        assertThat(two.isAtMost(one)).isFalse();
        assertThat(one.compareTo(Money.of("1.000000", "USD"))).isZero();
        assertThat(Money.zero("USD").isZero()).isTrue();
        assertThat(Money.of("0.0000004", "USD").isZero()).as("rounds to zero").isTrue();
        assertThat(one.isPositive()).isTrue();
        assertThat(one.negate().isNegative()).isTrue();
        assertThat(one.isNegative()).isFalse();
    }

    @Test
    void M1_plus_then_minus_gives_back_the_amount() {
        Random random = new Random(6L);
        for (int i = 0; i < 10_000; i++) {
            Money a = Money.of(BigDecimal.valueOf(random.nextLong() % 10_000_000_000_000L, random.nextInt(10)), "SEK");
            Money b = Money.of(BigDecimal.valueOf(random.nextLong() % 10_000_000_000_000L, random.nextInt(10)), "SEK");
            assertThat(a.plus(b).minus(b)).isEqualTo(a);
            assertThat(a.plus(b)).isEqualTo(b.plus(a));
            assertThat(a.minus(b)).isEqualTo(b.minus(a).negate());
            assertThat(Money.of(a.amountText(), "SEK")).as("amountText is lossless").isEqualTo(a);
        }
    }

    @Test
    void M1_an_absurd_exponent_is_refused_instead_of_computed() {
        assertThatThrownBy(() -> Money.of("1e99999999", "USD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThat(Money.of("999999999999999999999999.999999", "USD").amountText()).isEqualTo("999999999999999999999999.999999");
    }
}
