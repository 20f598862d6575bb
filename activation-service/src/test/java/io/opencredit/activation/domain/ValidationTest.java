package io.opencredit.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.runtime.api.ProblemException;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void K1_units_are_1_to_10000() {
        assertThat(Validation.units(1)).isEqualTo(1);
        assertThat(Validation.units(10000)).isEqualTo(10000);
        assertThatThrownBy(() -> Validation.units(0)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Validation.units(10001)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Validation.units(null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void K5_country_is_iso_3166_alpha_2() {
        assertThat(Validation.country("no")).isEqualTo("NO");
        assertThatThrownBy(() -> Validation.country("XX")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Validation.country("NOR")).isInstanceOf(ProblemException.class);
    }

    @Test
    void emails_are_checked_and_lower_cased() {
        assertThat(Validation.email("Kari.Nordmann@Example.NO", "email")).isEqualTo("kari.nordmann@example.no");
        for (String bad : new String[] {"", "no-at", "a@b", "a@@b.no", "a b@c.no", "a@-b.no"}) {
            assertThatThrownBy(() -> Validation.email(bad, "email")).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void emails_follow_the_suite_rule_and_a_refused_one_is_a_400_naming_its_field() {
        assertThatThrownBy(() -> Validation.email("a..b@example.com", "newSubscription.account.email"))
                .isInstanceOf(ProblemException.class)
                .hasMessage("newSubscription.account.email is not a valid email address: 'a..b@example.com'")
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }

    @Test
    void names_are_1_to_100_characters_without_control_characters() {
        assertThat(Validation.name("  Contoso  ")).isEqualTo("Contoso");
        assertThatThrownBy(() -> Validation.name(" ")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Validation.name("x".repeat(101))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Validation.name("a\u0000b")).isInstanceOf(ProblemException.class);
    }
}
