package io.opencredit.billing.api;

import java.util.concurrent.Semaphore;

/** Test access to {@link UsageAdmission}'s permits from other packages' tests. */
public final class UsageAdmissionAccess {

    private UsageAdmissionAccess() {
    }

    public static Semaphore permits(UsageAdmission admission) {
        return admission.permits();
    }

    public static int limit(UsageAdmission admission) {
        return admission.limit();
    }
}
