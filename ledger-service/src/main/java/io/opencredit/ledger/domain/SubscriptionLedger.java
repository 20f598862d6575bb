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
import io.opencredit.events.CreditSource;
import io.opencredit.events.EmailAddress;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.EventPayload;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.Money;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.Pseudonyms;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageRejected;
import io.opencredit.events.UsageVoided;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The ledger of one subscription: the aggregate of the event-sourced FIFO credit ledger. No
 * framework, no clock, no I/O.
 *
 * <p>Callers fold through {@link LedgerFold}, the one entry point, which never changes the state it is given.
 * Inside, {@link #handle} decides what an input means at {@code now} and returns the facts it decided;
 * every fact is applied to the state only through {@link #apply} (the evolve function), so folding
 * the stored facts with {@link #apply} ({@link LedgerFold#replay}) gives exactly the live state.
 * Before and after each input the ledger moves its own time to {@code now} ({@link #advanceTo}),
 * firing every due time-driven fact (A2, T8, S3) in due-time order.
 *
 * <p>Each dispatch over payload types declares what it handles and what it ignores ({@link #DECIDE},
 * {@link #APPLY}, {@link #KEEPS_DUE_TIMES}; see {@link EventDispatch}).
 */
public final class SubscriptionLedger {

    /** A1: a token is low at or below this share of its original amount. */
    public static final int LOW_BALANCE_PERCENT = 30;
    private static final BigDecimal LOW_BALANCE_SHARE = new BigDecimal("0.30");
    /** A2: how long before expiry {@code TokenExpiring} fires. */
    public static final Duration EXPIRING_NOTICE = Duration.ofDays(30);
    /** S2/S3: how long a suspended subscription keeps its data. */
    public static final Duration RETENTION_AFTER_SUSPENSION = Duration.ofDays(90);
    public static final int MAX_ALERTS = 5;
    public static final int MAX_RECIPIENTS = 2;
    /** F4: how long the credit of a positive adjustment lasts, like any token (T1). */
    public static final int ADJUSTMENT_VALIDITY_MONTHS = 12;
    /** F1: CreditDepletionForecast fires when the credit is forecast to run out within this many days, unless set. */
    public static final int DEFAULT_WARNING_DAYS = 14;
    /** F1: the burn rate is the eligible usage per day over this many days, unless set. */
    public static final int DEFAULT_BURN_WINDOW_DAYS = 7;
    /** F1: the longest burn window a subscription may set, and how many days of usage the state keeps. */
    public static final int MAX_BURN_WINDOW_DAYS = 31;
    public static final int MAX_WARNING_DAYS = 365;

    /** The inputs {@link #decide} folds: the consumed events and the alert commands; anything else is ignored with a reason. */
    static final EventDispatch DECIDE = EventDispatch.named("SubscriptionLedger.decide")
            .handles(SubscriptionCreated.class, CoAdministratorAdded.class, CreditAdded.class, UsageRecorded.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, AlertRuleSet.class, AlertRuleRemoved.class, ForecastSettingsSet.class)
            .ignoring(KeyActivated.class, // the credit it grants arrives as CreditAdded
                    CreditDepletionForecast.class, TokenWillExpireUnused.class, DepletionForecastRearmed.class, // F1 decisions
                    CreditConsumed.class, UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class, BalanceChanged.class,
                    TokenBalanceLow.class, TokenExpiring.class, TokenExpired.class, SubscriptionCreditLow.class,
                    SubscriptionSuspended.class, SubscriptionReactivated.class, SubscriptionDeprovisioned.class,
                    CreditForfeited.class, CreditRejected.class, CreditAdjusted.class, UsageVoided.class, // the ledger's own decisions
                    // (corrections arrive as commands, see #correct), never its inputs
                    UsageRejected.class, NotificationSent.class, ClockAdvanced.class);

    /** The facts {@link #apply} changes the state by; the ignored ones are recorded but change nothing. */
    static final EventDispatch APPLY = EventDispatch.named("SubscriptionLedger.apply")
            .handles(SubscriptionCreated.class, CoAdministratorAdded.class, CreditAdded.class, UsageRecorded.class,
                    CreditConsumed.class, OverageRecorded.class, OverageSettled.class, TokenBalanceLow.class,
                    TokenExpiring.class, TokenExpired.class, CreditForfeited.class, CreditRejected.class, SubscriptionSuspended.class,
                    SubscriptionReactivated.class, SubscriptionDeprovisioned.class,
                    SubscriptionLinkedToEnterpriseAgreement.class, SubscriptionCreditLow.class, AlertRuleSet.class,
                    AlertRuleRemoved.class, CreditAdjusted.class, UsageVoided.class, CreditDepletionForecast.class,
                    DepletionForecastRearmed.class, ForecastSettingsSet.class)
            .ignoring(UsageBilledToCard.class, // paid by card
                    TokenWillExpireUnused.class, // a notice: once per token already, with TokenExpiring: no credit moves
                    BalanceChanged.class, // a notice of the state, not a change
                    KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class); // never ledger facts

    /**
     * Facts after which the due times stay the same ({@link #findNextDue} reads tokens holding credit, their expiry
     * and whether they were warned, the status and the deprovisioning time): the recorded usage, a debit that leaves
     * its token with credit (checked where it is applied), overage, alerts, administrators and the balance
     * notice that closes every change. After any other fact the next due time is found again. Without this, every
     * usage event found it again: a tenth of the fold's allocations.
     */
    static final EventDispatch KEEPS_DUE_TIMES = EventDispatch.named("SubscriptionLedger.keepsDueTimes")
            .handles(UsageRecorded.class, CreditConsumed.class, OverageRecorded.class, UsageBilledToCard.class,
                    TokenBalanceLow.class, SubscriptionCreditLow.class, AlertRuleSet.class, AlertRuleRemoved.class,
                    CoAdministratorAdded.class, BalanceChanged.class, CreditRejected.class, CreditDepletionForecast.class,
                    TokenWillExpireUnused.class, DepletionForecastRearmed.class, ForecastSettingsSet.class)
            .ignoring(SubscriptionCreated.class, CreditAdded.class, SubscriptionLinkedToEnterpriseAgreement.class,
                    OverageSettled.class, TokenExpiring.class, TokenExpired.class, SubscriptionSuspended.class,
                    SubscriptionReactivated.class, SubscriptionDeprovisioned.class, CreditForfeited.class,
                    CreditAdjusted.class, UsageVoided.class, // a token gains or loses credit
                    KeyActivated.class, UsageRejected.class, NotificationSent.class, ClockAdvanced.class); // found again (the safe answer)

    /**
     * What {@link #handle} decided; {@code ignored} says why an input changed nothing, if so;
     * {@code rejection} is set when a command broke a rule (the facts are then only the time-driven
     * ones that fell due first, which are applied and must be kept or the state discarded).
     */
    public record Decision(List<LedgerFact> facts, String ignored, LedgerRejection rejection) {
        public Decision {
            facts = List.copyOf(facts);
        }

        public Decision(List<LedgerFact> facts, String ignored) {
            this(facts, ignored, null);
        }

        public boolean changed() {
            return !facts.isEmpty();
        }
    }

    private final UUID subscriptionId;
    private long version;
    private String currency;
    private boolean created;
    private SubscriptionStatus status = SubscriptionStatus.ACTIVE;
    private final TreeSet<String> admins = new TreeSet<>();
    private final LinkedHashMap<UUID, TokenState> tokens = new LinkedHashMap<>();
    /** R4: the token ids of the credits rejected, in the order they were, so a redelivered one is recognised. */
    private final LinkedHashSet<UUID> rejected = new LinkedHashSet<>();
    private BigDecimal remaining = Amounts.ZERO;
    private BigDecimal overage = Amounts.ZERO;
    private Instant suspendedAt;
    private Instant deprovisionAt;
    private final TreeMap<Integer, AlertRule> alerts = new TreeMap<>();
    private final Set<String> usageIds = new HashSet<>();
    /** F4: the keys of the corrections applied ({@link Correction#key}); few, operators make them by hand. */
    private final LinkedHashSet<String> corrections = new LinkedHashSet<>();
    /** F1: eligible usage per UTC epoch day, the last {@link #MAX_BURN_WINDOW_DAYS} days only: O(days), not O(usage). */
    private final TreeMap<Long, BigDecimal> usageByDay = new TreeMap<>();
    private int warningDays = DEFAULT_WARNING_DAYS;
    private int burnWindowDays = DEFAULT_BURN_WINDOW_DAYS;
    private boolean depletionWarned;
    private Instant lastAt;

    public SubscriptionLedger(UUID subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    /** Rebuilds a ledger from a snapshot and the usage ids applied so far. */
    public static SubscriptionLedger restore(LedgerSnapshot snapshot, Set<String> appliedUsageIds) {
        SubscriptionLedger ledger = new SubscriptionLedger(snapshot.subscriptionId());
        ledger.version = snapshot.version();
        ledger.currency = snapshot.currency();
        ledger.created = snapshot.created();
        ledger.status = snapshot.status();
        ledger.admins.addAll(snapshot.admins());
        snapshot.tokens().forEach(t -> ledger.tokens.put(t.tokenId(), t));
        ledger.remaining = snapshot.remaining();
        ledger.overage = snapshot.overage();
        ledger.suspendedAt = snapshot.suspendedAt();
        ledger.deprovisionAt = snapshot.deprovisionAt();
        snapshot.alerts().forEach(a -> ledger.alerts.put(a.number(), a));
        ledger.usageIds.addAll(appliedUsageIds);
        ledger.lastAt = snapshot.lastAt();
        ledger.rejected.addAll(snapshot.rejectedTokens());
        ledger.corrections.addAll(snapshot.corrections());
        ledger.usageByDay.putAll(snapshot.usageByDay());
        ledger.warningDays = snapshot.warningDays();
        ledger.burnWindowDays = snapshot.burnWindowDays();
        ledger.depletionWarned = snapshot.depletionWarned();
        return ledger;
    }

    public SubscriptionLedger copy() {
        return restore(snapshot(), usageIds);
    }

    public LedgerSnapshot snapshot() {
        return new LedgerSnapshot(subscriptionId, version, currency, created, status, List.copyOf(admins),
                List.copyOf(tokens.values()), remaining, overage, suspendedAt, deprovisionAt,
                List.copyOf(alerts.values()), lastAt, List.copyOf(rejected), List.copyOf(corrections),
                usageByDay, warningDays, burnWindowDays, depletionWarned);
    }

    // ------------------------------------------------------------------ queries

    public UUID subscriptionId() {
        return subscriptionId;
    }

    public long version() {
        return version;
    }

    public String currency() {
        return currency;
    }

    /** Whether {@code SubscriptionCreated} was folded (who administers it is known). */
    public boolean created() {
        return created;
    }

    public SubscriptionStatus status() {
        return status;
    }

    public Set<String> admins() {
        return Collections.unmodifiableSet(admins);
    }

    public List<TokenState> tokens() {
        return List.copyOf(tokens.values());
    }

    /** When a token of this subscription was activated, or null for one it does not hold (F2, {@link EffectiveTime}). */
    public Instant activatedAt(UUID tokenId) {
        TokenState token = tokens.get(tokenId);
        return token == null ? null : token.activatedAt();
    }

    public BigDecimal remaining() {
        return remaining;
    }

    public BigDecimal overage() {
        return overage;
    }

    public Instant suspendedAt() {
        return suspendedAt;
    }

    public Instant deprovisionAt() {
        return deprovisionAt;
    }

    public Map<Integer, AlertRule> alerts() {
        return Collections.unmodifiableMap(alerts);
    }

    /** The usage ids this state knows were applied (T5): all of them after a replay, see {@link #knowApplied}. */
    public Set<String> usageIds() {
        return Collections.unmodifiableSet(usageIds);
    }

    /**
     * Tells the ledger that these usage ids were applied before (the event store says so). A busy
     * subscription applies millions of usage records, too many to keep their ids in memory: the
     * service keeps none between batches ({@link #forgetAppliedUsage}) and, before folding a batch,
     * asks the store which of the batch's usage ids it holds. The decision stays exact (T5); the
     * memory is bounded by the batch.
     */
    public void knowApplied(Collection<String> appliedUsageIds) {
        usageIds.addAll(appliedUsageIds);
    }

    /** Drops the usage ids kept in memory; the event store still holds them (see {@link #knowApplied}). */
    public void forgetAppliedUsage() {
        usageIds.clear();
    }

    public Instant lastAt() {
        return lastAt;
    }

    /** F1: where the credit goes at the burn rate of the subscription's window, as of {@code now}. */
    public Forecast forecast(Instant now) {
        return Forecast.of(tokens.values(), Forecast.burnPerDay(usageByDay, now, burnWindowDays), now);
    }

    public int warningDays() {
        return warningDays;
    }

    public int burnWindowDays() {
        return burnWindowDays;
    }

    /** Whether the correction with this key ({@link Correction#key}) was applied (F4: once per key). */
    public boolean corrected(String key) {
        return corrections.contains(key);
    }

    /** The earliest instant at which a time-driven fact falls due, or null when none will. */
    public Instant nextDueAt() {
        Due due = nextDue();
        return due == null ? null : due.at;
    }

    // ------------------------------------------------------------------ decide

    /**
     * Decides what {@code input} means at {@code now}: one of the consumed events
     * (SubscriptionCreated, CoAdministratorAdded, CreditAdded, UsageRecorded,
     * SubscriptionLinkedToEnterpriseAgreement) or an alert command ({@link AlertRuleSet},
     * {@link AlertRuleRemoved}). Applies the decided facts and returns them; a
     * {@code BalanceChanged} closes the list when anything changed. Events that do not apply are
     * ignored with a reason; commands that break a rule are returned as the decision's rejection.
     * Changes this state: callers go through {@link LedgerFold#fold}.
     */
    Decision handle(LedgerPayload input, Instant now) {
        List<LedgerFact> out = new ArrayList<>();
        Snapshot before = balance();
        tick(now, out);
        String ignored;
        try {
            ignored = decide(input, now, out);
        } catch (LedgerRejection rejection) {
            closeWithBalance(before, now, out);
            return new Decision(out, null, rejection);
        }
        tick(now, out);
        forecastCheck(now, out);
        closeWithBalance(before, now, out);
        return new Decision(out, ignored);
    }

    /** Moves the ledger's time to {@code now}: every due A2, T8 and S3 fact, in due-time order (see {@link LedgerFold#advanceTo}). */
    Decision advanceTo(Instant now) {
        List<LedgerFact> out = new ArrayList<>();
        Snapshot before = balance();
        tick(now, out);
        forecastCheck(now, out);
        closeWithBalance(before, now, out);
        return new Decision(out, null);
    }

    /**
     * Decides an operator's correction at {@code now} (F4), like {@link #handle} an input: due facts first, then the
     * correction's facts, then the balance notice. A correction already applied is ignored (the caller answers the
     * first result); one that breaks a rule is the decision's rejection.
     */
    Decision correct(Correction correction, Instant now) {
        List<LedgerFact> out = new ArrayList<>();
        Snapshot before = balance();
        tick(now, out);
        if (corrections.contains(correction.key())) {
            closeWithBalance(before, now, out);
            return new Decision(out, correction.key() + " already applied (F4)");
        }
        try {
            requireOpen("corrections");
            if (correction instanceof Correction.Adjust adjust) {
                onAdjust(adjust, at(now), out);
            } else if (correction instanceof Correction.VoidUsage voidUsage) {
                onVoid(voidUsage, at(now), out);
            }
        } catch (LedgerRejection rejection) {
            closeWithBalance(before, now, out);
            return new Decision(out, null, rejection);
        }
        tick(now, out);
        forecastCheck(now, out);
        closeWithBalance(before, now, out);
        return new Decision(out, null);
    }

    private String decide(LedgerPayload command, Instant now, List<LedgerFact> out) {
        Instant at = at(now);
        Record input = command.value();
        if (input instanceof SubscriptionCreated created) {
            return onCreated(created, at, out);
        } else if (input instanceof CoAdministratorAdded added) {
            return onCoAdministrator(added, at, out);
        } else if (input instanceof CreditAdded credit) {
            return onCredit(credit, at, out);
        } else if (input instanceof UsageRecorded usage) {
            return onUsage(usage, at, out);
        } else if (input instanceof SubscriptionLinkedToEnterpriseAgreement link) {
            return onLink(link, at, out);
        } else if (input instanceof AlertRuleSet rule) {
            onAlertSet(rule, at, out);
            return null;
        } else if (input instanceof AlertRuleRemoved removed) {
            onAlertRemoved(removed, at, out);
            return null;
        } else if (input instanceof ForecastSettingsSet settings) {
            onForecastSettings(settings, at, out);
            return null;
        }
        DECIDE.requireIgnored(input);
        return "the ledger does not fold " + command.type();
    }

    private String onCreated(SubscriptionCreated event, Instant at, List<LedgerFact> out) {
        if (created) {
            return "subscription already created";
        }
        emit(out, at, keptOf(event));
        return null;
    }

    private String onCoAdministrator(CoAdministratorAdded event, Instant at, List<LedgerFact> out) {
        if (admins.contains(admin(event.email()))) {
            return event.email() + " already administers the subscription";
        }
        emit(out, at, keptOf(event));
        return null;
    }

    /** S3: an input read after the deprovisioning is stored without its personal data (the topics are read independently). */
    private EventPayload keptOf(EventPayload input) {
        return status == SubscriptionStatus.DEPROVISIONED ? (EventPayload) Erasure.erase(subscriptionId, (Record) input) : input;
    }

    private String onCredit(CreditAdded credit, Instant at, List<LedgerFact> out) {
        if (tokens.containsKey(credit.tokenId())) {
            return "token " + credit.tokenId() + " already credited";
        }
        if (rejected.contains(credit.tokenId())) {
            return "token " + credit.tokenId() + " already rejected (R4)";
        }
        // R4: money that can no longer land is rejected visibly, never dropped (K8/S3/S4/M3)
        if (status == SubscriptionStatus.DEPROVISIONED) {
            emit(out, at, CreditRejected.of(credit, CreditRejected.DEPROVISIONED, "the subscription was deprovisioned"));
            return null;
        }
        if (status == SubscriptionStatus.LINKED_TO_EA) {
            emit(out, at, CreditRejected.of(credit, CreditRejected.ENTERPRISE_AGREEMENT,
                    "the subscription is linked to an Enterprise Agreement"));
            return null;
        }
        if (currency != null && !currency.equals(credit.amount().currency())) {
            emit(out, at, CreditRejected.of(credit, CreditRejected.CURRENCY_MISMATCH,
                    "credit in " + credit.amount().currency() + " for a " + currency + " subscription"));
            return null;
        }
        emit(out, at, credit);
        // T7/S2: the new credit pays earlier overage first
        TokenState token = tokens.get(credit.tokenId());
        BigDecimal settledTotal = Amounts.ZERO;
        if (overage.signum() > 0 && token.holdsCredit()) {
            BigDecimal settle = token.remaining().min(overage);
            emit(out, at, new OverageSettled(token.tokenId(), money(settle), money(overage.subtract(settle))));
            settledTotal = settle;
            lowBalanceCheck(token.tokenId(), at, out);
        }
        if (status == SubscriptionStatus.SUSPENDED && overage.signum() == 0 && remaining.signum() > 0) {
            emit(out, at, new SubscriptionReactivated(at, money(settledTotal), money(remaining)));
        }
        return null;
    }

    private String onUsage(UsageRecorded usage, Instant at, List<LedgerFact> out) {
        if (usageIds.contains(usage.usageId())) {
            return "usage " + usage.usageId() + " already applied (T5)";
        }
        if (status == SubscriptionStatus.DEPROVISIONED || status == SubscriptionStatus.LINKED_TO_EA) {
            return "a " + status + " subscription takes no more usage (S3/S4)";
        }
        if (currency != null && !currency.equals(usage.amount().currency())) {
            return "usage priced in " + usage.amount().currency() + " for a " + currency + " subscription (M3)";
        }
        BigDecimal before = remaining;
        emit(out, at, usage);
        if (!usage.eligible()) {
            emit(out, at, new UsageBilledToCard(usage.usageId(), usage.meterId(), usage.amount()));
            return null;
        }
        BigDecimal due = Amounts.scaled(usage.amount().amount());
        if (due.signum() == 0) {
            return null;
        }
        TokenState payer;
        while (due.signum() > 0 && (payer = firstPayer()) != null) { // a payer is emptied or pays the rest
            BigDecimal debit = payer.remaining().min(due);
            due = due.subtract(debit);
            emit(out, at, new CreditConsumed(usage.usageId(), payer.tokenId(), money(debit),
                    money(payer.remaining().subtract(debit))));
            lowBalanceCheck(payer.tokenId(), at, out);
        }
        alertCheck(at, out);
        if (due.signum() > 0) {
            emit(out, at, new OverageRecorded(usage.usageId(), money(due), money(overage.add(due))));
        }
        suspensionCheck(before, at, out);
        return null;
    }

    /**
     * The token that pays next (T2): of those holding credit, the first in FIFO order. Found per debit, not by
     * sorting every token per usage record: a debit either empties its token or pays the rest.
     */
    private TokenState firstPayer() {
        TokenState first = null;
        for (TokenState token : tokens.values()) {
            if (token.holdsCredit() && (first == null || TokenState.FIFO.compare(token, first) < 0)) {
                first = token;
            }
        }
        return first;
    }

    private String onLink(SubscriptionLinkedToEnterpriseAgreement link, Instant at, List<LedgerFact> out) {
        if (status == SubscriptionStatus.LINKED_TO_EA || status == SubscriptionStatus.DEPROVISIONED) {
            return "a " + status + " subscription cannot be linked again";
        }
        emit(out, at, link);
        for (TokenState token : tokens.values().stream().filter(TokenState::holdsCredit).sorted(TokenState.FIFO).toList()) {
            emit(out, at, new CreditForfeited(token.tokenId(), money(token.remaining()),
                    CreditForfeited.ENTERPRISE_AGREEMENT_LINK));
        }
        return null;
    }

    /** F4: a positive amount is a new token of source ADJUSTMENT; a negative one is taken first in, first out. */
    private void onAdjust(Correction.Adjust adjust, Instant at, List<LedgerFact> out) {
        if (adjust.reference() == null || adjust.reference().isBlank() || adjust.reason() == null || adjust.reason().isBlank()) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F4-reference-and-reason",
                    "an adjustment needs a reference and a reason");
        }
        if (adjust.amount() == null || adjust.amount().signum() == 0) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F4-zero-adjustment", "the amount must not be zero");
        }
        if (currency != null && !currency.equals(adjust.currency())) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "currency-mismatch",
                    "the amount must be in the subscription's currency " + currency);
        }
        String inCurrency = currency != null ? currency : adjust.currency();
        BigDecimal amount = Amounts.scaled(adjust.amount());
        if (amount.signum() > 0) {
            UUID tokenId = UUID.nameUUIDFromBytes((subscriptionId + "/token/" + adjust.key()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Instant expiresAt = at.atZone(ZoneOffset.UTC).plusMonths(ADJUSTMENT_VALIDITY_MONTHS).toInstant();
            emit(out, at, new CreditAdjusted(adjust.reference(), tokenId, Money.of(amount, inCurrency), Money.of(amount, inCurrency),
                    expiresAt, adjust.reason()));
            settleOverageAndReactivate(at, out);
            return;
        }
        BigDecimal due = amount.negate();
        if (remaining.compareTo(due) < 0) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F4-not-enough-credit",
                    "the subscription holds " + Money.plain(remaining) + " " + currency + ", less than the " + Money.plain(due) + " to take");
        }
        BigDecimal before = remaining;
        TokenState payer;
        while (due.signum() > 0 && (payer = firstPayer()) != null) {
            BigDecimal debit = payer.remaining().min(due);
            due = due.subtract(debit);
            emit(out, at, new CreditAdjusted(adjust.reference(), payer.tokenId(), money(debit.negate()),
                    money(payer.remaining().subtract(debit)), payer.expiresAt(), adjust.reason()));
            lowBalanceCheck(payer.tokenId(), at, out);
        }
        alertCheck(at, out);
        suspensionCheck(before, at, out);
    }

    /**
     * F4: each debit of the usage goes back to its token, or is forfeited at once where that token has expired (or
     * was forfeited); the overage the usage left is cancelled as far as it is still owed. Credit given back first
     * pays any other overage still owed (T7), and a suspended subscription with credit and no overage is reactivated.
     */
    private void onVoid(Correction.VoidUsage request, Instant at, List<LedgerFact> out) {
        if (request.reason() == null || request.reason().isBlank()) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F4-reference-and-reason", "a void needs a reason");
        }
        UsageRecorded usage = null;
        Instant usageAppliedAt = null;
        List<CreditConsumed> debits = new ArrayList<>();
        BigDecimal usageOverage = Amounts.ZERO;
        for (LedgerFact fact : request.usageFacts()) {
            if (fact.payload() instanceof UsageRecorded recorded && recorded.usageId().equals(request.usageId())) {
                usage = recorded;
                usageAppliedAt = fact.at();
            } else if (fact.payload() instanceof CreditConsumed consumed && consumed.usageId().equals(request.usageId())) {
                debits.add(consumed);
            } else if (fact.payload() instanceof OverageRecorded recorded && recorded.usageId().equals(request.usageId())) {
                usageOverage = usageOverage.add(recorded.amount().amount());
            }
        }
        if (usage == null) {
            throw new LedgerRejection(LedgerRejection.Kind.NOT_FOUND, "not-found", "no usage " + request.usageId());
        }
        BigDecimal cancel = usageOverage.min(overage);
        if (debits.isEmpty() && cancel.signum() == 0) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F4-nothing-to-give-back",
                    "usage " + request.usageId() + " took no credit and left no overage (billed to card or free)");
        }
        for (CreditConsumed debit : debits) {
            TokenState token = tokens.get(debit.tokenId());
            boolean expired = token.status() == TokenStatus.EXPIRED || token.status() == TokenStatus.FORFEITED
                    || !token.expiresAt().isAfter(at);
            emit(out, at, new UsageVoided(request.usageId(), debit.tokenId(), debit.amount(),
                    expired ? UsageVoided.FORFEITED : UsageVoided.RETURNED, request.reason(), usageAppliedAt));
        }
        if (cancel.signum() > 0) {
            emit(out, at, new UsageVoided(request.usageId(), null, money(cancel), UsageVoided.OVERAGE_CANCELLED, request.reason(),
                    usageAppliedAt));
        }
        settleOverageAndReactivate(at, out);
    }

    /** T7/S2 after credit came back or was added: owed overage is paid first in, first out, then a suspension may end. */
    private void settleOverageAndReactivate(Instant at, List<LedgerFact> out) {
        BigDecimal settledTotal = Amounts.ZERO;
        TokenState payer;
        while (overage.signum() > 0 && (payer = firstPayer()) != null) {
            BigDecimal settle = payer.remaining().min(overage);
            emit(out, at, new OverageSettled(payer.tokenId(), money(settle), money(overage.subtract(settle))));
            settledTotal = settledTotal.add(settle);
            lowBalanceCheck(payer.tokenId(), at, out);
        }
        if (status == SubscriptionStatus.SUSPENDED && overage.signum() == 0 && remaining.signum() > 0) {
            emit(out, at, new SubscriptionReactivated(at, money(settledTotal), money(remaining)));
        }
    }

    private void onAlertSet(AlertRuleSet rule, Instant at, List<LedgerFact> out) {
        requireOpenForAlerts();
        if (rule.alertNumber() < 1 || rule.alertNumber() > MAX_ALERTS) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "A3-at-most-five-alerts",
                    "a subscription has at most " + MAX_ALERTS + " credit alerts, numbered 1 to 5; got " + rule.alertNumber());
        }
        if (rule.threshold() == null || rule.threshold().isNegative()) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "A3-invalid-threshold", "the threshold must be an amount of at least 0");
        }
        if (currency != null && !currency.equals(rule.threshold().currency())) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "currency-mismatch",
                    "the threshold must be in the subscription's currency " + currency);
        }
        List<String> recipients = rule.recipients() == null ? List.of() : rule.recipients();
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "A3-one-or-two-recipients",
                    "an alert has 1 or 2 recipient addresses; got " + recipients.size());
        }
        List<String> normalised = new ArrayList<>();
        for (String recipient : recipients) {
            String email = EmailAddress.normalise(recipient).orElseThrow(() -> new LedgerRejection(
                    LedgerRejection.Kind.INVALID, "A3-malformed-email", "'" + printable(recipient) + "' is not a valid email address"));
            if (normalised.contains(email)) {
                throw new LedgerRejection(LedgerRejection.Kind.INVALID, "A3-duplicate-recipient",
                        "the recipients must be two different addresses");
            }
            normalised.add(email);
        }
        emit(out, at, new AlertRuleSet(rule.alertNumber(), rule.threshold(), normalised));
    }

    private void onAlertRemoved(AlertRuleRemoved removed, Instant at, List<LedgerFact> out) {
        requireOpenForAlerts();
        if (!alerts.containsKey(removed.alertNumber())) {
            throw new LedgerRejection(LedgerRejection.Kind.NOT_FOUND, "not-found", "no alert " + removed.alertNumber());
        }
        emit(out, at, removed);
    }

    /** F1: the warning days (1..365) and burn window (1..31 days) of the forecast, set next to the alerts. */
    private void onForecastSettings(ForecastSettingsSet settings, Instant at, List<LedgerFact> out) {
        requireOpenForAlerts();
        if (settings.warningDays() < 1 || settings.warningDays() > MAX_WARNING_DAYS) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F1-invalid-warning-days",
                    "warningDays must be 1 to " + MAX_WARNING_DAYS + "; got " + settings.warningDays());
        }
        if (settings.burnWindowDays() < 1 || settings.burnWindowDays() > MAX_BURN_WINDOW_DAYS) {
            throw new LedgerRejection(LedgerRejection.Kind.INVALID, "F1-invalid-burn-window",
                    "burnWindowDays must be 1 to " + MAX_BURN_WINDOW_DAYS + "; got " + settings.burnWindowDays());
        }
        emit(out, at, settings);
    }

    /**
     * F1: after anything changed, CreditDepletionForecast fires once when the credit of an active subscription is forecast
     * to run out within the warning days; once the forecast moves beyond them again (or nothing burns while credit
     * remains) it is re-armed by an internal fact, so a replay re-arms where the live fold did.
     */
    private void forecastCheck(Instant now, List<LedgerFact> out) {
        if (out.isEmpty() || currency == null || status != SubscriptionStatus.ACTIVE || remaining.signum() <= 0) {
            return;
        }
        Instant at = at(now);
        BigDecimal burnPerDay = Forecast.burnPerDay(usageByDay, at, burnWindowDays);
        Instant runsOutAt = Forecast.runsOutAt(tokens.values(), burnPerDay, at);
        Integer daysLeft = Forecast.daysLeft(runsOutAt, at);
        LocalDate runsOutOn = Forecast.runsOutOn(runsOutAt);
        if (!depletionWarned && daysLeft != null && daysLeft <= warningDays) {
            emit(out, at, new CreditDepletionForecast(runsOutOn, Math.max(0, daysLeft), money(burnPerDay), money(remaining)));
        } else if (depletionWarned && (daysLeft == null || daysLeft > warningDays)) {
            emit(out, at, new DepletionForecastRearmed(runsOutOn));
        }
    }

    private void requireOpenForAlerts() {
        requireOpen("alert changes");
    }

    private void requireOpen(String what) {
        if (status == SubscriptionStatus.DEPROVISIONED || status == SubscriptionStatus.LINKED_TO_EA) {
            throw new LedgerRejection(LedgerRejection.Kind.CONFLICT, "subscription-closed",
                    "a " + status + " subscription takes no " + what);
        }
    }

    private static String printable(String value) {
        String shown = value == null ? "" : value.replaceAll("[\\p{Cntrl}]", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }

    // ------------------------------------------------------------------ rules after a change

    /** A1: once per token, when its remaining falls to at most 30% of its original amount. */
    private void lowBalanceCheck(UUID tokenId, Instant at, List<LedgerFact> out) {
        TokenState token = tokens.get(tokenId);
        if (token.lowBalanceAlerted()
                || (token.status() != TokenStatus.ACTIVE && token.status() != TokenStatus.USED)) {
            return;
        }
        if (token.remaining().compareTo(token.original().multiply(LOW_BALANCE_SHARE)) <= 0) {
            emit(out, at, new TokenBalanceLow(tokenId, money(token.original()), money(token.remaining()), LOW_BALANCE_PERCENT));
        }
    }

    /** A3: every armed alert whose threshold the total fell to or below fires once. */
    private void alertCheck(Instant at, List<LedgerFact> out) {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.SUSPENDED) {
            return;
        }
        for (AlertRule rule : List.copyOf(alerts.values())) {
            if (rule.armed() && remaining.compareTo(rule.threshold()) <= 0) {
                emit(out, at, new SubscriptionCreditLow(rule.number(), money(rule.threshold()), money(remaining), rule.recipients()));
            }
        }
    }

    /** S1: an active subscription whose total reached zero (or that owes overage) is suspended. */
    private void suspensionCheck(BigDecimal before, Instant at, List<LedgerFact> out) {
        if (status == SubscriptionStatus.ACTIVE && remaining.signum() == 0
                && (before.signum() > 0 || overage.signum() > 0)) {
            emit(out, at, new SubscriptionSuspended(at, money(overage), at.plus(RETENTION_AFTER_SUSPENSION)));
        }
    }

    // ------------------------------------------------------------------ time

    private record Due(Instant at, int rank, UUID tokenId) {
    }

    private static final int EXPIRING = 0;
    private static final int EXPIRED = 1;
    private static final int DEPROVISION = 2;

    /** {@link #nextDue()} as of the last fact applied: only {@link #apply} changes what falls due. */
    private Due nextDue;
    private boolean nextDueKnown;

    private Due nextDue() {
        if (!nextDueKnown) {
            nextDue = findNextDue();
            nextDueKnown = true;
        }
        return nextDue;
    }

    /** Whether the remembered next due time is the one found afresh (the property tests check it after every step). */
    boolean nextDueIsCurrent() {
        return java.util.Objects.equals(nextDue(), findNextDue());
    }

    private Due findNextDue() {
        Due next = null;
        for (TokenState token : tokens.values()) {
            if (!token.holdsCredit()) {
                continue;
            }
            Due candidate = token.expiringAlerted()
                    ? new Due(token.expiresAt(), EXPIRED, token.tokenId())
                    : new Due(token.expiresAt().minus(EXPIRING_NOTICE), EXPIRING, token.tokenId());
            next = earlier(next, candidate);
        }
        if (status == SubscriptionStatus.SUSPENDED && deprovisionAt != null) {
            next = earlier(next, new Due(deprovisionAt, DEPROVISION, null));
        }
        return next;
    }

    private Due earlier(Due current, Due candidate) {
        if (current == null) {
            return candidate;
        }
        int byTime = candidate.at.compareTo(current.at);
        if (byTime != 0) {
            return byTime < 0 ? candidate : current;
        }
        if (candidate.rank != current.rank) {
            return candidate.rank < current.rank ? candidate : current;
        }
        if (candidate.tokenId == null || current.tokenId == null) {
            return current;
        }
        return TokenState.FIFO.compare(tokens.get(candidate.tokenId), tokens.get(current.tokenId)) < 0 ? candidate : current;
    }

    private void tick(Instant now, List<LedgerFact> out) {
        Due due;
        while ((due = nextDue()) != null && !due.at.isAfter(now)) {
            Instant at = at(due.at);
            BigDecimal before = remaining;
            switch (due.rank) {
                case EXPIRING -> {
                    TokenState token = tokens.get(due.tokenId);
                    emit(out, at, new TokenExpiring(token.tokenId(), money(token.remaining()), token.expiresAt()));
                    willExpireUnusedCheck(token.tokenId(), at, out);
                }
                case EXPIRED -> {
                    TokenState token = tokens.get(due.tokenId);
                    emit(out, at, new TokenExpired(token.tokenId(), money(token.remaining()), token.expiresAt()));
                    alertCheck(at, out);
                    suspensionCheck(before, at, out);
                }
                default -> emit(out, at, new SubscriptionDeprovisioned(deprovisionAt));
            }
        }
    }

    /**
     * F1: 30 days before a token expires (with A2), whether the burn rate will leave part of it unused: once per token.
     * Only while something burns: without usage there is no forecast, and TokenExpiring already says what expires.
     */
    private void willExpireUnusedCheck(UUID tokenId, Instant at, List<LedgerFact> out) {
        Forecast forecast = forecast(at);
        if (forecast.burnPerDay().signum() == 0) {
            return;
        }
        BigDecimal unused = forecast.unusedAtExpiry().getOrDefault(tokenId, Amounts.ZERO);
        if (unused.signum() > 0) {
            emit(out, at, new TokenWillExpireUnused(tokenId, tokens.get(tokenId).expiresAt(), money(unused), money(forecast.burnPerDay())));
        }
    }

    // ------------------------------------------------------------------ evolve

    private void emit(List<LedgerFact> out, Instant at, EventPayload event) {
        emit(out, at, LedgerPayload.of(event));
    }

    private void emit(List<LedgerFact> out, Instant at, LedgerPayload payload) {
        LedgerFact fact = new LedgerFact(at, payload);
        apply(fact);
        out.add(fact);
    }

    /** The evolve function: the only place the state changes. Replaying stored facts calls it alone. */
    public void apply(LedgerFact fact) {
        Record payload = fact.payload();
        if (!KEEPS_DUE_TIMES.handles(payload)) {
            nextDueKnown = false;
        }
        if (payload instanceof SubscriptionCreated created) {
            this.created = true;
            if (currency == null) {
                currency = created.currency();
            }
            created.administrators().forEach(admin -> admins.add(admin(admin)));
        } else if (payload instanceof CoAdministratorAdded added) {
            admins.add(admin(added.email()));
        } else if (payload instanceof CreditAdded credit) {
            if (currency == null) {
                currency = credit.amount().currency();
            }
            BigDecimal amount = Amounts.scaled(credit.amount().amount());
            tokens.put(credit.tokenId(), new TokenState(credit.tokenId(), credit.source(), credit.keyCode(),
                    credit.paymentReference(), amount, amount, credit.activatedAt(), credit.expiresAt(),
                    TokenStatus.ACTIVE, false, false));
            remaining = remaining.add(amount);
        } else if (payload instanceof UsageRecorded usage) {
            usageIds.add(usage.usageId());
            if (currency == null) {
                currency = usage.amount().currency();
            }
            if (usage.eligible()) {
                countBurn(usage.amount().amount(), fact.at());
            }
        } else if (payload instanceof CreditConsumed consumed) {
            debit(consumed.tokenId(), consumed.amount().amount());
            if (!tokens.get(consumed.tokenId()).holdsCredit()) {
                nextDueKnown = false; // an emptied token no longer expires with credit (A2, T8)
            }
        } else if (payload instanceof OverageRecorded recorded) {
            overage = overage.add(recorded.amount().amount());
        } else if (payload instanceof OverageSettled settled) {
            debit(settled.tokenId(), settled.amount().amount());
            overage = overage.subtract(settled.amount().amount());
        } else if (payload instanceof TokenBalanceLow low) {
            tokens.computeIfPresent(low.tokenId(), (id, t) -> t.markLowBalanceAlerted());
        } else if (payload instanceof TokenExpiring expiring) {
            tokens.computeIfPresent(expiring.tokenId(), (id, t) -> t.markExpiringAlerted());
        } else if (payload instanceof TokenExpired expired) {
            close(expired.tokenId(), TokenStatus.EXPIRED);
        } else if (payload instanceof CreditForfeited forfeited) {
            close(forfeited.tokenId(), TokenStatus.FORFEITED);
        } else if (payload instanceof CreditRejected rejection) {
            rejected.add(rejection.tokenId());
        } else if (payload instanceof SubscriptionSuspended suspended) {
            status = SubscriptionStatus.SUSPENDED;
            suspendedAt = suspended.suspendedAt();
            deprovisionAt = suspended.deprovisionAt();
        } else if (payload instanceof SubscriptionReactivated) {
            status = SubscriptionStatus.ACTIVE;
            suspendedAt = null;
            deprovisionAt = null;
        } else if (payload instanceof SubscriptionDeprovisioned) {
            status = SubscriptionStatus.DEPROVISIONED;
            erasePersonalData();
        } else if (payload instanceof SubscriptionLinkedToEnterpriseAgreement) {
            status = SubscriptionStatus.LINKED_TO_EA;
        } else if (payload instanceof SubscriptionCreditLow low) {
            alerts.computeIfPresent(low.alertNumber(), (n, rule) -> rule.withArmed(false));
        } else if (payload instanceof AlertRuleSet rule) {
            if (currency == null) {
                currency = rule.threshold().currency();
            }
            BigDecimal threshold = Amounts.scaled(rule.threshold().amount());
            alerts.put(rule.alertNumber(), new AlertRule(rule.alertNumber(), threshold, rule.recipients(),
                    remaining.compareTo(threshold) > 0));
        } else if (payload instanceof AlertRuleRemoved removed) {
            alerts.remove(removed.alertNumber());
        } else if (payload instanceof CreditAdjusted adjusted) {
            applyAdjusted(adjusted, fact.at());
        } else if (payload instanceof UsageVoided voided) {
            applyVoided(voided);
        } else if (payload instanceof CreditDepletionForecast) {
            depletionWarned = true;
        } else if (payload instanceof DepletionForecastRearmed) {
            depletionWarned = false;
        } else if (payload instanceof ForecastSettingsSet settings) {
            warningDays = settings.warningDays();
            burnWindowDays = settings.burnWindowDays();
        } else {
            APPLY.requireIgnored(payload);
        }
        // A3 re-arm: an alert is armed again once the total is above its threshold
        if (!alerts.isEmpty()) {
            for (AlertRule rule : List.copyOf(alerts.values())) {
                if (!rule.armed() && remaining.compareTo(rule.threshold()) > 0) {
                    alerts.put(rule.number(), rule.withArmed(true));
                }
            }
        }
        if (fact.stored()) {
            version++;
            if (lastAt == null || fact.at().isAfter(lastAt)) {
                lastAt = fact.at();
            }
        }
    }

    /**
     * S3: deprovisioned, the subscription's data is deleted: its administrators and alert recipients become their
     * {@link Pseudonyms} (an administrator is still recognised by its own). Also what a replay of the erased stream
     * folds to, since pseudonymising a pseudonym changes nothing.
     */
    private void erasePersonalData() {
        List<String> erased = Erasure.emails(subscriptionId, List.copyOf(admins));
        admins.clear();
        admins.addAll(erased);
        for (AlertRule rule : List.copyOf(alerts.values())) {
            alerts.put(rule.number(), new AlertRule(rule.number(), rule.threshold(), Erasure.emails(subscriptionId, rule.recipients()),
                    rule.armed()));
        }
    }

    /** An administrator's address as the admin list keeps it: normalised, or its pseudonym once deprovisioned (S3). */
    private String admin(String email) {
        return status == SubscriptionStatus.DEPROVISIONED ? Pseudonyms.email(subscriptionId, email) : normalise(email);
    }

    /** F1: eligible usage counts towards the burn rate of the UTC day the ledger applied it; older days are dropped. */
    private void countBurn(BigDecimal amount, Instant at) {
        long day = Forecast.day(at);
        usageByDay.merge(day, Amounts.scaled(amount), BigDecimal::add);
        while (usageByDay.firstKey() <= day - MAX_BURN_WINDOW_DAYS) {
            usageByDay.pollFirstEntry();
        }
    }

    /**
     * F1/F4: a voided part of a usage leaves the burn rate of the UTC day the usage counted towards; never below zero,
     * and nothing when that day already left the window kept. Only eligible usage can be voided (ineligible usage
     * takes no credit and leaves no overage), so what is taken out was counted in.
     */
    private void uncountBurn(BigDecimal amount, Instant usageAppliedAt) {
        long day = Forecast.day(usageAppliedAt);
        BigDecimal counted = usageByDay.get(day);
        if (counted != null) {
            usageByDay.put(day, counted.subtract(amount).max(Amounts.ZERO));
        }
    }

    /** F4: a positive adjustment opens its token; a negative one is a debit of the token named. */
    private void applyAdjusted(CreditAdjusted adjusted, Instant at) {
        if (currency == null) {
            currency = adjusted.amount().currency();
        }
        BigDecimal amount = Amounts.scaled(adjusted.amount().amount());
        if (amount.signum() > 0) {
            tokens.put(adjusted.tokenId(), new TokenState(adjusted.tokenId(), CreditSource.ADJUSTMENT, null, adjusted.reference(),
                    amount, amount, at, adjusted.expiresAt(), TokenStatus.ACTIVE, false, false));
            remaining = remaining.add(amount);
        } else {
            debit(adjusted.tokenId(), amount.negate());
        }
        corrections.add(new Correction.Adjust(adjusted.reference(), null, null, null).key());
    }

    /**
     * F4: a returned debit is credit of its token again; a forfeited one changes nothing; cancelled overage is gone.
     * F1: whatever the disposition, the amount leaves the burn rate of the day its usage was applied (a void without
     * {@code usageAppliedAt}, stored before the field was added, leaves the burn rate as it was).
     */
    private void applyVoided(UsageVoided voided) {
        BigDecimal amount = Amounts.scaled(voided.amount().amount());
        if (voided.usageAppliedAt() != null) {
            uncountBurn(amount, voided.usageAppliedAt());
        }
        if (UsageVoided.RETURNED.equals(voided.disposition())) {
            TokenState token = tokens.get(voided.tokenId());
            tokens.put(token.tokenId(), token.withRemaining(token.remaining().add(amount)));
            remaining = remaining.add(amount);
        } else if (UsageVoided.OVERAGE_CANCELLED.equals(voided.disposition())) {
            overage = overage.subtract(amount);
        }
        corrections.add(new Correction.VoidUsage(voided.usageId(), null, List.of()).key());
    }

    private void debit(UUID tokenId, BigDecimal amount) {
        TokenState token = tokens.get(tokenId);
        if (token == null) {
            throw new IllegalStateException("debit of unknown token " + tokenId);
        }
        BigDecimal left = token.remaining().subtract(amount);
        if (left.signum() < 0) {
            throw new IllegalStateException("token " + tokenId + " would go negative");
        }
        tokens.put(tokenId, token.withRemaining(left));
        remaining = remaining.subtract(amount);
    }

    private void close(UUID tokenId, TokenStatus closedStatus) {
        TokenState token = tokens.get(tokenId);
        if (token == null) {
            return;
        }
        remaining = remaining.subtract(token.remaining());
        tokens.put(tokenId, token.closed(closedStatus));
    }

    // ------------------------------------------------------------------ helpers

    private record Snapshot(BigDecimal remaining, BigDecimal overage, SubscriptionStatus status, long version) {
    }

    private Snapshot balance() {
        return new Snapshot(remaining, overage, status, version);
    }

    /** BalanceChanged after every change of the balance, the overage or the status. */
    private void closeWithBalance(Snapshot before, Instant now, List<LedgerFact> out) {
        if (out.isEmpty() || currency == null) {
            return;
        }
        Snapshot after = balance();
        boolean changed = after.remaining.compareTo(before.remaining) != 0
                || after.overage.compareTo(before.overage) != 0
                || after.status != before.status;
        if (changed) {
            emit(out, at(now), new BalanceChanged(money(remaining), money(overage), status, at(now)));
        }
    }

    /**
     * When a fact happens: never before the stream's last fact, and at microsecond precision (what
     * the event store keeps), so a replay from the store sees exactly the live times.
     */
    private Instant at(Instant candidate) {
        Instant micros = candidate.truncatedTo(ChronoUnit.MICROS);
        return lastAt != null && lastAt.isAfter(micros) ? lastAt : micros;
    }

    private Money money(BigDecimal amount) {
        return Money.of(amount, currency);
    }

    /** An administrator's address as the admin list keeps it (already checked by the service that published it). */
    static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
