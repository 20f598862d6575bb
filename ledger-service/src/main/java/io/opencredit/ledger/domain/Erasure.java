package io.opencredit.ledger.domain;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.Pseudonyms;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import java.util.List;
import java.util.UUID;

/**
 * S3: the ledger's facts of a deprovisioned subscription without its personal data. The facts that carry a name or
 * addresses are rewritten with {@link Pseudonyms}; every other field (ids, amounts, times) stays, and so does every
 * other fact. No balance, token or due time depends on a name or an address, so the rewritten stream folds to the
 * same state ({@code ProjectionVerifier} checks it, and {@link SubscriptionLedger} pseudonymises its own state the
 * same way when it applies the deprovisioning). Erasing an erased fact changes nothing.
 */
public final class Erasure {

    private Erasure() {
    }

    /** The payload without personal data: the same record when it carries none. */
    public static Record erase(UUID subscriptionId, Record payload) {
        if (payload instanceof SubscriptionCreated c) {
            return new SubscriptionCreated(Pseudonyms.NAME, c.country(), c.cloud(), c.currency(),
                    Pseudonyms.email(subscriptionId, c.accountEmail()), c.accountCreatedOn(), c.language(),
                    Pseudonyms.email(subscriptionId, c.createdBy()), c.createdAt());
        } else if (payload instanceof CoAdministratorAdded a) {
            return new CoAdministratorAdded(Pseudonyms.email(subscriptionId, a.email()), Pseudonyms.email(subscriptionId, a.addedBy()));
        } else if (payload instanceof SubscriptionLinkedToEnterpriseAgreement l) {
            return new SubscriptionLinkedToEnterpriseAgreement(l.enrollmentNumber(), l.linkedAt(),
                    Pseudonyms.email(subscriptionId, l.linkedBy()));
        } else if (payload instanceof SubscriptionCreditLow low) {
            return new SubscriptionCreditLow(low.alertNumber(), low.threshold(), low.remaining(), emails(subscriptionId, low.recipients()));
        } else if (payload instanceof AlertRuleSet rule) {
            return new AlertRuleSet(rule.alertNumber(), rule.threshold(), emails(subscriptionId, rule.recipients()));
        }
        return payload;
    }

    static List<String> emails(UUID subscriptionId, List<String> addresses) {
        return addresses.stream().map(address -> Pseudonyms.email(subscriptionId, address)).toList();
    }
}
