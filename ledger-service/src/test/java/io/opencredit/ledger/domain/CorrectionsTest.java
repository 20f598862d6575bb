package io.opencredit.ledger.domain;

import static io.opencredit.ledger.domain.Ev.T0;
import static io.opencredit.ledger.domain.Ev.alert;
import static io.opencredit.ledger.domain.Ev.credit;
import static io.opencredit.ledger.domain.Ev.ofType;
import static io.opencredit.ledger.domain.Ev.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventPayload;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.UsageVoided;
import io.opencredit.ledger.persistence.FactCodec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator corrections (SPEC F4) on the pure fold: adjustments and usage voids, one example per rule. */
class CorrectionsTest {

    private final UUID subscriptionId = UUID.randomUUID();
    private SubscriptionLedger ledger;
    private final List<LedgerFact> all = new ArrayList<>();

    @BeforeEach
    void open() {
        ledger = new SubscriptionLedger(subscriptionId);
        fold(Ev.created("customer@example.com"), T0);
    }

    private List<LedgerFact> fold(EventPayload input, Instant now) {
        LedgerFold.Result result = LedgerFold.fold(ledger, input, now);
        ledger = result.state();
        all.addAll(result.facts());
        return result.facts();
    }

    private LedgerFold.Result correct(Correction correction, Instant now) {
        LedgerFold.Result result = LedgerFold.correct(ledger, correction, now);
        if (result.rejection() == null) {
            ledger = result.state();
            all.addAll(result.facts());
        }
        return result;
    }

    private static Correction.Adjust adjust(String reference, String amount) {
        return new Correction.Adjust(reference, new BigDecimal(amount), "USD", "case " + reference);
    }

    /** The void of a usage, given its stored facts as the service reads them from the event store. */
    private Correction.VoidUsage voidOf(String usageId) {
        return new Correction.VoidUsage(usageId, "metered twice", all);
    }

    private static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    private TokenState token(UUID id) {
        return ledger.tokens().stream().filter(t -> t.tokenId().equals(id)).findFirst().orElseThrow();
    }

    private SubscriptionLedger replayed() {
        return LedgerFold.replay(subscriptionId, all);
    }

    @Test
    void F4_a_positive_adjustment_is_a_new_token_of_source_adjustment_for_12_months() {
        LedgerFold.Result result = correct(adjust("case-1", "250"), days(3));

        CreditAdjusted adjusted = ofType(result.facts(), CreditAdjusted.class).get(0);
        TokenState token = token(adjusted.tokenId());
        assertThat(token.source()).isEqualTo(CreditSource.ADJUSTMENT);
        assertThat(token.original()).isEqualByComparingTo("250");
        assertThat(token.paymentReference()).isEqualTo("case-1");
        assertThat(token.expiresAt()).isEqualTo(days(3).atZone(ZoneOffset.UTC).plusMonths(12).toInstant());
        assertThat(ledger.remaining()).isEqualByComparingTo("250");
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_a_negative_adjustment_is_taken_first_in_first_out_across_tokens() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        fold(credit(first, "100", T0), T0);
        fold(credit(second, "100", days(1)), days(1));

        LedgerFold.Result result = correct(adjust("case-2", "-150"), days(2));

        List<CreditAdjusted> taken = ofType(result.facts(), CreditAdjusted.class);
        assertThat(taken).extracting(CreditAdjusted::tokenId).containsExactly(first, second);
        assertThat(taken).extracting(a -> a.amount().amount()).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-100"), new BigDecimal("-50"));
        assertThat(token(first).remaining()).isEqualByComparingTo("0");
        assertThat(token(second).remaining()).isEqualByComparingTo("50");
        assertThat(ledger.remaining()).isEqualByComparingTo("50");
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_a_negative_adjustment_never_takes_the_balance_below_zero() {
        fold(credit("100", T0), T0);

        LedgerFold.Result result = correct(adjust("case-3", "-100.000001"), days(1));

        assertThat(result.rejection()).isNotNull();
        assertThat(result.rejection().slug()).isEqualTo("F4-not-enough-credit");
        assertThat(ledger.remaining()).isEqualByComparingTo("100");
        assertThat(ledger.corrected("adjustment:case-3")).isFalse();
    }

    @Test
    void F4_an_adjustment_to_zero_suspends_and_crosses_alerts_like_usage() {
        fold(credit("100", T0), T0);
        ledger = LedgerFold.fold(ledger, alert(1, "40", "ops@example.com"), T0).state();

        LedgerFold.Result result = correct(adjust("case-4", "-100"), days(1));

        assertThat(ofType(result.facts(), SubscriptionCreditLow.class)).hasSize(1);
        assertThat(ofType(result.facts(), SubscriptionSuspended.class)).hasSize(1);
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.SUSPENDED);
    }

    @Test
    void F4_a_positive_adjustment_pays_overage_first_and_reactivates() {
        fold(credit("10", T0), T0);
        fold(usage("u1", "25", days(1)), days(1)); // 15 overage, suspended
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.SUSPENDED);

        LedgerFold.Result result = correct(adjust("case-5", "100"), days(2));

        assertThat(ofType(result.facts(), OverageSettled.class)).singleElement()
                .satisfies(s -> assertThat(s.amount().amount()).isEqualByComparingTo("15"));
        assertThat(ofType(result.facts(), SubscriptionReactivated.class)).hasSize(1);
        assertThat(ledger.remaining()).isEqualByComparingTo("85");
        assertThat(ledger.overage()).isEqualByComparingTo("0");
    }

    @Test
    void F4_an_adjustment_is_applied_once_per_reference() {
        correct(adjust("case-6", "50"), days(1));

        LedgerFold.Result again = correct(adjust("case-6", "50"), days(2));

        assertThat(ofType(again.facts(), CreditAdjusted.class)).isEmpty();
        assertThat(again.ignored()).contains("already applied");
        assertThat(ledger.remaining()).isEqualByComparingTo("50");
    }

    @Test
    void F4_a_void_gives_each_debit_back_to_the_token_it_came_from() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        fold(credit(first, "100", T0), T0);
        fold(credit(second, "100", days(1)), days(1));
        fold(usage("u1", "130", days(2)), days(2));
        fold(usage("u2", "20", days(3)), days(3));

        LedgerFold.Result result = correct(voidOf("u1"), days(4));

        List<UsageVoided> voided = ofType(result.facts(), UsageVoided.class);
        assertThat(voided).extracting(UsageVoided::tokenId).containsExactly(first, second);
        assertThat(voided).extracting(UsageVoided::disposition).containsOnly(UsageVoided.RETURNED);
        assertThat(token(first).remaining()).isEqualByComparingTo("100");
        assertThat(token(second).remaining()).isEqualByComparingTo("80"); // u2 stays paid
        assertThat(ledger.remaining()).isEqualByComparingTo("180");
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_a_void_to_a_token_that_has_expired_is_forfeited_at_once() {
        UUID old = UUID.randomUUID();
        fold(credit(old, "100", T0), T0);
        fold(usage("u1", "40", days(10)), days(10));
        fold(credit("100", days(360)), days(360));
        fold(usage("u2", "1", days(370)), days(370)); // the first token expired at day 365

        LedgerFold.Result result = correct(voidOf("u1"), days(371));

        assertThat(ofType(result.facts(), UsageVoided.class)).singleElement().satisfies(v -> {
            assertThat(v.disposition()).isEqualTo(UsageVoided.FORFEITED);
            assertThat(v.tokenId()).isEqualTo(old);
            assertThat(v.amount().amount()).isEqualByComparingTo("40");
        });
        assertThat(token(old).remaining()).isEqualByComparingTo("0");
        assertThat(ledger.remaining()).isEqualByComparingTo("99");
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_a_void_cancels_the_overage_its_usage_left_and_reactivates() {
        fold(credit("10", T0), T0);
        fold(usage("u1", "25", days(1)), days(1)); // 10 from the token, 15 overage
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.SUSPENDED);

        LedgerFold.Result result = correct(voidOf("u1"), days(2));

        assertThat(ofType(result.facts(), UsageVoided.class)).extracting(UsageVoided::disposition)
                .containsExactly(UsageVoided.RETURNED, UsageVoided.OVERAGE_CANCELLED);
        assertThat(ledger.overage()).isEqualByComparingTo("0");
        assertThat(ledger.remaining()).isEqualByComparingTo("10");
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_a_void_is_applied_once_per_usage_id_and_the_usage_stays_applied() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "30", days(1)), days(1));
        correct(voidOf("u1"), days(2));

        LedgerFold.Result again = correct(voidOf("u1"), days(3));
        List<LedgerFact> redelivered = fold(usage("u1", "30", days(1)), days(3));

        assertThat(again.ignored()).contains("already applied");
        assertThat(redelivered).isEmpty();
        assertThat(ledger.remaining()).isEqualByComparingTo("100");
    }

    @Test
    void F4_a_void_of_an_unknown_usage_is_not_found_and_of_a_card_usage_is_refused() {
        fold(credit("100", T0), T0);
        fold(Ev.ineligible("m1", "30", days(1)), days(1));

        assertThat(correct(voidOf("nope"), days(2)).rejection().kind()).isEqualTo(LedgerRejection.Kind.NOT_FOUND);
        assertThat(correct(voidOf("m1"), days(2)).rejection().slug()).isEqualTo("F4-nothing-to-give-back");
    }

    @Test
    void F4_F1_a_void_takes_its_usage_out_of_the_burn_rate() {
        fold(credit("2000", T0), T0);
        fold(usage("steady", "70", days(1)), days(1)); // 10 a day over the 7-day window: 193 days of credit
        Instant burstAt = days(1).plusSeconds(6 * 3600);
        List<LedgerFact> burst = fold(usage("burst", "1400", burstAt), burstAt); // 210 a day: 530 left, 2 days
        assertThat(ofType(burst, CreditDepletionForecast.class)).singleElement()
                .satisfies(f -> assertThat(f.burnPerDay().amount()).isEqualByComparingTo("210"));

        LedgerFold.Result result = correct(voidOf("burst"), days(2));

        assertThat(ofType(result.facts(), UsageVoided.class)).singleElement()
                .satisfies(v -> assertThat(v.usageAppliedAt()).isEqualTo(burstAt));
        assertThat(ledger.forecast(days(2)).burnPerDay()).isEqualByComparingTo("10"); // the steady usage only
        assertThat(result.facts()).filteredOn(f -> f.payload() instanceof DepletionForecastRearmed).hasSize(1);
        assertThat(replayed().snapshot()).isEqualTo(ledger.snapshot());
    }

    @Test
    void F4_F1_a_void_stored_before_usage_applied_at_was_added_still_reads_and_folds_and_leaves_the_burn_rate() {
        fold(credit("10000", T0), T0);
        fold(usage("u1", "700", days(1)), days(1)); // 100 a day
        correct(voidOf("u1"), days(2));
        assertThat(ledger.forecast(days(2)).burnPerDay()).isEqualByComparingTo("0");

        // the same stream as stored before the field: the UsageVoided JSON without usageAppliedAt
        List<LedgerFact> old = new ArrayList<>();
        for (LedgerFact fact : all) {
            if (fact.payload() instanceof UsageVoided) {
                ObjectNode json = FactCodec.mapper().valueToTree(fact.payload());
                json.remove("usageAppliedAt");
                UsageVoided read = (UsageVoided) FactCodec.readPayload(fact.type(), json.toString());
                assertThat(read.usageAppliedAt()).isNull();
                old.add(new LedgerFact(fact.at(), (EventPayload) read));
            } else {
                old.add(fact);
            }
        }
        SubscriptionLedger replayed = LedgerFold.replay(subscriptionId, old);

        assertThat(replayed.remaining()).isEqualByComparingTo("10000");
        assertThat(replayed.corrected("void:u1")).isTrue();
        assertThat(replayed.forecast(days(2)).burnPerDay()).isEqualByComparingTo("100"); // as before the field
        LedgerFold.Result next = LedgerFold.fold(replayed, usage("u2", "70", days(3)), days(3));
        assertThat(next.state().remaining()).isEqualByComparingTo("9930");
        assertThat(next.state().forecast(days(3)).burnPerDay()).isEqualByComparingTo("110");
    }

    @Test
    void F4_a_closed_subscription_takes_no_corrections() {
        fold(credit("100", T0), T0);
        fold(Ev.link(days(1)), days(1));

        LedgerFold.Result result = correct(adjust("case-7", "10"), days(2));

        assertThat(result.rejection().kind()).isEqualTo(LedgerRejection.Kind.CONFLICT);
    }
}
