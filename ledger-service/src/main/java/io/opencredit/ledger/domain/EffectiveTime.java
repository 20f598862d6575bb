package io.opencredit.ledger.domain;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.events.UsageVoided;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * F2: when each ledger entry takes effect ({@code effectiveAt}), as opposed to when the ledger applied it
 * ({@code recordedAt}, the commit's time). A usage takes effect at its usage time, a credit at its activation time, a
 * due fact at its due time (the ledger already dates those facts so); every other fact when the ledger decided it.
 *
 * <p>The consequences of a usage (its debits, its overage, the alerts it tripped) take effect with it, but never before
 * the token they touch was activated: a usage recorded late keeps the FIFO debits it was given, and a token cannot pay
 * before it exists. And nothing takes effect after the ledger decided it. So every fact's effective time is at or
 * after that of every fact it acts on, and any selection "recorded by P, effective by T" folds with
 * {@link SubscriptionLedger#apply} into a consistent state (no debit of an unknown token, no overage settled before
 * it was owed: a settlement takes effect when the ledger made it).
 */
public final class EffectiveTime {

    /** The facts a usage decides that take effect with it (the rest of its decision takes effect when decided). */
    static final EventDispatch WITH_USAGE = EventDispatch.named("EffectiveTime.withUsage")
            .handles(CreditConsumed.class, TokenBalanceLow.class, OverageRecorded.class, UsageBilledToCard.class,
                    SubscriptionCreditLow.class)
            .ignoring(UsageRecorded.class, CreditAdded.class, // their own time (see #standalone)
                    SubscriptionCreated.class, CoAdministratorAdded.class, SubscriptionLinkedToEnterpriseAgreement.class,
                    OverageSettled.class, SubscriptionSuspended.class, SubscriptionReactivated.class, // when the ledger saw it
                    TokenExpiring.class, TokenExpired.class, SubscriptionDeprovisioned.class, // dated at their due time
                    CreditForfeited.class, CreditRejected.class, CreditAdjusted.class, UsageVoided.class,
                    CreditDepletionForecast.class, TokenWillExpireUnused.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    ForecastSettingsSet.class, DepletionForecastRearmed.class,
                    BalanceChanged.class, KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class);

    private EffectiveTime() {
    }

    /**
     * A fact's effective time from the fact alone: the usage time of a usage, the activation time of a credit, the
     * fact's own time otherwise; never after the fact's time. What facts stored before F2 (without one) are read with.
     */
    public static Instant standalone(LedgerFact fact) {
        Record payload = fact.payload();
        Instant own = null;
        if (payload instanceof UsageRecorded usage) {
            own = usage.usageTime();
        } else if (payload instanceof CreditAdded credit) {
            own = credit.activatedAt();
        }
        return own == null ? fact.at() : earliest(micros(own), fact.at());
    }

    /**
     * The effective time of each of these facts, decided together in this order (one or more decisions of one
     * subscription), with {@code activation} telling when a token was activated (the state after them knows every
     * token they touch).
     */
    public static List<Instant> of(List<LedgerFact> facts, Function<UUID, Instant> activation) {
        List<Instant> times = new ArrayList<>(facts.size());
        Instant usageTime = null; // while the facts of a usage's decision go by
        for (LedgerFact fact : facts) {
            Record payload = fact.payload();
            if (payload instanceof UsageRecorded) {
                usageTime = standalone(fact);
                times.add(usageTime);
            } else if (usageTime != null && WITH_USAGE.handles(payload)) {
                UUID token = tokenOf(payload);
                Instant activated = token == null ? null : activation.apply(token);
                Instant at = activated == null ? usageTime : latest(usageTime, micros(activated));
                times.add(earliest(at, fact.at()));
            } else {
                usageTime = null;
                times.add(standalone(fact));
            }
        }
        return times;
    }

    private static UUID tokenOf(Record payload) {
        if (payload instanceof CreditConsumed consumed) {
            return consumed.tokenId();
        }
        if (payload instanceof TokenBalanceLow low) {
            return low.tokenId();
        }
        return null;
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
