package io.opencredit.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Amounts as people read them, in the suite's two languages: Norwegian {@code 1 234,50} (a no-break space
 * between thousands, a decimal comma) and English {@code 1,234.50}. The one formatting rule of the e-mails
 * and the portal.
 *
 * <p>An amount shows at least its currency's minor-unit digits (JPY none, the others two) and more only when
 * it has them: credit is exact to six digits (M1) and a customer is never shown a rounded balance.
 */
public final class MoneyFormat {

    /** The Norwegian thousands separator: a space that never breaks a number across lines. */
    public static final char NO_BREAK_SPACE = '\u00a0';

    private MoneyFormat() {
    }

    /** The amount without its currency, e.g. {@code 95,00} in Norwegian and {@code 95.00} in English. */
    public static String amount(Money money, Locale locale) {
        boolean norwegian = isNorwegian(locale);
        return format(money.amount(), Currencies.FRACTION_DIGITS.getOrDefault(money.currency(), 2),
                norwegian ? NO_BREAK_SPACE : ',', norwegian ? ',' : '.');
    }

    /** The amount followed by its currency code, e.g. {@code 95,00 USD}. */
    public static String withCurrency(Money money, Locale locale) {
        return amount(money, locale) + " " + money.currency();
    }

    /** Norwegian for {@code nb}, {@code nn} and {@code no}; English otherwise. */
    public static boolean isNorwegian(Locale locale) {
        String language = locale.getLanguage();
        return language.equals("nb") || language.equals("nn") || language.equals("no");
    }

    private static String format(BigDecimal value, int minorDigits, char grouping, char decimal) {
        BigDecimal shown = value.stripTrailingZeros();
        if (shown.scale() < minorDigits) {
            shown = shown.setScale(minorDigits, RoundingMode.UNNECESSARY);
        }
        String digits = shown.abs().toPlainString();
        int point = digits.indexOf('.');
        String integer = point < 0 ? digits : digits.substring(0, point);
        StringBuilder out = new StringBuilder(digits.length() + integer.length() / 3 + 1);
        if (shown.signum() < 0) {
            out.append('-');
        }
        for (int i = 0; i < integer.length(); i++) {
            if (i > 0 && (integer.length() - i) % 3 == 0) {
                out.append(grouping);
            }
            out.append(integer.charAt(i));
        }
        if (point >= 0) {
            out.append(decimal).append(digits, point + 1, digits.length());
        }
        return out.toString();
    }
}
