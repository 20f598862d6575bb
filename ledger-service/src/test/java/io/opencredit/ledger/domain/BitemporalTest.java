package io.opencredit.ledger.domain;

import static io.opencredit.ledger.domain.Ev.T0;
import static io.opencredit.ledger.domain.Ev.credit;
import static io.opencredit.ledger.domain.Ev.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventPayload;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bitemporal balances (SPEC F2) on the pure fold: effective and recorded time, one example per rule. */
class BitemporalTest {

    /** One fold as the event store keeps it: recorded at the fold's now, each fact with its effective time. */
    private record Recorded(Instant at, List<LedgerFact> facts, List<Instant> effective) {
    }

    private final UUID subscriptionId = UUID.randomUUID();
    private final List<Recorded> store = new ArrayList<>();
    private SubscriptionLedger ledger;

    @BeforeEach
    void open() {
        ledger = new SubscriptionLedger(subscriptionId);
        fold(Ev.created("customer@example.com"), T0);
    }

    private void fold(EventPayload input, Instant now) {
        record(LedgerFold.fold(ledger, input, now), now);
    }

    private void record(LedgerFold.Result result, Instant now) {
        ledger = result.state();
        store.add(new Recorded(now, result.facts(), EffectiveTime.of(result.facts(), ledger::activatedAt)));
    }

    private SubscriptionLedger balance(Instant asOf, Instant knownAt) {
        BitemporalFold fold = new BitemporalFold(subscriptionId, asOf, knownAt);
        for (Recorded recorded : store) {
            for (int i = 0; i < recorded.facts().size(); i++) {
                if (!fold.accept(recorded.facts().get(i), recorded.effective().get(i), recorded.at())) {
                    return fold.state();
                }
            }
        }
        return fold.state();
    }

    private static Instant hours(double h) {
        return T0.plus(Duration.ofMinutes((long) (h * 60)));
    }

    @Test
    void F2_a_late_usage_counts_as_of_its_usage_time_only_known_at_or_after_its_arrival() {
        fold(credit("100", T0), T0);
        fold(usage("late-1", "40", hours(1)), hours(5)); // used at 1:00, reaches the ledger at 5:00

        assertThat(balance(hours(2), hours(3)).remaining()).as("as of 2:00 known at 3:00").isEqualByComparingTo("100");
        assertThat(balance(hours(2), hours(5)).remaining()).as("as of 2:00 known at 5:00").isEqualByComparingTo("60");
        assertThat(balance(hours(0.5), hours(6)).remaining()).as("as of 0:30, before it was used").isEqualByComparingTo("100");
        assertThat(balance(hours(6), hours(6)).snapshot()).as("now, as known now: the live balance").isEqualTo(ledger.snapshot());
    }

    @Test
    void F2_a_late_usage_keeps_the_fifo_debits_it_was_given_and_a_token_pays_from_its_activation() {
        CreditAdded first = credit("10", T0);
        fold(first, T0);
        fold(usage("u-1", "10", hours(1)), hours(1)); // empties the first token
        CreditAdded second = credit("100", hours(2));
        fold(second, hours(2));
        fold(usage("late-2", "30", hours(0.5)), hours(3)); // used at 0:30, when the first token still held 10

        List<CreditConsumed> debits = store.get(store.size() - 1).facts().stream().map(LedgerFact::payload)
                .filter(CreditConsumed.class::isInstance).map(CreditConsumed.class::cast).toList();
        assertThat(debits).as("paid as the ledger applied it: by the second token, not re-ordered onto the first")
                .singleElement().extracting(CreditConsumed::tokenId).isEqualTo(second.tokenId());
        SubscriptionLedger asOfUsage = balance(hours(0.75), hours(4));
        assertThat(asOfUsage.remaining()).as("as of 0:45 the first token's 10, the late debit not yet in effect")
                .isEqualByComparingTo("10");
        assertThat(balance(hours(1.5), hours(4)).remaining()).isEqualByComparingTo("0");
        assertThat(balance(hours(2), hours(4)).remaining()).as("the second token pays from its activation at 2:00")
                .isEqualByComparingTo("70");
        assertThat(balance(hours(2), hours(2.5)).remaining()).as("known before the late usage arrived").isEqualByComparingTo("100");
    }

    @Test
    void F2_an_expiry_takes_effect_at_its_due_time_but_counts_only_once_the_ledger_recorded_it() {
        CreditAdded token = credit("50", T0);
        fold(token, T0);
        Instant expiry = token.expiresAt();
        Instant noticed = expiry.plus(Duration.ofDays(10)); // the clock jumped: the ledger fired it ten days late
        record(LedgerFold.advanceTo(ledger, noticed), noticed);
        assertThat(store.get(store.size() - 1).facts()).anyMatch(f -> f.payload() instanceof TokenExpired);

        assertThat(balance(expiry.plusSeconds(1), expiry.plus(Duration.ofDays(5))).remaining())
                .as("as of just after the expiry, known before the ledger fired it").isEqualByComparingTo("50");
        assertThat(balance(expiry.plusSeconds(1), noticed).remaining()).as("known once fired").isEqualByComparingTo("0");
        assertThat(balance(expiry.minusSeconds(1), noticed).remaining()).as("as of before its due time").isEqualByComparingTo("50");
    }

    @Test
    void F2_nothing_takes_effect_after_the_ledger_recorded_it_and_entries_stored_before_F2_read_by_their_own_times() {
        fold(credit("20", hours(9)), hours(1)); // an activation time after the ledger's now
        UsageRecorded early = usage("u-1", "5", hours(0.5));
        fold(early, hours(2));

        Recorded credit = store.get(1);
        assertThat(credit.effective().get(0)).as("a credit takes effect when the ledger applied it at the latest").isEqualTo(hours(1));
        Recorded used = store.get(2);
        assertThat(used.effective().get(0)).isEqualTo(hours(0.5));
        assertThat(used.effective().get(1)).as("its debit: from the token's effective activation").isEqualTo(hours(2));
        assertThat(EffectiveTime.standalone(used.facts().get(0))).as("a usage stored without one: its usage time")
                .isEqualTo(hours(0.5));
        assertThat(EffectiveTime.standalone(used.facts().get(1))).as("any other fact stored without one: its own time")
                .isEqualTo(used.facts().get(1).at());
    }
}
