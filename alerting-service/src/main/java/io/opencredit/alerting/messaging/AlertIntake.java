package io.opencredit.alerting.messaging;

import io.opencredit.alerting.domain.Alert;
import io.opencredit.alerting.domain.AlertComposer;
import io.opencredit.alerting.domain.MailSafety;
import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.mail.DeliverySender;
import io.opencredit.alerting.mail.MailRenderer;
import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.alerting.persistence.SubscriptionErasure;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns a ledger alert into the intent to email: a notification and one delivery per recipient,
 * in the caller's (the consumer batch's) transaction. Nothing is sent here.
 */
@ApplicationScoped
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    /** An alert becomes an email exactly when AlertComposer writes one for its type. */
    public static final EventDispatch TYPES = AlertComposer.TYPES;

    private final Directory directory;
    private final DeliveryLog log;
    private final MailRenderer renderer;
    private final SuiteClock clock;
    private final SubscriptionErasure erasure;
    private final TransactionCallbacks callbacks;
    private final DeliverySender sender;
    /** The key under which a transaction notes that it wakes the sender already. */
    private final Object wakesSender = new Object();

    public AlertIntake(Directory directory, DeliveryLog log, MailRenderer renderer, SuiteClock clock,
                       SubscriptionErasure erasure, TransactionCallbacks callbacks, DeliverySender sender) {
        this.directory = directory;
        this.callbacks = callbacks;
        this.sender = sender;
        this.erasure = erasure;
        this.log = log;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** Records the email this event causes, or holds the event until its subscription is known. */
    public void accept(EventEnvelope event) {
        if (!TYPES.handles(event.payload())) {
            return;
        }
        if (erasure.erased(event.subscriptionId())) { // S3: its data is deleted; its deprovisioning email was the last
            LOG.infof("%s %s: subscription %s is deprovisioned and erased; no email", event.type(), event.eventId(),
                    event.subscriptionId());
            return;
        }
        Optional<SubscriptionView> subscription = directory.find(event.subscriptionId());
        if (subscription.isEmpty()) {
            LOG.infof("%s %s: subscription %s not known yet; held until its SubscriptionCreated arrives",
                    event.type(), event.eventId(), event.subscriptionId());
            log.hold(event.eventId(), event.subscriptionId(), event.type(), EventCodec.encode(event), clock.now());
            return;
        }
        AlertComposer.compose(event, subscription.get()).ifPresent(alert -> record(event, alert));
        if (event.payload() instanceof SubscriptionDeprovisioned gone) {
            // S3: after its email is recorded with the addresses, which its deliveries keep until they finish
            erasure.erase(event.subscriptionId(), gone.deprovisionedAt());
        }
    }

    private void record(EventEnvelope event, Alert alert) {
        MailRenderer.Bodies bodies = renderer.render(alert);
        int added = log.record(event.eventId(), event.subscriptionId(), alert.type(), alert.language(), alert.subject(),
                bodies.text(), bodies.html(), event.occurredAt(), clock.now(), alert.recipients(), alert.refused());
        for (String refused : alert.refused()) {
            LOG.warnf("%s %s: refused recipient '%s' (malformed or unsafe address)", event.type(), event.eventId(),
                    MailSafety.visible(refused));
        }
        LOG.debugf("%s %s: %d deliveries recorded", event.type(), event.eventId(), added);
        if (added > 0) {
            wakeSenderOnCommit();
        }
    }

    /** Issue 20: new deliveries are mailed as soon as they are committed, not at the sender's next poll. */
    private void wakeSenderOnCommit() {
        if (!callbacks.inTransaction()) {
            sender.wake();
        } else if (callbacks.firstInTransaction(wakesSender)) {
            callbacks.afterCommit(sender::wake);
        }
    }

    /** Records the emails of the alerts held for a subscription that is now known. */
    public void releaseHeld(UUID subscriptionId) {
        if (directory.find(subscriptionId).isEmpty()) {
            return;
        }
        for (byte[] held : log.release(subscriptionId)) {
            accept(EventCodec.decode(held));
        }
    }
}
