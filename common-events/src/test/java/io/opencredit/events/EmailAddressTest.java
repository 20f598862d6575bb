package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
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

    /**
     * Look-alikes of {@code ivan@example.com} and {@code paypal@example.com}: each is refused (none is
     * folded onto the plain ASCII address another tenant may hold). {@code String.equalsIgnoreCase}
     * would call the first one equal to {@code ivan@example.com}; the rule never folds, it refuses.
     */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "\u0131van@example.com",          // dotless i
            "\u0130van@example.com",          // capital I with dot
            "\u0130VAN@EXAMPLE.COM",
            "\uff49van@example.com",          // full-width i
            "ivan@\uff45xample.com",          // full-width e in the domain
            "p\u0430ypal@example.com",        // Cyrillic a
            "ivan@ex\u0430mple.com",          // Cyrillic a in the domain
            "i\u0307van@example.com",         // combining dot above
            "ive\u0301n@example.com",         // combining acute
            "iv\u200dan@example.com",         // zero-width joiner
            "iv\u200ban@example.com",         // zero-width space
            "ivan\u00ad@example.com",         // soft hyphen
            "ivan@example.com.",              // trailing dot (a fully qualified name is another spelling)
            "ivan.@example.com",
            "ivan@example.com..",
            "\u2170van@example.com",          // small roman numeral one
            "ivan@example\u3002com",          // ideographic full stop
            "\u212avan@example.com",          // Kelvin sign, lower-cases to k
    })
    void O3_look_alike_addresses_are_refused_never_folded_onto_another(String raw) {
        assertThat(EmailAddress.normalise(raw)).isEmpty();
    }

    @Test
    void O3_lower_casing_is_the_same_in_every_default_locale() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : new Locale[] {Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("az-AZ"), Locale.forLanguageTag("lt-LT"), Locale.ROOT}) {
                Locale.setDefault(locale);
                assertThat(EmailAddress.normalise("IVAN@EXAMPLE.COM")).as(locale.toString()).isEqualTo(Optional.of("ivan@example.com"));
                assertThat(EmailAddress.normalise("Ivan.I@Example.Com")).as(locale.toString()).isEqualTo(Optional.of("ivan.i@example.com"));
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void O3_a_normalised_address_is_plain_lower_case_ascii_and_normalises_to_itself() {
        for (String raw : new String[] {"Ada@Example.com", " X@A.IO ", "o'Brien+Bill@Mail.Example.co.uk"}) {
            String normalised = EmailAddress.normalise(raw).orElseThrow();
            assertThat(normalised).matches("[\\x21-\\x7e]+").isEqualTo(normalised.toLowerCase(Locale.ROOT));
            assertThat(EmailAddress.normalise(normalised)).contains(normalised);
        }
    }
}
