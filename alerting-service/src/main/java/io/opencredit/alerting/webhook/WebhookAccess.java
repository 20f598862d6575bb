package io.opencredit.alerting.webhook;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.events.EmailAddress;
import io.opencredit.events.Pseudonyms;

/**
 * Which subscriptions' events an endpoint's owner may receive, decided without a request (at intake and at delivery)
 * by the rule {@code Caller.administers} applies to a request: operators any; customers and resellers the ones whose
 * account admin or co-administrators they are, recognised after a deprovisioning by their address's pseudonym (S3).
 */
final class WebhookAccess {

    private WebhookAccess() {
    }

    static boolean mayReceive(String ownerRole, String ownerEmail, SubscriptionView subscription) {
        if ("operator".equals(ownerRole)) {
            return true;
        }
        String pseudonym = Pseudonyms.email(subscription.subscriptionId(), ownerEmail);
        return subscription.administrators().stream().anyMatch(admin -> admin.equals(pseudonym)
                || EmailAddress.normalise(admin).filter(ownerEmail::equals).isPresent());
    }
}
