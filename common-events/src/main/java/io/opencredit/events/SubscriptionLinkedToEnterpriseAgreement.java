package io.opencredit.events;

import java.time.Instant;

/** The subscription moved to an Enterprise Agreement; its unused credit is forfeited (SPEC S4). */
public record SubscriptionLinkedToEnterpriseAgreement(
        String enrollmentNumber,
        Instant linkedAt,
        String linkedBy) implements EventPayload {

    public SubscriptionLinkedToEnterpriseAgreement {
        Require.text(enrollmentNumber, "enrollmentNumber");
        Require.present(linkedAt, "linkedAt");
        Require.text(linkedBy, "linkedBy");
    }
}
