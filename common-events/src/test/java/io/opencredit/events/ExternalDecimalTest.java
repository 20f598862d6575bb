package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reader of decimals from outside (SPEC O6): its language, example by example. */
class ExternalDecimalTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "1", "12.5", "0.000001", "-1", "-0.5", "999999999999999999", "-999999999999999999.999999",
            "100", "2.500000", "0.0"})
    void O6_plain_decimals_within_18_integer_and_6_fraction_digits_are_read_exactly(String text) {
        assertThat(ExternalDecimal.problem(text)).isNull();
        assertThat(ExternalDecimal.parse(text)).isEqualTo(new BigDecimal(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "-", ".", ".5", "5.", "1e3", "1E3", "1e-999999999", "1E+999999999", "1.5e0", "+1", " 1", "1 ", "1 000",
            "1,5", "0x10", "NaN", "Infinity", "-Infinity", "nan", "007", "00", "01.5", "-0", "-0.0", "-0.000000", "--1", "1..2", "1.2.3",
            "\u0661\u0662", "\uff11\uff12", "1\u00a0", "\u0000", "12\n", "null", "true"})
    void O6_anything_else_is_not_a_decimal(String text) {
        assertThat(ExternalDecimal.problem(text)).isEqualTo(ExternalDecimal.Problem.NOT_A_DECIMAL);
        assertThatThrownBy(() -> ExternalDecimal.parse(text)).isInstanceOf(ExternalDecimal.Refused.class)
                .hasMessageContaining("plain notation");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1000000000000000000, TOO_LARGE",
            "-1000000000000000000.5, TOO_LARGE",
            "0.1234567, TOO_MANY_FRACTION_DIGITS",
            "2.5000000, TOO_MANY_FRACTION_DIGITS",
            "-1.0000001, TOO_MANY_FRACTION_DIGITS",
    })
    void O6_more_than_18_integer_or_6_fraction_digits_are_refused_by_name(String text, ExternalDecimal.Problem problem) {
        assertThat(ExternalDecimal.problem(text)).isEqualTo(problem);
        assertThatThrownBy(() -> ExternalDecimal.parse(text)).isInstanceOf(ExternalDecimal.Refused.class)
                .extracting(e -> ((ExternalDecimal.Refused) e).problem()).isEqualTo(problem);
    }

    @Test
    void O6_the_reading_stops_early_and_the_message_never_echoes_the_whole_text() {
        String huge = "1".repeat(10_000_000);
        long started = System.nanoTime();
        assertThat(ExternalDecimal.problem(huge)).isEqualTo(ExternalDecimal.Problem.TOO_LARGE);
        assertThat(ExternalDecimal.problem("0." + "0".repeat(10_000_000))).isEqualTo(ExternalDecimal.Problem.TOO_MANY_FRACTION_DIGITS);
        assertThat(ExternalDecimal.problem("1" + "e".repeat(10_000_000))).isEqualTo(ExternalDecimal.Problem.NOT_A_DECIMAL);
        assertThat(System.nanoTime() - started).as("nanoseconds").isLessThan(1_000_000_000L);
        assertThatThrownBy(() -> ExternalDecimal.parse(huge)).message().hasSizeLessThan(200).contains("10000000 characters");
        assertThat(ExternalDecimal.problem(null)).isEqualTo(ExternalDecimal.Problem.NOT_A_DECIMAL);
    }
}
