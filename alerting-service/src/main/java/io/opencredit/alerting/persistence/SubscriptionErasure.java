package io.opencredit.alerting.persistence;

import io.opencredit.alerting.domain.DeliveryStatus;
import io.opencredit.events.Pseudonyms;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3: a deprovisioned subscription's personal data is deleted. Alerting keeps, in its place, {@link Pseudonyms}: the
 * subscription's name and addresses in the directory, the co-administrators, the recipients of its deliveries, and
 * "(erased)" for the subject and bodies of its emails; held alerts are dropped. The delivery log keeps its ids,
 * statuses, attempts and times.
 *
 * <p>The deprovisioning email must still reach the customer: it is recorded (rendered, with a delivery per
 * recipient) before the erasure, in the same transaction, and its unfinished deliveries keep their address and
 * content until the sender is done with them ({@link #sweep}, run again by {@code ErasureSweeper} until nothing is
 * left). Every method runs in the caller's transaction, under the subscription's lock ({@code Directory.lock}).
 */
@ApplicationScoped
public class SubscriptionErasure {

    /** The deliveries the sender may still work on: their address and content are needed until they finish. */
    private static final List<DeliveryStatus> UNFINISHED = List.of(DeliveryStatus.PENDING, DeliveryStatus.SENDING);

    private final SuiteClock clock;

    public SubscriptionErasure(SuiteClock clock) {
        this.clock = clock;
    }

    /** Erases what alerting holds of a subscription the ledger deprovisioned; running it again changes nothing. */
    public void erase(UUID subscriptionId, Instant deprovisionedAt) {
        AlertSubscription subscription = AlertSubscription.findById(subscriptionId);
        if (subscription != null) {
            if (subscription.deprovisionedAt == null) {
                subscription.deprovisionedAt = deprovisionedAt;
            }
            subscription.name = Pseudonyms.NAME;
            subscription.accountEmail = Pseudonyms.email(subscriptionId, subscription.accountEmail);
        }
        for (CoAdministrator co : CoAdministrator.<CoAdministrator>list("subscriptionId", subscriptionId)) {
            String pseudonym = Pseudonyms.email(subscriptionId, co.email);
            if (!pseudonym.equals(co.email)) {
                if (CoAdministrator.findById(new CoAdministrator.Key(subscriptionId, pseudonym)) == null) {
                    CoAdministrator erased = new CoAdministrator();
                    erased.subscriptionId = subscriptionId;
                    erased.email = pseudonym;
                    erased.addedAt = co.addedAt;
                    erased.persist();
                }
                co.delete();
            }
        }
        HeldAlert.delete("subscriptionId", subscriptionId);
        sweep(subscriptionId);
    }

    /**
     * Erases the finished deliveries' recipients and the content of emails no delivery needs any more; once nothing is
     * left, marks the subscription's erasure done. Returns whether it is.
     */
    public boolean sweep(UUID subscriptionId) {
        List<Delivery> deliveries = Delivery.list("subscriptionId", subscriptionId);
        boolean unfinished = false;
        for (Delivery delivery : deliveries) {
            if (UNFINISHED.contains(delivery.status)) {
                unfinished = true;
            } else if (!Pseudonyms.isPseudonym(delivery.recipient)) {
                String pseudonym = Pseudonyms.email(subscriptionId, delivery.recipient);
                if (delivery.lastError != null) { // an SMTP server's answer may quote the address
                    delivery.lastError = Pattern.compile(Pattern.quote(delivery.recipient.strip()), Pattern.CASE_INSENSITIVE)
                            .matcher(delivery.lastError).replaceAll(Matcher.quoteReplacement(pseudonym));
                }
                delivery.recipient = pseudonym;
            }
        }
        List<UUID> stillNeeded = deliveries.stream().filter(d -> UNFINISHED.contains(d.status)).map(d -> d.notification.eventId).toList();
        for (Notification notification : Notification.<Notification>list("subscriptionId", subscriptionId)) {
            if (!stillNeeded.contains(notification.eventId)) {
                notification.subject = Pseudonyms.NAME;
                notification.bodyText = Pseudonyms.NAME;
                notification.bodyHtml = Pseudonyms.NAME;
            }
        }
        AlertSubscription subscription = AlertSubscription.findById(subscriptionId);
        if (!unfinished && subscription != null && subscription.deprovisionedAt != null && subscription.erasureDoneAt == null) {
            subscription.erasureDoneAt = clock.now();
        }
        return !unfinished;
    }

    /** Deprovisioned subscriptions whose erasure still waits for deliveries to finish. */
    public List<UUID> pending(int limit) {
        return AlertSubscription.find("deprovisionedAt is not null and erasureDoneAt is null order by deprovisionedAt")
                .page(0, limit).<AlertSubscription>list().stream().map(s -> s.subscriptionId).toList();
    }

    /** Whether the subscription was deprovisioned and erased: nothing new is recorded for it. */
    public boolean erased(UUID subscriptionId) {
        AlertSubscription subscription = AlertSubscription.findById(subscriptionId);
        return subscription != null && subscription.deprovisionedAt != null;
    }
}
