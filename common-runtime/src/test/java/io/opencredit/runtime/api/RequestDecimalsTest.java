package io.opencredit.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Decimals in request bodies meet the one external reader (SPEC O6) before anything builds them. */
class RequestDecimalsTest {

    record WithAmount(BigDecimal amount) {
    }

    record WithText(@JsonDeserialize(using = RequestDecimals.Text.class) String amount) {
    }

    private static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    @Test
    void O6_a_bigdecimal_field_takes_plain_decimals_as_strings_or_numbers() throws Exception {
        assertThat(MAPPER.readValue("{\"amount\":\"12.5\"}", WithAmount.class).amount()).isEqualTo(new BigDecimal("12.5"));
        assertThat(MAPPER.readValue("{\"amount\":12.500000}", WithAmount.class).amount()).isEqualTo(new BigDecimal("12.500000"));
        assertThat(MAPPER.readValue("{\"amount\":null}", WithAmount.class).amount()).isNull();
    }

    @Test
    void O6_a_bigdecimal_field_refuses_hostile_numbers_quickly_with_a_short_message() {
        for (String value : new String[] {"1e-999999999", "1E+999999999", "\"1e-999999999\"", "-0", "\"NaN\"", "\"\u0661\"", "\" 1\"",
                "1000000000000000000", "1.1234567", "\"" + "9".repeat(100_000) + "\"", "true", "[1]"}) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> MAPPER.readValue("{\"amount\":" + value + "}", WithAmount.class))
                    .as(value.length() > 40 ? value.substring(0, 40) : value)
                    .isInstanceOf(JsonProcessingException.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
            assertThat(System.nanoTime() - started).isLessThan(500_000_000L);
        }
    }

    @Test
    void O6_a_number_longer_than_the_stated_limit_fails_in_the_parser() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"amount\":" + "9".repeat(JsonCustomizer.MAX_NUMBER_LENGTH + 1) + "}", WithAmount.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("length");
    }

    @Test
    void O6_M1_a_field_read_by_the_resource_maps_fraction_digits_to_422_and_the_rest_to_400() throws Exception {
        assertThat(MAPPER.readValue("{\"amount\":1e-999999999}", WithText.class).amount()).isEqualTo("1e-999999999");
        assertThat(RequestDecimals.parse("40.00", "threshold")).isEqualByComparingTo("40");
        assertThatThrownBy(() -> RequestDecimals.parse("10.1234567", "threshold")).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(422));
        assertThatThrownBy(() -> RequestDecimals.parse("1e-999999999", "threshold")).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
        assertThatThrownBy(() -> RequestDecimals.parse(null, "threshold")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("required");
    }
}
