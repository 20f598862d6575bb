package io.opencredit.billing.messaging;

import io.opencredit.billing.domain.PaymentRefunds;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * SPEC R4: marks a card payment for refund when the ledger rejects its credit ({@code CreditRejected} on
 * {@code ledger.events}). A handler of its own rather than a branch of {@link SubscriptionViewHandler}: it changes
 * payments, not the view, and takes the rejection's time from the event. Runs in the consumer batch's transaction;
 * duplicates (by event id) never reach it, and {@link PaymentRefunds} is idempotent by token besides.
 */
@ApplicationScoped
public class PaymentRefundHandler implements EventHandler {

    /** CreditRejected alone; every other type of the suite is nothing to refund. */
    static final EventDispatch DISPATCH = EventDispatch.named("PaymentRefundHandler.handle").handles(CreditRejected.class)
            .ignoring(ignoredTypes());

    private static Class<?>[] ignoredTypes() {
        return EventCatalog.payloadClasses().stream().filter(type -> type != CreditRejected.class).toArray(Class<?>[]::new);
    }

    @Override
    public String name() {
        return "payment-refunds";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.LEDGER_EVENTS);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent consumed : events) {
            EventEnvelope envelope = consumed.envelope();
            if (envelope.payload() instanceof CreditRejected rejected && envelope.subscriptionId() != null) {
                PaymentRefunds.onCreditRejected(envelope.subscriptionId(), rejected, envelope.occurredAt());
            }
        }
    }
}
