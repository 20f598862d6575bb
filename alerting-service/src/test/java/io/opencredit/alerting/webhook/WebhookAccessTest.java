package io.opencredit.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.events.Pseudonyms;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** F5: an endpoint without subscription receives the events of the subscriptions its owner may see, and no other. */
class WebhookAccessTest {

    private static final UUID ID = UUID.randomUUID();
    private static final SubscriptionView SUBSCRIPTION = new SubscriptionView(ID, "Fabrikam", "kari@example.no", "NO", "nb",
            "NOK", List.of("reseller@example.com"));

    @Test
    void F5_account_admins_and_co_administrators_receive_their_subscriptions_events() {
        assertThat(WebhookAccess.mayReceive("customer", "kari@example.no", SUBSCRIPTION)).isTrue();
        assertThat(WebhookAccess.mayReceive("reseller", "reseller@example.com", SUBSCRIPTION)).isTrue();
    }

    @Test
    void F5_others_do_not_and_operators_receive_every_subscriptions_events() {
        assertThat(WebhookAccess.mayReceive("customer", "ola@example.no", SUBSCRIPTION)).isFalse();
        assertThat(WebhookAccess.mayReceive("reseller", "kari@example.no.evil.com", SUBSCRIPTION)).isFalse();
        assertThat(WebhookAccess.mayReceive("operator", "ops@opencredit.local", SUBSCRIPTION)).isTrue();
    }

    @Test
    void F5_after_a_deprovisioning_the_administrators_are_recognised_by_their_pseudonym() {
        SubscriptionView erased = new SubscriptionView(ID, Pseudonyms.NAME, Pseudonyms.email(ID, "kari@example.no"), "NO", "nb",
                "NOK", List.of());
        assertThat(WebhookAccess.mayReceive("customer", "kari@example.no", erased)).isTrue();
        assertThat(WebhookAccess.mayReceive("customer", "ola@example.no", erased)).isFalse();
    }
}
