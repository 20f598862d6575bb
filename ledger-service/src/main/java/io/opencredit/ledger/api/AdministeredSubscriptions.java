package io.opencredit.ledger.api;

import io.opencredit.ledger.persistence.LedgerReads;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.consistency.ViewCatchUp;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * The subscription a customer or reseller request names, if the caller administers it (SPEC S6): unknown, foreign
 * and malformed ids are 404 alike (§5), and only once the view caught up (R1).
 */
@RequestScoped
public class AdministeredSubscriptions {

    private final LedgerReads reads;
    private final Caller caller;
    private final ViewCatchUp catchUp;

    public AdministeredSubscriptions(LedgerReads reads, Caller caller, ViewCatchUp catchUp) {
        this.reads = reads;
        this.caller = caller;
        this.catchUp = catchUp;
    }

    UUID authorised(String subscriptionId) {
        UUID id;
        try {
            id = UUID.fromString(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + subscriptionId);
        }
        // SPEC R1: a subscription activated (or a co-administrator added) a moment ago is not refused as unknown
        catchUp.awaitVisible(id, () -> caller.administers(reads.admins(id), id));
        caller.requireAdministers(reads.admins(id), id);
        return id;
    }
}
