package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the external decimal reader (SPEC O6): every decimal the suite writes reads back
 * as itself, and every hostile spelling (exponents, huge digit strings, NaN, -0, non-ASCII digits,
 * signs, white space) is refused quickly, without building the number.
 */
class ExternalDecimalPropertiesTest {

    @Property(tries = 200)
    void O6_every_plain_decimal_in_range_reads_back_as_itself(@ForAll("inRange") BigDecimal value) {
        String text = value.toPlainString();
        assertThat(ExternalDecimal.parse(text)).isEqualTo(value);
    }

    @Property(tries = 200)
    void O6_hostile_numbers_are_refused_within_a_millisecond_budget(@ForAll("hostile") String text) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> ExternalDecimal.parse(text)).isInstanceOf(ExternalDecimal.Refused.class)
                .message().hasSizeLessThan(300);
        assertThat(System.nanoTime() - started).as("nanoseconds for " + text.length() + " characters").isLessThan(50_000_000L);
    }

    @Property(tries = 200)
    void O6_the_reader_agrees_with_the_grammar_on_any_short_text(@ForAll("shortTexts") String text) {
        boolean grammar = text.matches("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,6})?") && !text.matches("-0(\\.0+)?");
        assertThat(ExternalDecimal.isValid(text)).as(text).isEqualTo(grammar);
    }

    @Provide
    Arbitrary<BigDecimal> inRange() {
        return Combinators.combine(Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L),
                        Arbitraries.integers().between(0, 6))
                .as((integer, scale) -> new BigDecimal(integer).movePointLeft(scale).setScale(scale, RoundingMode.UNNECESSARY));
    }

    /** Short texts over the decimal alphabet and a few intruders, so that both answers occur often. */
    @Provide
    Arbitrary<String> shortTexts() {
        return Arbitraries.strings().withChars("0123456789.-+eE \u0661\uff11").ofMinLength(0).ofMaxLength(28);
    }

    /** Generated hostile spellings, as a client could send them in a JSON number or string. */
    @Provide
    Arbitrary<String> hostile() {
        return HostileDecimals.any();
    }
}
