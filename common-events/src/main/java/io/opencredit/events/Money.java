package io.opencredit.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact amount of money in one currency (SPEC M1).
 *
 * <p>The amount is held at {@value #SCALE} fraction digits, rounded half-even; it is never a binary
 * floating-point number. On the wire it is a JSON string ({@code "123.45"}) beside a separate
 * {@code currency} field. Two amounts in different currencies never mix: arithmetic across
 * currencies throws {@link CurrencyMismatchException} (SPEC M3).
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

    /** Internal precision: fraction digits kept for every amount. */
    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    /** Integer digits an amount may have; far beyond any real credit, small enough to compute with. */
    public static final int MAX_INTEGER_DIGITS = 24;

    public Money {
        Objects.requireNonNull(amount, "amount is required");
        Objects.requireNonNull(currency, "currency is required");
        if (!isIso4217(currency)) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code of three capital letters, got '" + currency + "'");
        }
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("amount is out of range: more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        amount = amount.setScale(SCALE, ROUNDING);
    }

    /** Three capital letters A-Z (checked by hand: a regular expression here was a tenth of the ledger's allocations). */
    static boolean isIso4217(String currency) {
        return currency.length() == 3 && isCapital(currency.charAt(0)) && isCapital(currency.charAt(1)) && isCapital(currency.charAt(2));
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** This amount times a factor (a quantity or a percentage), rounded half-even at 6 digits. */
    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    public Money min(Money other) {
        requireSameCurrency(other);
        return compareTo(other) <= 0 ? this : other;
    }

    public Money max(Money other) {
        requireSameCurrency(other);
        return compareTo(other) >= 0 ? this : other;
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isAtMost(Money other) {
        return compareTo(other) <= 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount as written on the wire: plain notation, trailing zeros beyond two digits dropped. */
    public String amountText() {
        return plain(amount);
    }

    /** Plain decimal text with at least two fraction digits and no needless trailing zeros. */
    public static String plain(BigDecimal value) {
        if (value.scale() < 2) {
            return value.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        }
        // the trailing zeros cut from the text (stripTrailingZeros divides by ten per zero: profiled as the
        // costliest step of encoding a ledger event)
        String text = value.toPlainString();
        int end = text.length();
        int keep = text.indexOf('.') + 3;
        while (end > keep && text.charAt(end - 1) == '0') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public String toString() {
        return amountText() + " " + currency;
    }
}
