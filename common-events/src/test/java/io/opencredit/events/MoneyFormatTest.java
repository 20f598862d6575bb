package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

    private static final Locale NB = Locale.forLanguageTag("nb");

    @ParameterizedTest(name = "{0} {1} -> nb {2}, en {3}")
    @CsvSource(delimiter = '|', value = {
            "95          | USD | 95,00            | 95.00",
            "1234.5      | USD | 1 234,50         | 1,234.50",
            "1234567.25  | NOK | 1 234 567,25     | 1,234,567.25",
            "0.123456    | EUR | 0,123456         | 0.123456",
            "12.3400     | GBP | 12,34            | 12.34",
            "15500       | JPY | 15 500           | 15,500",
            "-30         | CAD | -30,00           | -30.00",
            "100.000000  | SEK | 100,00           | 100.00",
    })
    void M1_amounts_are_exact_and_written_the_readers_way(String amount, String currency, String norwegian, String english) {
        Money money = Money.of(amount, currency);
        assertThat(MoneyFormat.amount(money, NB)).isEqualTo(norwegian.replace(' ', MoneyFormat.NO_BREAK_SPACE));
        assertThat(MoneyFormat.amount(money, Locale.ENGLISH)).isEqualTo(english);
        assertThat(MoneyFormat.withCurrency(money, NB)).isEqualTo(norwegian.replace(' ', MoneyFormat.NO_BREAK_SPACE) + " " + currency);
    }
}
