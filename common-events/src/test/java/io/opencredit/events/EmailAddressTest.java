package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one e-mail rule's table: every service accepts exactly these and refuses exactly those. */
class EmailAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ada@example.com            | ada@example.com",
            "Ada.Lovelace@Example.COM   | ada.lovelace@example.com",
            "\"  ada@example.com  \"  | ada@example.com",
            "o'brien+billing@mail.example.co.uk | o'brien+billing@mail.example.co.uk",
            "a-b_c@sub-domain.example.no | a-b_c@sub-domain.example.no",
            "x@a.io                     | x@a.io",
    })
    void A3_S6_a_plain_address_is_accepted_stripped_and_lower_cased(String raw, String normalised) {
        assertThat(EmailAddress.normalise(raw)).contains(normalised);
        assertThat(EmailAddress.isValid(raw)).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a..b@example.com",
            ".ada@example.com",
            "ada.@example.com",
            "ada@-example.com",
            "ada@example-.com",
            "ada@example..com",
            "ada@@example.com",
            "ada lovelace@example.com",
            "\"ada\"@example.com",
            "ada@[127.0.0.1]",
            "ada@example.com\r\nBcc: eve@example.com",
            "ada@example.com\u0000",
            "ıvan@example.com",
            "ivan@exämple.com",
            "ada@example.com (comment)",
    })
    void A3_S6_O3_anything_else_is_refused(String raw) {
        assertThat(EmailAddress.normalise(raw)).isEmpty();
        assertThat(EmailAddress.isValid(raw)).isFalse();
    }

    @Test
    void A3_S6_lengths_are_bounded_local_part_64_and_address_254() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddress.isValid(local64 + "@example.com")).isTrue();
        assertThat(EmailAddress.isValid(local64 + "a@example.com")).isFalse();
        String domain = ("a".repeat(63) + ".").repeat(3) + "com"; // 195 characters
        String longest = "b".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertThat(longest).hasSize(254);
        assertThat(EmailAddress.isValid(longest)).isTrue();
        assertThat(EmailAddress.isValid("b" + longest)).isFalse();
        assertThat(EmailAddress.normalise(null)).isEmpty();
    }
}
