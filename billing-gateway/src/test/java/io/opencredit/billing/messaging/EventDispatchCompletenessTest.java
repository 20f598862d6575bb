package io.opencredit.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EventCatalog;
import org.junit.jupiter.api.Test;

/** The subscription view's dispatch names every event type of the suite: handled or deliberately ignored. */
class EventDispatchCompletenessTest {

    @Test
    void every_event_type_is_handled_or_ignored_by_the_subscription_view() {
        assertThat(SubscriptionViewHandler.DISPATCH.undecided(EventCatalog.payloadClasses()))
                .as("event types %s neither handles nor ignores", SubscriptionViewHandler.DISPATCH).isEmpty();
    }

    @Test
    void the_subscription_view_applies_exactly_what_it_declares_handled() {
        assertThat(SubscriptionViewHandler.DISPATCH.handled())
                .containsExactlyInAnyOrderElementsOf(SubscriptionViewHandler.HANDLED.keySet());
    }

    @Test
    void R4_the_refund_handler_handles_credit_rejected_alone_and_ignores_every_other_type() {
        assertThat(PaymentRefundHandler.DISPATCH.undecided(EventCatalog.payloadClasses())).isEmpty();
        assertThat(PaymentRefundHandler.DISPATCH.handled()).containsExactly(io.opencredit.events.CreditRejected.class);
    }
}
