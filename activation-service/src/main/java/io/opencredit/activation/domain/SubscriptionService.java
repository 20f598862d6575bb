package io.opencredit.activation.domain;

import io.opencredit.activation.persistence.ActivationStore;
import io.opencredit.activation.persistence.Rows.LedgerViewRow;
import io.opencredit.activation.persistence.Rows.SubscriptionRow;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.Topics;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions as their administrators see them (SPEC S6), co-administrators and the EA link (S4, K8). */
@ApplicationScoped
@Transactional
public class SubscriptionService {

    /** A subscription with the ledger's last reported balance, if any. */
    public record SubscriptionState(SubscriptionRow subscription, Optional<LedgerViewRow> ledger) {
        public boolean deprovisioned() {
            return ledger.map(LedgerViewRow::deprovisioned).orElse(false);
        }
    }

    /** The outcome of a co-administrator request: whether someone new was added. */
    public record CoAdministratorOutcome(SubscriptionState state, boolean added) {
    }

    /** The outcome of a link: whether it happened now (or was already so), and the credit forfeited. */
    public record LinkOutcome(SubscriptionState state, Money creditForfeited, boolean linkedNow) {
    }

    private final ActivationStore store;
    private final Outbox outbox;
    private final SuiteClock clock;
    private final Caller caller;

    public SubscriptionService(ActivationStore store, Outbox outbox, SuiteClock clock, Caller caller) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.caller = caller;
    }

    /** The subscription, for its administrators only; 404 for unknown and foreign alike. */
    public SubscriptionState get(UUID id) {
        SubscriptionRow subscription = store.findSubscription(id)
                .filter(s -> caller.administers(s.administrators()))
                .orElseThrow(() -> notFound(id));
        return new SubscriptionState(subscription, store.ledgerView(id));
    }

    /** S6: an administrator adds a co-administrator (a reseller, a colleague). */
    public CoAdministratorOutcome addCoAdministrator(UUID id, String email) {
        SubscriptionRow subscription = lockAdministered(id);
        if (subscription.administrators().contains(email)) {
            return new CoAdministratorOutcome(new SubscriptionState(subscription, store.ledgerView(id)), false);
        }
        if (store.ledgerView(id).map(LedgerViewRow::deprovisioned).orElse(false)) {
            throw ProblemException.conflict("subscription-deprovisioned", "the subscription is deprovisioned");
        }
        String me = caller.email();
        Instant now = clock.now();
        store.insertCoAdministrator(id, email, now, me);
        outbox.append(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id, new CoAdministratorAdded(email, me),
                Producers.ACTIVATION, null, now));
        return new CoAdministratorOutcome(new SubscriptionState(store.findSubscription(id).orElseThrow(), store.ledgerView(id)), true);
    }

    /**
     * S4: linking to an Enterprise Agreement forfeits all unused credit. Without the acknowledgement
     * the answer is 409 with the amount that would be lost, from the ledger's last {@code BalanceChanged}.
     */
    public LinkOutcome linkToEnterpriseAgreement(UUID id, String enrollmentNumber, boolean acknowledged) {
        SubscriptionRow subscription = lockAdministered(id);
        Optional<LedgerViewRow> ledger = store.ledgerView(id);
        if (subscription.linked()) {
            if (subscription.enrollmentNumber().equals(enrollmentNumber)) {
                return new LinkOutcome(new SubscriptionState(subscription, ledger), Money.zero(subscription.currency()), false);
            }
            throw ProblemException.conflict("S4-already-linked", "the subscription is already linked to enrollment "
                    + subscription.enrollmentNumber());
        }
        if (ledger.map(LedgerViewRow::deprovisioned).orElse(false)) {
            throw ProblemException.conflict("subscription-deprovisioned", "the subscription is deprovisioned");
        }
        Money forfeited = ledger.filter(v -> v.remaining() != null)
                .map(v -> Money.of(v.remaining(), v.currency() != null ? v.currency() : subscription.currency()))
                .orElse(Money.zero(subscription.currency()));
        if (!acknowledged) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("amountForfeited", forfeited.amountText());
            extensions.put("currency", forfeited.currency());
            ledger.map(LedgerViewRow::asOf).ifPresent(asOf -> extensions.put("balanceAsOf", asOf.toString()));
            extensions.put("rule", "S4");
            throw ProblemException.conflict("S4-credit-forfeit-not-acknowledged",
                    "linking the subscription to an Enterprise Agreement forfeits all its unused credit: "
                            + forfeited + " would be lost. Repeat the request with \"acknowledgeCreditForfeit\": true to link.",
                    extensions);
        }
        String me = caller.email();
        Instant now = clock.now();
        store.linkToEnterpriseAgreement(id, enrollmentNumber, now, me);
        outbox.append(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new SubscriptionLinkedToEnterpriseAgreement(enrollmentNumber, now, me), Producers.ACTIVATION, null, now));
        return new LinkOutcome(new SubscriptionState(store.findSubscription(id).orElseThrow(), ledger), forfeited, true);
    }

    private SubscriptionRow lockAdministered(UUID id) {
        return store.lockSubscription(id)
                .filter(s -> caller.administers(s.administrators()))
                .orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("no subscription " + id);
    }
}
