package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

    private static final UUID SUBSCRIPTION = UUID.fromString("0b7e3f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");

    @Test
    void S3_an_address_becomes_erased_sixteen_hex_at_erased_invalid_from_sha256_of_subscription_and_address() {
        String pseudonym = Pseudonyms.email(SUBSCRIPTION, "kari@example.no");
        assertThat(pseudonym).isEqualTo("erased-" + Sha256.hex(SUBSCRIPTION + "kari@example.no").substring(0, 16) + "@erased.invalid")
                .doesNotContain("kari").doesNotContain("example");
        assertThat(Pseudonyms.isPseudonym(pseudonym)).isTrue();
        assertThat(EmailAddress.isValid(pseudonym)).as("still an address wherever one is checked").isTrue();
    }

    @Test
    void S3_the_same_address_of_the_same_subscription_always_gets_the_same_pseudonym_and_others_another() {
        String pseudonym = Pseudonyms.email(SUBSCRIPTION, "kari@example.no");
        assertThat(Pseudonyms.email(SUBSCRIPTION, " Kari@Example.NO ")).isEqualTo(pseudonym);
        assertThat(Pseudonyms.email(SUBSCRIPTION, "ola@example.no")).isNotEqualTo(pseudonym);
        assertThat(Pseudonyms.email(UUID.randomUUID(), "kari@example.no")).as("not linkable across subscriptions").isNotEqualTo(pseudonym);
    }

    @Test
    void S3_pseudonymising_a_pseudonym_changes_nothing_and_an_administrator_is_still_recognised() {
        String pseudonym = Pseudonyms.email(SUBSCRIPTION, "kari@example.no");
        assertThat(Pseudonyms.email(SUBSCRIPTION, pseudonym)).isEqualTo(pseudonym);
        assertThat(Pseudonyms.email(UUID.randomUUID(), pseudonym)).isEqualTo(pseudonym);
        assertThat(Pseudonyms.matches(SUBSCRIPTION, pseudonym, "KARI@example.no")).isTrue();
        assertThat(Pseudonyms.matches(SUBSCRIPTION, "kari@example.no", "kari@example.no")).isTrue();
        assertThat(Pseudonyms.matches(SUBSCRIPTION, pseudonym, "ola@example.no")).isFalse();
        assertThat(Pseudonyms.matches(UUID.randomUUID(), pseudonym, "kari@example.no")).isFalse();
        assertThat(Pseudonyms.isPseudonym("erased-0123@erased.invalid")).isFalse();
        assertThat(Pseudonyms.isPseudonym("kari@example.no")).isFalse();
    }
}
