package io.opencredit.activation.domain;

import io.opencredit.activation.persistence.LedgerView;
import io.opencredit.activation.persistence.Subscription;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions as their administrators see them (SPEC S6), co-administrators and the EA link (S4, K8). */
@ApplicationScoped
@Transactional
public class SubscriptionService {

    /** A subscription with the ledger's last reported balance, if any. */
    public record SubscriptionState(Subscription subscription, Optional<LedgerView> ledger) {

        static SubscriptionState of(Subscription subscription) {
            return new SubscriptionState(subscription, LedgerView.ofSubscription(subscription.id));
        }

        public boolean deprovisioned() {
            return ledger.map(LedgerView::deprovisioned).orElse(false);
        }
    }

    /** The outcome of a co-administrator request: whether someone new was added. */
    public record CoAdministratorOutcome(SubscriptionState state, boolean added) {
    }

    /** The outcome of a link: whether it happened now (or was already so), and the credit forfeited. */
    public record LinkOutcome(SubscriptionState state, Money creditForfeited, boolean linkedNow) {
    }

    private final Outbox outbox;
    private final SuiteClock clock;
    private final Caller caller;

    public SubscriptionService(Outbox outbox, SuiteClock clock, Caller caller) {
        this.outbox = outbox;
        this.clock = clock;
        this.caller = caller;
    }

    /** The subscription, for its administrators only; 404 for unknown and foreign alike. */
    public SubscriptionState get(UUID id) {
        Subscription subscription = Subscription.byId(id).orElseThrow(() -> notFound(id));
        caller.requireAdministers(subscription.administrators(), id);
        return SubscriptionState.of(subscription);
    }

    /** S6: an administrator adds a co-administrator (a reseller, a colleague). */
    public CoAdministratorOutcome addCoAdministrator(UUID id, String email) {
        SubscriptionState state = SubscriptionState.of(lockAdministered(id));
        if (state.subscription().administrators().contains(email)) {
            return new CoAdministratorOutcome(state, false);
        }
        if (state.deprovisioned()) {
            throw ProblemException.conflict("subscription-deprovisioned", "the subscription is deprovisioned");
        }
        String me = caller.email();
        Instant now = clock.now();
        state.subscription().addCoAdministrator(email, now, me);
        outbox.append(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id, new CoAdministratorAdded(email, me),
                Producers.ACTIVATION, null, now));
        return new CoAdministratorOutcome(state, true);
    }

    /**
     * S4: linking to an Enterprise Agreement forfeits all unused credit. Without the acknowledgement
     * the answer is 409 with the amount that would be lost, from the ledger's last {@code BalanceChanged}.
     */
    public LinkOutcome linkToEnterpriseAgreement(UUID id, String enrollmentNumber, boolean acknowledged) {
        SubscriptionState state = SubscriptionState.of(lockAdministered(id));
        Subscription subscription = state.subscription();
        Optional<LedgerView> ledger = state.ledger();
        if (subscription.linked()) {
            if (subscription.enrollmentNumber.equals(enrollmentNumber)) {
                return new LinkOutcome(state, Money.zero(subscription.currency), false);
            }
            throw ProblemException.conflict("S4-already-linked", "the subscription is already linked to enrollment "
                    + subscription.enrollmentNumber);
        }
        if (state.deprovisioned()) {
            throw ProblemException.conflict("subscription-deprovisioned", "the subscription is deprovisioned");
        }
        Money forfeited = ledger.filter(v -> v.remaining != null)
                .map(v -> Money.of(v.remaining, v.currency != null ? v.currency : subscription.currency))
                .orElse(Money.zero(subscription.currency));
        if (!acknowledged) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("amountForfeited", forfeited.amountText());
            extensions.put("currency", forfeited.currency());
            ledger.map(v -> v.asOf).ifPresent(asOf -> extensions.put("balanceAsOf", asOf.toString()));
            extensions.put("rule", "S4");
            throw ProblemException.conflict("S4-credit-forfeit-not-acknowledged",
                    "linking the subscription to an Enterprise Agreement forfeits all its unused credit: "
                            + forfeited + " would be lost. Repeat the request with \"acknowledgeCreditForfeit\": true to link.",
                    extensions);
        }
        String me = caller.email();
        Instant now = clock.now();
        subscription.linkTo(enrollmentNumber, now, me);
        outbox.append(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new SubscriptionLinkedToEnterpriseAgreement(enrollmentNumber, now, me), Producers.ACTIVATION, null, now));
        return new LinkOutcome(state, forfeited, true);
    }

    /** F3: what a link would emit and forfeit, decided by the same rules as {@link #linkToEnterpriseAgreement}. */
    public record LinkPreview(SubscriptionState state, List<SubscriptionLinkedToEnterpriseAgreement> events, Money creditForfeited,
                              Instant at) {
    }

    /**
     * F3: a dry run of the EA link: the same checks (administered, not deprovisioned, not linked to another
     * enrollment), the event it would publish and the credit it would forfeit; no acknowledgement needed, since
     * showing the forfeit is its purpose. Nothing is written: no row changes and no outbox row.
     */
    public LinkPreview previewLink(UUID id, String enrollmentNumber) {
        SubscriptionState state = SubscriptionState.of(lockAdministered(id));
        Subscription subscription = state.subscription();
        Instant now = clock.now();
        if (subscription.linked()) {
            if (subscription.enrollmentNumber.equals(enrollmentNumber)) {
                return new LinkPreview(state, List.of(), Money.zero(subscription.currency), now);
            }
            throw ProblemException.conflict("S4-already-linked", "the subscription is already linked to enrollment "
                    + subscription.enrollmentNumber);
        }
        if (state.deprovisioned()) {
            throw ProblemException.conflict("subscription-deprovisioned", "the subscription is deprovisioned");
        }
        Money forfeited = state.ledger().filter(v -> v.remaining != null)
                .map(v -> Money.of(v.remaining, v.currency != null ? v.currency : subscription.currency))
                .orElse(Money.zero(subscription.currency));
        return new LinkPreview(state, List.of(new SubscriptionLinkedToEnterpriseAgreement(enrollmentNumber, now, caller.email())),
                forfeited, now);
    }

    /** The subscription, its row locked (writers of one subscription serialise), for its administrators only. */
    private Subscription lockAdministered(UUID id) {
        Subscription subscription = Subscription.lock(id).orElseThrow(() -> notFound(id));
        caller.requireAdministers(subscription.administrators(), id);
        return subscription;
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("no subscription " + id);
    }
}
