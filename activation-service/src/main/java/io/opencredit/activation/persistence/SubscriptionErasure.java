package io.opencredit.activation.persistence;

import io.opencredit.events.Pseudonyms;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * S3: a deprovisioned subscription's personal data is deleted. What this service holds of it becomes
 * {@link Pseudonyms}: the name, the account administrator, whoever created or linked it, the co-administrators and
 * who added them, and who activated keys into it. Ids, amounts, dates and statuses stay (they are not about a
 * person), and so do the rows: the administrators still see the subscription as deprovisioned, recognised by their
 * address's pseudonym. Runs in the consumer batch's transaction; running it again changes nothing.
 */
public final class SubscriptionErasure {

    private SubscriptionErasure() {
    }

    public static void erase(UUID subscriptionId) {
        Subscription.lock(subscriptionId).ifPresent(subscription -> {
            subscription.name = Pseudonyms.NAME;
            subscription.accountEmail = pseudonym(subscriptionId, subscription.accountEmail);
            subscription.createdBy = pseudonym(subscriptionId, subscription.createdBy);
            subscription.linkedBy = pseudonym(subscriptionId, subscription.linkedBy);
            Set<CoAdministrator> erased = new LinkedHashSet<>();
            for (CoAdministrator co : subscription.coAdministrators) {
                erased.add(new CoAdministrator(pseudonym(subscriptionId, co.email()), co.addedAt(),
                        pseudonym(subscriptionId, co.addedBy())));
            }
            if (!erased.equals(subscription.coAdministrators)) {
                subscription.coAdministrators.clear();
                subscription.coAdministrators.addAll(erased);
            }
        });
        for (KeyActivation activation : KeyActivation.<KeyActivation>list("subscriptionId", subscriptionId)) {
            activation.activatedBy = pseudonym(subscriptionId, activation.activatedBy);
        }
        for (KeyReturn returned : KeyReturn.<KeyReturn>list("subscriptionId", subscriptionId)) {
            returned.activatedBy = pseudonym(subscriptionId, returned.activatedBy);
        }
    }

    private static String pseudonym(UUID subscriptionId, String address) {
        return address == null ? null : Pseudonyms.email(subscriptionId, address);
    }
}
