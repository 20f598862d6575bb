package io.opencredit.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.Money;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.UsageRecorded;
import io.opencredit.events.UsageVoided;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the pure fold over generated histories (credits, usage, ineligible usage, clock
 * jumps, alert rule changes, EA links, redeliveries): conservation per token and in total, FIFO
 * debits, no negative token, duplicates change nothing, replay of the stored facts equals the live
 * state, one A1 per token, and every credit offered either lands on a token or is rejected visibly (R4).
 */
class LedgerFoldPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final UUID SUBSCRIPTION = new UUID(7, 7);

    /** One generated step: what happens, after how long. */
    sealed interface Step permits Credit, Usage, Tick, SetAlert, RemoveAlert, Link, CoAdmin, Resend, Adjust, Void, Late {
        long advanceMinutes();
    }

    /** A credit; {@code euro}: in another currency than the subscription's (M3, R4). */
    record Credit(long advanceMinutes, long cents, boolean card, boolean euro) implements Step {
    }

    record Usage(long advanceMinutes, long micros, boolean eligible) implements Step {
    }

    record Tick(long advanceMinutes) implements Step {
    }

    record SetAlert(long advanceMinutes, int number, long threshold, boolean twoRecipients) implements Step {
    }

    record RemoveAlert(long advanceMinutes, int number) implements Step {
    }

    record Link(long advanceMinutes) implements Step {
    }

    record CoAdmin(long advanceMinutes, int who) implements Step {
    }

    /** Redelivers the input of an earlier step (index modulo the inputs sent so far). */
    record Resend(long advanceMinutes, int which) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Long> minutes = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 60 * 24)),
                Tuple.of(3, Arbitraries.longs().between(0, 60 * 24 * 40)),
                Tuple.of(1, Arbitraries.longs().between(0, 60 * 24 * 400)));
        Arbitrary<Step> credit = Combinators.combine(minutes, Arbitraries.longs().between(1, 50_000_00L), Arbitraries.of(true, false),
                Arbitraries.frequency(Tuple.of(19, false), Tuple.of(1, true))).as(Credit::new);
        Arbitrary<Step> usage = Combinators.combine(minutes, Arbitraries.longs().between(0, 20_000_000_000L),
                Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false))).as(Usage::new);
        Arbitrary<Step> tick = minutes.map(Tick::new);
        Arbitrary<Step> setAlert = Combinators.combine(minutes, Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(0, 100_000), Arbitraries.of(true, false)).as(SetAlert::new);
        Arbitrary<Step> removeAlert = Combinators.combine(minutes, Arbitraries.integers().between(1, 5)).as(RemoveAlert::new);
        Arbitrary<Step> link = minutes.map(Link::new);
        Arbitrary<Step> coAdmin = Combinators.combine(minutes, Arbitraries.integers().between(0, 3)).as(CoAdmin::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(20, credit), Tuple.of(50, usage), Tuple.of(8, tick), Tuple.of(6, setAlert),
                Tuple.of(2, removeAlert), Tuple.of(1, link), Tuple.of(2, coAdmin));
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    /** F4: an operator adjustment of {@code cents} (signed, not zero); {@code reference} small, so some repeat an earlier one. */
    record Adjust(long advanceMinutes, long cents, int reference) implements Step {
    }

    /** F4: a void of the usage sent {@code which}-th (modulo the usage sent so far); repeats happen too. */
    record Void(long advanceMinutes, int which) implements Step {
    }

    /** {@link #historiesWithResends()} with operator adjustments and usage voids mixed in (F4). */
    @Provide
    Arbitrary<List<Step>> historiesWithCorrections() {
        Arbitrary<Step> adjust = Combinators.combine(Arbitraries.longs().between(0, 60 * 24 * 20),
                Arbitraries.longs().between(-30_000_00L, 30_000_00L).filter(c -> c != 0), Arbitraries.integers().between(0, 12))
                .as(Adjust::new);
        Arbitrary<Step> voidUsage = Combinators.combine(Arbitraries.longs().between(0, 60 * 24 * 60),
                Arbitraries.integers().between(0, 1000)).as(Void::new);
        return historiesWithResends().flatMap(h -> Arbitraries.oneOf(adjust, voidUsage).list().ofMaxSize(12).map(cs -> {
            List<Step> mixed = new ArrayList<>(h);
            for (int i = 0; i < cs.size(); i++) {
                mixed.add((i * 11 + 5) % (mixed.size() + 1), cs.get(i));
            }
            return mixed;
        }));
    }

    /** F2: a usage that arrives {@code lateMinutes} after its usage time. */
    record Late(long advanceMinutes, long micros, long lateMinutes) implements Step {
    }

    /** {@link #historiesWithCorrections()} with usage that arrives late mixed in (F2). */
    @Provide
    Arbitrary<List<Step>> historiesWithLateUsage() {
        Arbitrary<Step> late = Combinators.combine(Arbitraries.longs().between(0, 60 * 24 * 5), Arbitraries.longs().between(1, 20_000_000_000L),
                Arbitraries.longs().between(1, 60 * 24 * 30)).as(Late::new);
        return historiesWithCorrections().flatMap(h -> late.list().ofMinSize(1).ofMaxSize(6).map(ls -> {
            List<Step> mixed = new ArrayList<>(h);
            for (int i = 0; i < ls.size(); i++) {
                mixed.add((i * 13 + 3) % (mixed.size() + 1), ls.get(i));
            }
            return mixed;
        }));
    }

    @Provide
    Arbitrary<List<Step>> historiesWithResends() {
        Arbitrary<Resend> resend = Combinators.combine(Arbitraries.longs().between(0, 60 * 24 * 3),
                Arbitraries.integers().between(0, 1000)).as(Resend::new);
        return histories().flatMap(h -> resend.list().ofMaxSize(15).map(rs -> {
            List<Step> mixed = new ArrayList<>(h);
            for (int i = 0; i < rs.size(); i++) {
                mixed.add(Math.min(mixed.size(), (i * 7 + rs.get(i).which()) % (mixed.size() + 1)), rs.get(i));
            }
            return mixed;
        }));
    }

    /** Runs a history; collects the facts and, per usage, which tokens could pay it in FIFO order. */
    static final class Run {
        /** F2: what one fold recorded at {@code now}: its facts, when each takes effect, and the live state it left. */
        record Recorded(Instant now, List<LedgerFact> facts, List<Instant> effective, SubscriptionLedger after) {
        }

        SubscriptionLedger ledger = new SubscriptionLedger(SUBSCRIPTION);
        final List<Recorded> recorded = new ArrayList<>();
        final List<LedgerFact> facts = new ArrayList<>();
        final Map<String, List<TokenState>> payersByUsage = new HashMap<>();
        final List<Record> sent = new ArrayList<>();
        Instant now = T0;
        long ids;

        Run(List<Step> steps, boolean skipResends) {
            take(LedgerFold.fold(ledger, Ev.created("owner@example.com"), now));
            for (Step step : steps) {
                now = now.plus(Duration.ofMinutes(step.advanceMinutes()));
                if (step instanceof Resend resend) {
                    if (!skipResends && !sent.isEmpty()) {
                        send(sent.get(resend.which() % sent.size()), false);
                    } else if (skipResends) {
                        take(LedgerFold.advanceTo(ledger, now));
                    }
                    continue;
                }
                if (step instanceof Adjust adjust) {
                    correct(new Correction.Adjust("ref-" + adjust.reference(), BigDecimal.valueOf(adjust.cents(), 2), "USD", "why"));
                    continue;
                }
                if (step instanceof Void voidUsage) {
                    List<String> usages = sent.stream().filter(UsageRecorded.class::isInstance).map(u -> ((UsageRecorded) u).usageId()).toList();
                    if (!usages.isEmpty()) {
                        correct(new Correction.VoidUsage(usages.get(voidUsage.which() % usages.size()), "why", facts));
                    }
                    continue;
                }
                Record input = input(step);
                if (input == null) {
                    take(LedgerFold.advanceTo(ledger, now));
                } else {
                    send(input, true);
                }
            }
        }

        private void send(Record input, boolean remember) {
            if (remember && !(input instanceof AlertRuleSet) && !(input instanceof AlertRuleRemoved)) {
                sent.add(input);
            }
            if (input instanceof UsageRecorded usage) {
                take(LedgerFold.advanceTo(ledger, now));
                if (!ledger.usageIds().contains(usage.usageId())) {
                    payersByUsage.put(usage.usageId(), ledger.tokens().stream().filter(TokenState::holdsCredit)
                            .sorted(TokenState.FIFO).toList());
                }
            }
            take(LedgerFold.fold(ledger, LedgerPayload.of(input), now));
        }

        /** A correction as the service makes it: kept when accepted; a refused one leaves the state as it was. */
        private void correct(Correction correction) {
            LedgerFold.Result result = LedgerFold.correct(ledger, correction, now);
            if (result.rejection() == null) {
                take(result);
            } else {
                rejections.add(result.rejection().slug());
            }
        }

        final List<String> rejections = new ArrayList<>();

        private void take(LedgerFold.Result result) {
            ledger = result.state();
            facts.addAll(result.facts());
            // as the event store dates them: a fold's facts effective by EffectiveTime, recorded at the fold's now
            recorded.add(new Recorded(now, result.facts(), EffectiveTime.of(result.facts(), ledger::activatedAt), ledger));
            // the fold remembers its next due time between facts that cannot change it: it must be the one found afresh
            assertThat(ledger.nextDueIsCurrent()).as("next due time after %s", result.facts()).isTrue();
        }

        private Record input(Step step) {
            long n = ++ids;
            if (step instanceof Credit credit) {
                UUID tokenId = new UUID(1, n);
                Money amount = Money.of(BigDecimal.valueOf(credit.cents(), 2), credit.euro() ? "EUR" : "USD");
                Instant expires = now.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
                return credit.card()
                        ? new CreditAdded(tokenId, CreditSource.CREDIT_CARD, amount, now, expires, null, null, "pay-" + n)
                        : new CreditAdded(tokenId, CreditSource.OSA_KEY, amount, now, expires, "KEY" + n, "r", null);
            } else if (step instanceof Usage usage) {
                Money amount = Money.of(BigDecimal.valueOf(usage.micros(), 6), "USD");
                return new UsageRecorded("u-" + n, usage.eligible() ? "vm" : "market", "svc", BigDecimal.ONE, "h",
                        amount, amount, usage.eligible(), now);
            } else if (step instanceof Late late) {
                Money amount = Money.of(BigDecimal.valueOf(late.micros(), 6), "USD");
                return new UsageRecorded("u-" + n, "vm", "svc", BigDecimal.ONE, "h", amount, amount, true,
                        now.minus(Duration.ofMinutes(late.lateMinutes())));
            } else if (step instanceof SetAlert alert) {
                List<String> to = alert.twoRecipients() ? List.of("a@example.com", "b@example.com") : List.of("a@example.com");
                return new AlertRuleSet(alert.number(), Money.of(BigDecimal.valueOf(alert.threshold(), 2), "USD"), to);
            } else if (step instanceof RemoveAlert remove) {
                return new AlertRuleRemoved(remove.number());
            } else if (step instanceof Link) {
                return Ev.link(now);
            } else if (step instanceof CoAdmin co) {
                return new CoAdministratorAdded("reseller" + co.who() + "@example.com", "ops@example.com");
            }
            return null;
        }

        List<LedgerFact> stored() {
            return facts.stream().filter(LedgerFact::stored).toList();
        }

        <T> List<T> all(Class<T> type) {
            return facts.stream().map(LedgerFact::payload).filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static BigDecimal sum(List<Money> amounts) {
        return amounts.stream().map(Money::amount).reduce(Amounts.ZERO, BigDecimal::add);
    }

    @Property(tries = 1500)
    void conservation_per_token_and_in_total(@ForAll("histories") List<Step> steps) {
        Run run = new Run(steps, false);
        BigDecimal total = Amounts.ZERO;
        for (TokenState token : run.ledger.tokens()) {
            UUID id = token.tokenId();
            BigDecimal consumed = sum(run.all(CreditConsumed.class).stream().filter(c -> c.tokenId().equals(id)).map(CreditConsumed::amount).toList());
            BigDecimal settled = sum(run.all(OverageSettled.class).stream().filter(c -> c.tokenId().equals(id)).map(OverageSettled::amount).toList());
            BigDecimal expired = sum(run.all(TokenExpired.class).stream().filter(c -> c.tokenId().equals(id)).map(TokenExpired::forfeited).toList());
            BigDecimal forfeited = sum(run.all(CreditForfeited.class).stream().filter(c -> c.tokenId().equals(id)).map(CreditForfeited::amount).toList());
            assertThat(token.original().subtract(consumed).subtract(settled).subtract(expired).subtract(forfeited))
                    .as("token %s: credited - consumed - settled - expired - forfeited", id)
                    .isEqualByComparingTo(token.remaining());
            assertThat(token.remaining().signum()).as("no negative token").isGreaterThanOrEqualTo(0);
            assertThat(token.status() == TokenStatus.USED).isEqualTo(token.remaining().signum() == 0
                    && token.status() != TokenStatus.EXPIRED && token.status() != TokenStatus.FORFEITED);
            total = total.add(token.remaining());
        }
        BigDecimal credited = sum(run.all(CreditAdded.class).stream().map(CreditAdded::amount).toList());
        BigDecimal out = sum(run.all(CreditConsumed.class).stream().map(CreditConsumed::amount).toList())
                .add(sum(run.all(OverageSettled.class).stream().map(OverageSettled::amount).toList()))
                .add(sum(run.all(TokenExpired.class).stream().map(TokenExpired::forfeited).toList()))
                .add(sum(run.all(CreditForfeited.class).stream().map(CreditForfeited::amount).toList()));
        assertThat(credited.subtract(out)).isEqualByComparingTo(run.ledger.remaining()).isEqualByComparingTo(total);
        BigDecimal overage = sum(run.all(OverageRecorded.class).stream().map(OverageRecorded::amount).toList())
                .subtract(sum(run.all(OverageSettled.class).stream().map(OverageSettled::amount).toList()));
        assertThat(overage).isEqualByComparingTo(run.ledger.overage());
        // every eligible usage is paid in full: by tokens or as overage
        for (UsageRecorded usage : run.all(UsageRecorded.class)) {
            if (!usage.eligible()) {
                continue;
            }
            BigDecimal paid = sum(run.all(CreditConsumed.class).stream().filter(c -> c.usageId().equals(usage.usageId())).map(CreditConsumed::amount).toList())
                    .add(sum(run.all(OverageRecorded.class).stream().filter(o -> o.usageId().equals(usage.usageId())).map(OverageRecorded::amount).toList()));
            assertThat(paid).as("usage %s", usage.usageId()).isEqualByComparingTo(usage.amount().amount());
        }
    }

    /**
     * R4: every credit offered (redeliveries included) either lands on one token or is rejected exactly once, and
     * the amounts offered equal the amounts accepted plus those rejected: no credit disappears.
     */
    @Property(tries = 1500)
    void R4_every_credit_offered_lands_on_a_token_or_is_rejected_once(@ForAll("historiesWithResends") List<Step> steps) {
        Run run = new Run(steps, false);
        Map<UUID, CreditAdded> offered = new HashMap<>();
        run.sent.stream().filter(CreditAdded.class::isInstance).map(CreditAdded.class::cast).forEach(c -> offered.put(c.tokenId(), c));
        Map<UUID, TokenState> accepted = new HashMap<>();
        run.ledger.tokens().forEach(t -> accepted.put(t.tokenId(), t));
        Map<UUID, Long> rejections = new HashMap<>();
        run.all(CreditRejected.class).forEach(r -> rejections.merge(r.tokenId(), 1L, Long::sum));
        assertThat(rejections.values()).as("each rejected once").allMatch(n -> n == 1L);
        assertThat(java.util.Collections.disjoint(accepted.keySet(), rejections.keySet())).as("accepted and rejected are disjoint").isTrue();
        java.util.Set<UUID> landed = new java.util.HashSet<>(accepted.keySet());
        landed.addAll(rejections.keySet());
        assertThat(landed).as("every credit offered lands or is rejected").isEqualTo(offered.keySet());
        BigDecimal offeredTotal = sum(offered.values().stream().map(CreditAdded::amount).toList());
        BigDecimal acceptedTotal = accepted.values().stream().map(TokenState::original).reduce(Amounts.ZERO, BigDecimal::add);
        BigDecimal rejectedTotal = sum(run.all(CreditRejected.class).stream().map(CreditRejected::amount).toList());
        assertThat(acceptedTotal.add(rejectedTotal)).isEqualByComparingTo(offeredTotal);
        for (CreditRejected rejected : run.all(CreditRejected.class)) {
            CreditAdded credit = offered.get(rejected.tokenId());
            assertThat(rejected).isEqualTo(CreditRejected.of(credit, rejected.reason(), rejected.detail()));
            assertThat(rejected.reason()).isIn(CreditRejected.DEPROVISIONED, CreditRejected.ENTERPRISE_AGREEMENT,
                    CreditRejected.CURRENCY_MISMATCH);
        }
    }

    @Property(tries = 1500)
    void debits_follow_fifo_order(@ForAll("histories") List<Step> steps) {
        Run run = new Run(steps, false);
        Map<String, List<CreditConsumed>> debits = new HashMap<>();
        run.all(CreditConsumed.class).forEach(c -> debits.computeIfAbsent(c.usageId(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<CreditConsumed>> entry : debits.entrySet()) {
            List<TokenState> payers = run.payersByUsage.get(entry.getKey());
            List<CreditConsumed> taken = entry.getValue();
            assertThat(taken.size()).isLessThanOrEqualTo(payers.size());
            for (int i = 0; i < taken.size(); i++) {
                assertThat(taken.get(i).tokenId()).as("debit %d of %s", i, entry.getKey()).isEqualTo(payers.get(i).tokenId());
                if (i < taken.size() - 1) {
                    assertThat(taken.get(i).tokenRemaining().isZero()).as("an earlier token is drained first").isTrue();
                }
            }
        }
        for (OverageRecorded overage : run.all(OverageRecorded.class)) {
            List<TokenState> payers = run.payersByUsage.get(overage.usageId());
            long debited = debits.getOrDefault(overage.usageId(), List.of()).size();
            assertThat(debited).as("overage only after every token paid").isEqualTo(payers.size());
        }
    }

    @Property(tries = 1000)
    void redelivered_inputs_change_nothing(@ForAll("historiesWithResends") List<Step> steps) {
        Run canonical = new Run(steps, true);
        Run withDuplicates = new Run(steps, false);
        assertThat(withDuplicates.ledger.snapshot()).isEqualTo(canonical.ledger.snapshot());
        assertThat(withDuplicates.ledger.usageIds()).isEqualTo(canonical.ledger.usageIds());
        assertThat(withDuplicates.stored()).isEqualTo(canonical.stored());
    }

    @Property(tries = 1000)
    void replaying_the_stored_facts_equals_the_live_state(@ForAll("historiesWithResends") List<Step> steps) {
        Run run = new Run(steps, false);
        SubscriptionLedger replayed = LedgerFold.replay(SUBSCRIPTION, run.facts);
        assertThat(replayed.snapshot()).isEqualTo(run.ledger.snapshot());
        assertThat(replayed.usageIds()).isEqualTo(run.ledger.usageIds());
        assertThat(run.ledger.version()).isEqualTo(run.stored().size());
        // stored facts never go back in time
        assertThat(run.stored().stream().map(LedgerFact::at).toList()).isSorted()
                .allMatch(at -> at.getNano() % 1000 == 0, "at microsecond precision, as the store keeps it");
    }

    @Property(tries = 1000)
    void alerts_fire_once_per_crossing(@ForAll("histories") List<Step> steps) {
        Run run = new Run(steps, false);
        Map<UUID, Long> lows = new HashMap<>();
        run.all(TokenBalanceLow.class).forEach(l -> lows.merge(l.tokenId(), 1L, Long::sum));
        assertThat(lows.values()).allMatch(count -> count == 1L);
        for (TokenBalanceLow low : run.all(TokenBalanceLow.class)) {
            assertThat(low.remaining().amount()).isLessThanOrEqualTo(low.original().amount().multiply(new BigDecimal("0.3")));
        }
        // A3: between two lows of the same alert the total rose above its threshold (the rule re-armed)
        for (SubscriptionCreditLow low : run.all(SubscriptionCreditLow.class)) {
            assertThat(low.remaining().amount()).isLessThanOrEqualTo(low.threshold().amount());
        }
    }

    /**
     * F4: conservation per token and in total with corrections: a token's original amount (a key, a card or a positive
     * adjustment), less what usage, overage settlement, expiry, forfeits and negative adjustments took, plus what voids
     * returned, is its remaining; a void forfeited at once moves nothing. Overage = recorded - settled - cancelled.
     */
    @Property(tries = 1500)
    void F4_conservation_per_token_and_in_total_including_adjustments_and_voids(@ForAll("historiesWithCorrections") List<Step> steps) {
        Run run = new Run(steps, false);
        BigDecimal total = Amounts.ZERO;
        for (TokenState token : run.ledger.tokens()) {
            UUID id = token.tokenId();
            BigDecimal consumed = sum(run.all(CreditConsumed.class).stream().filter(c -> c.tokenId().equals(id)).map(CreditConsumed::amount).toList());
            BigDecimal settled = sum(run.all(OverageSettled.class).stream().filter(c -> c.tokenId().equals(id)).map(OverageSettled::amount).toList());
            BigDecimal expired = sum(run.all(TokenExpired.class).stream().filter(c -> c.tokenId().equals(id)).map(TokenExpired::forfeited).toList());
            BigDecimal forfeited = sum(run.all(CreditForfeited.class).stream().filter(c -> c.tokenId().equals(id)).map(CreditForfeited::amount).toList());
            BigDecimal taken = sum(run.all(CreditAdjusted.class).stream().filter(a -> a.tokenId().equals(id) && a.amount().isNegative())
                    .map(a -> a.amount().negate()).toList());
            BigDecimal returned = sum(run.all(UsageVoided.class).stream()
                    .filter(v -> id.equals(v.tokenId()) && v.disposition().equals(UsageVoided.RETURNED)).map(UsageVoided::amount).toList());
            assertThat(token.original().subtract(consumed).subtract(settled).subtract(expired).subtract(forfeited).subtract(taken).add(returned))
                    .as("token %s: credited - consumed - settled - expired - forfeited - taken + returned", id)
                    .isEqualByComparingTo(token.remaining());
            assertThat(token.remaining().signum()).as("no negative token").isGreaterThanOrEqualTo(0);
            total = total.add(token.remaining());
        }
        assertThat(total).isEqualByComparingTo(run.ledger.remaining());
        BigDecimal overage = sum(run.all(OverageRecorded.class).stream().map(OverageRecorded::amount).toList())
                .subtract(sum(run.all(OverageSettled.class).stream().map(OverageSettled::amount).toList()))
                .subtract(sum(run.all(UsageVoided.class).stream().filter(v -> v.disposition().equals(UsageVoided.OVERAGE_CANCELLED))
                        .map(UsageVoided::amount).toList()));
        assertThat(overage).isEqualByComparingTo(run.ledger.overage());
        // a void gives back exactly what its usage took from tokens, once
        Map<String, BigDecimal> givenBack = new HashMap<>();
        run.all(UsageVoided.class).stream().filter(v -> v.tokenId() != null)
                .forEach(v -> givenBack.merge(v.usageId(), v.amount().amount(), BigDecimal::add));
        givenBack.forEach((usageId, amount) -> assertThat(amount).as("given back for %s", usageId).isEqualByComparingTo(
                sum(run.all(CreditConsumed.class).stream().filter(c -> c.usageId().equals(usageId)).map(CreditConsumed::amount).toList())));
        // an adjustment reference is applied once: its facts are one positive token or the debits of one request
        Map<String, List<CreditAdjusted>> byReference = new HashMap<>();
        run.all(CreditAdjusted.class).forEach(a -> byReference.computeIfAbsent(a.reference(), k -> new ArrayList<>()).add(a));
        byReference.values().forEach(list -> assertThat(list.stream().map(a -> a.amount().amount().signum()).distinct()).hasSize(1));
    }

    /** F4: with adjustments and voids mixed in, replaying the stored facts still gives exactly the live state. */
    @Property(tries = 1000)
    void F4_replaying_the_stored_facts_with_corrections_equals_the_live_state(@ForAll("historiesWithCorrections") List<Step> steps) {
        Run run = new Run(steps, false);
        SubscriptionLedger replayed = LedgerFold.replay(SUBSCRIPTION, run.facts);
        assertThat(replayed.snapshot()).isEqualTo(run.ledger.snapshot());
        assertThat(run.ledger.version()).isEqualTo(run.stored().size());
        assertThat(run.stored().stream().map(LedgerFact::at).toList()).isSorted();
    }

    /**
     * F1: CreditDepletionForecast fires once per crossing (each within the warning days), then only after a re-arm;
     * the burn rate state stays O(days), whatever the number of usage records; replay gives the same forecast state.
     */
    @Property(tries = 1000)
    void F1_the_depletion_forecast_fires_once_per_crossing_and_the_burn_state_stays_small(
            @ForAll("historiesWithCorrections") List<Step> steps) {
        Run run = new Run(steps, false);
        boolean armed = true;
        for (LedgerFact fact : run.facts) {
            if (fact.payload() instanceof io.opencredit.events.CreditDepletionForecast forecast) {
                assertThat(armed).as("fired while armed").isTrue();
                assertThat(forecast.daysLeft()).isLessThanOrEqualTo(SubscriptionLedger.DEFAULT_WARNING_DAYS);
                armed = false;
            } else if (fact.payload() instanceof DepletionForecastRearmed) {
                assertThat(armed).as("re-armed after firing").isFalse();
                armed = true;
            }
        }
        assertThat(run.ledger.snapshot().usageByDay()).hasSizeLessThanOrEqualTo(SubscriptionLedger.MAX_BURN_WINDOW_DAYS);
        Map<UUID, Long> unusedNotices = new HashMap<>();
        run.all(io.opencredit.events.TokenWillExpireUnused.class).forEach(u -> unusedNotices.merge(u.tokenId(), 1L, Long::sum));
        assertThat(unusedNotices.values()).as("TokenWillExpireUnused once per token").allMatch(n -> n == 1L);
        assertThat(LedgerFold.replay(SUBSCRIPTION, run.facts).snapshot()).isEqualTo(run.ledger.snapshot());
    }

    /**
     * F1 and F4: each day the burn state keeps holds the eligible usage the ledger applied that UTC day less what the
     * voids of that usage gave back or cancelled ({@code UsageVoided.usageAppliedAt}), never below zero.
     */
    @Property(tries = 1000)
    void F1_F4_the_burn_state_is_the_eligible_usage_per_day_less_what_voids_took_out(
            @ForAll("historiesWithCorrections") List<Step> steps) {
        Run run = new Run(steps, false);
        Map<Long, BigDecimal> expected = new HashMap<>();
        for (LedgerFact fact : run.facts) {
            if (fact.payload() instanceof UsageRecorded usage && usage.eligible()) {
                expected.merge(Forecast.day(fact.at()), usage.amount().amount(), BigDecimal::add);
            } else if (fact.payload() instanceof UsageVoided voided) {
                assertThat(voided.usageAppliedAt()).as("the ledger fills usageAppliedAt").isNotNull();
                expected.merge(Forecast.day(voided.usageAppliedAt()), voided.amount().amount().negate(), BigDecimal::add);
            }
        }
        run.ledger.snapshot().usageByDay().forEach((day, burnt) -> {
            assertThat(burnt).as("day %s", day).isGreaterThanOrEqualTo(Amounts.ZERO);
            assertThat(burnt).as("day %s", day).isEqualByComparingTo(expected.getOrDefault(day, Amounts.ZERO));
        });
    }

    // ------------------------------------------------------------------ F2: bitemporal balances

    /** F2: the state as of {@code asOf} known at {@code knownAt}, from the run's folds entry by entry, as the store streams them. */
    private static SubscriptionLedger asOf(Run run, Instant asOf, Instant knownAt) {
        BitemporalFold fold = new BitemporalFold(SUBSCRIPTION, asOf, knownAt);
        for (Run.Recorded recorded : run.recorded) {
            for (int i = 0; i < recorded.facts().size(); i++) {
                if (!fold.accept(recorded.facts().get(i), recorded.effective().get(i), recorded.now())) {
                    return fold.state();
                }
            }
        }
        return fold.state();
    }

    /** F2: with {@code knownAt} and {@code asOf} now (their defaults), the answer is the live balance. */
    @Property(tries = 500)
    void F2_known_at_now_and_as_of_now_equal_the_live_balance(@ForAll("historiesWithLateUsage") List<Step> steps) {
        Run run = new Run(steps, false);
        SubscriptionLedger answer = asOf(run, run.now, run.now);
        assertThat(answer.snapshot()).isEqualTo(run.ledger.snapshot());
        // and nothing takes effect after the ledger recorded it
        run.recorded.forEach(r -> assertThat(r.effective()).allMatch(at -> !at.isAfter(r.now())));
    }

    /** F2: known at P, the answer is the balance the ledger answered at P (recorded after each fold), whatever came later. */
    @Property(tries = 300)
    void F2_known_at_P_equals_the_balance_the_ledger_answered_at_P(@ForAll("historiesWithLateUsage") List<Step> steps) {
        Run run = new Run(steps, false);
        int checks = 0;
        for (int k = 0; k < run.recorded.size() && checks < 12; k += 1 + run.recorded.size() / 12) {
            Run.Recorded fold = run.recorded.get(k);
            int last = k; // the ledger answers at P after every fold at P
            while (last + 1 < run.recorded.size() && run.recorded.get(last + 1).now().equals(fold.now())) {
                last++;
            }
            SubscriptionLedger answered = run.recorded.get(last).after();
            assertThat(asOf(run, run.now, fold.now()).snapshot()).as("known at %s", fold.now()).isEqualTo(answered.snapshot());
            checks++;
        }
    }

    /**
     * F2: a usage that arrives late changes the answers as of any time only for knownAt at or after its arrival. Known
     * before it, every answer equals that of the same history without it; known at its arrival, as of its usage time the
     * balance holds the debits and overage it was given (those that took effect by then: a token activated after the usage
     * time pays from its activation), and as of now all of it.
     */
    @Property(tries = 500)
    void F2_a_late_usage_changes_as_of_answers_only_for_known_at_at_or_after_its_arrival(
            @ForAll("historiesWithLateUsage") List<Step> steps) {
        int late = 0;
        Instant arrivedAt = T0.plus(Duration.ofMinutes(steps.get(0).advanceMinutes()));
        while (!(steps.get(late) instanceof Late)) {
            late++;
            arrivedAt = arrivedAt.plus(Duration.ofMinutes(steps.get(late).advanceMinutes()));
        }
        Instant usageTime = arrivedAt.minus(Duration.ofMinutes(((Late) steps.get(late)).lateMinutes()));
        List<Step> withoutIt = new ArrayList<>(steps);
        withoutIt.set(late, new Tick(steps.get(late).advanceMinutes()));
        Run run = new Run(steps, false);
        Run without = new Run(withoutIt, false);
        int arrival = -1; // the fold that recorded it, if the ledger took it
        for (int k = 0; k < run.recorded.size() && arrival < 0; k++) {
            Run.Recorded fold = run.recorded.get(k);
            if (fold.now().equals(arrivedAt) && fold.facts().stream().anyMatch(f -> f.payload() instanceof UsageRecorded u
                    && u.usageTime().equals(usageTime))) {
                arrival = k;
            }
        }
        Instant end = run.now;
        for (int k = 0; k < run.recorded.size(); k += 1 + run.recorded.size() / 10) {
            Instant known = run.recorded.get(k).now();
            if (known.isBefore(arrivedAt) || arrival < 0) { // known before the arrival (or never taken): as if it never came
                for (Instant as : List.of(T0, usageTime, known, end)) {
                    assertThat(asOf(run, as, known).snapshot()).as("as of %s known at %s", as, known)
                            .isEqualTo(asOf(without, as, known).snapshot());
                }
            }
        }
        if (arrival < 0) {
            return; // the ledger did not take it (a closed subscription, another currency): it changed nothing
        }
        Run.Recorded usageFold = run.recorded.get(arrival);
        if (arrival + 1 < run.recorded.size() && run.recorded.get(arrival + 1).now().equals(arrivedAt)) {
            return; // a later fold at the same instant also counts known at the arrival, and differs between the runs
        }
        UsageRecorded usage = (UsageRecorded) usageFold.facts().stream().map(LedgerFact::payload)
                .filter(UsageRecorded.class::isInstance).findFirst().orElseThrow();
        for (Instant as : List.of(usageTime, arrivedAt)) {
            BigDecimal given = Amounts.ZERO; // what the usage took that took effect by then: debits and overage
            for (int i = 0; i < usageFold.facts().size(); i++) {
                Record payload = usageFold.facts().get(i).payload();
                boolean effective = !usageFold.effective().get(i).isAfter(as);
                if (effective && payload instanceof CreditConsumed consumed && consumed.usageId().equals(usage.usageId())) {
                    given = given.add(consumed.amount().amount());
                } else if (effective && payload instanceof OverageRecorded overage && overage.usageId().equals(usage.usageId())) {
                    given = given.add(overage.amount().amount());
                }
            }
            SubscriptionLedger with = asOf(run, as, arrivedAt);
            SubscriptionLedger before = asOf(without, as, arrivedAt);
            assertThat(with.remaining().subtract(with.overage()))
                    .as("as of %s known at the arrival: less what the usage took by then", as)
                    .isEqualByComparingTo(before.remaining().subtract(before.overage()).subtract(given));
            if (as.equals(arrivedAt)) {
                assertThat(given).as("as of its arrival all of it").isEqualByComparingTo(usage.amount().amount());
            }
        }
    }
}
