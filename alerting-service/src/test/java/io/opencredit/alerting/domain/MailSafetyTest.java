package io.opencredit.alerting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EmailAddress;
import org.junit.jupiter.api.Test;

class MailSafetyTest {

    @Test
    void header_text_loses_CR_LF_and_every_control_character() {
        String hostile = "Contoso\r\nBcc: evil@example.com\u0000\t\u0085\u2028x\u202Ey";
        String safe = MailSafety.headerText(hostile, 200);
        assertThat(safe).doesNotContain("\r", "\n", "\u0000", "\t", "\u0085", "\u2028", "\u202E");
        assertThat(safe).isEqualTo("Contoso Bcc: evil@example.com x y");
    }

    @Test
    void header_text_is_cut_to_length() {
        assertThat(MailSafety.headerText("a".repeat(300), 80)).hasSize(80).endsWith("\u2026");
        assertThat(MailSafety.headerText("  Ålesund   AS  ", 80)).isEqualTo("Ålesund AS");
    }

    @Test
    void header_text_keeps_the_no_break_space_that_groups_a_norwegian_amount() {
        assertThat(MailSafety.headerText("Fjordkraft: 1\u00a0057,50 NOK i kreditt er tapt", 200))
                .isEqualTo("Fjordkraft: 1\u00a0057,50 NOK i kreditt er tapt");
    }

    // the suite's one address rule (EmailAddress) is what keeps a header out of an address

    @Test
    void valid_addresses_are_accepted_and_lower_cased() {
        assertThat(EmailAddress.normalise("Kari.Nordmann+alerts@Example.NO")).contains("kari.nordmann+alerts@example.no");
        assertThat(EmailAddress.normalise(" a@b.co ")).contains("a@b.co");
    }

    @Test
    void addresses_with_control_characters_or_bad_shape_are_refused() {
        assertThat(EmailAddress.normalise("a@example.com\r\nBcc: evil@example.com")).isEmpty();
        assertThat(EmailAddress.normalise("a@example.com\nX: y")).isEmpty();
        assertThat(EmailAddress.normalise("a@exa\u0000mple.com")).isEmpty();
        assertThat(EmailAddress.normalise("a b@example.com")).isEmpty();
        assertThat(EmailAddress.normalise("a@example.com, evil@example.com")).isEmpty();
        assertThat(EmailAddress.normalise("\"quoted\"@example.com")).isEmpty();
        assertThat(EmailAddress.normalise("no-at-sign.example.com")).isEmpty();
        assertThat(EmailAddress.normalise("a@localhost")).isEmpty();
        assertThat(EmailAddress.normalise("a..b@example.com")).isEmpty();
        assertThat(EmailAddress.normalise("<a@example.com>")).isEmpty();
        assertThat(EmailAddress.normalise(null)).isEmpty();
        assertThat(EmailAddress.normalise("x".repeat(65) + "@example.com")).isEmpty();
    }

    @Test
    void visible_shows_control_characters_escaped() {
        assertThat(MailSafety.visible("a\r\nb")).isEqualTo("a\\u000D\\u000Ab");
    }
}
