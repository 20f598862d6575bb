package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SubscriptionCreatedTest {

    private static SubscriptionCreated createdBy(String creator) {
        return new SubscriptionCreated("Contoso", "NO", "public", "NOK", "ada@example.com", LocalDate.parse("2020-01-01"),
                "nb", creator, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void S6_a_customer_creating_its_own_subscription_is_its_only_administrator() {
        assertThat(createdBy("ada@example.com").administrators()).containsExactly("ada@example.com");
        assertThat(createdBy("ADA@Example.com").administrators()).containsExactly("ada@example.com");
    }

    @Test
    void S6_a_reseller_creating_one_for_a_customer_becomes_its_co_administrator() {
        assertThat(createdBy("reseller@partner.example").administrators())
                .containsExactly("ada@example.com", "reseller@partner.example");
    }

    @Test
    void S6_a_creator_that_is_not_an_address_administers_nothing() {
        assertThat(createdBy("system").administrators()).containsExactly("ada@example.com");
    }
}
