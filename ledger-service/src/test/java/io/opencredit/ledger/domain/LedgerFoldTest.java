package io.opencredit.ledger.domain;

import static io.opencredit.ledger.domain.Ev.T0;
import static io.opencredit.ledger.domain.Ev.alert;
import static io.opencredit.ledger.domain.Ev.credit;
import static io.opencredit.ledger.domain.Ev.ofType;
import static io.opencredit.ledger.domain.Ev.types;
import static io.opencredit.ledger.domain.Ev.usage;
import static io.opencredit.ledger.domain.Ev.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.UsageBilledToCard;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Example histories, one per rule, of the pure fold. */
class LedgerFoldTest {

    private SubscriptionLedger ledger;
    private final List<LedgerFact> all = new ArrayList<>();

    @BeforeEach
    void open() {
        ledger = new SubscriptionLedger(UUID.randomUUID());
        fold(Ev.created("customer@example.com"), T0);
    }

    private List<LedgerFact> fold(EventPayload input, Instant now) {
        return fold(LedgerPayload.of(input), now);
    }

    private List<LedgerFact> fold(LedgerPayload input, Instant now) {
        LedgerFold.Result result = LedgerFold.fold(ledger, input, now);
        ledger = result.state();
        all.addAll(result.facts());
        return result.facts();
    }

    private List<LedgerFact> tick(Instant now) {
        LedgerFold.Result result = LedgerFold.advanceTo(ledger, now);
        ledger = result.state();
        all.addAll(result.facts());
        return result.facts();
    }

    private static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    private TokenState token(UUID id) {
        return ledger.tokens().stream().filter(t -> t.tokenId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void T1_credit_creates_a_token_with_its_full_amount() {
        UUID id = UUID.randomUUID();
        List<LedgerFact> facts = fold(credit(id, "100", T0), T0);
        assertThat(types(facts)).containsExactly("CreditAdded", "BalanceChanged");
        assertThat(token(id).remaining()).isEqualByComparingTo("100");
        assertThat(token(id).status()).isEqualTo(TokenStatus.ACTIVE);
        assertThat(ofType(facts, BalanceChanged.class).get(0).remaining()).isEqualTo(usd("100"));
    }

    @Test
    void T2_usage_spans_two_tokens() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        fold(credit(first, "100", T0), T0);
        fold(credit(second, "100", days(1)), days(1));
        List<LedgerFact> facts = fold(usage("u1", "150", days(2)), days(2));
        List<CreditConsumed> debits = ofType(facts, CreditConsumed.class);
        assertThat(debits).extracting(CreditConsumed::tokenId).containsExactly(first, second);
        assertThat(debits).extracting(CreditConsumed::amount).containsExactly(usd("100"), usd("50"));
        assertThat(debits).extracting(CreditConsumed::tokenRemaining).containsExactly(usd("0"), usd("50"));
        assertThat(token(first).status()).isEqualTo(TokenStatus.USED);
        assertThat(ledger.remaining()).isEqualByComparingTo("50");
    }

    @Test
    void T2_fifo_takes_earliest_expiry_then_earliest_activation_then_token_id() {
        UUID late = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        Instant expiry = days(365);
        fold(new io.opencredit.events.CreditAdded(late, io.opencredit.events.CreditSource.OSA_KEY, usd("10"), days(5),
                days(400), "K1", "r", null), days(5));
        fold(new io.opencredit.events.CreditAdded(b, io.opencredit.events.CreditSource.OSA_KEY, usd("10"), T0, expiry, "K2", "r", null), days(5));
        fold(new io.opencredit.events.CreditAdded(a, io.opencredit.events.CreditSource.OSA_KEY, usd("10"), T0, expiry, "K3", "r", null), days(5));
        List<LedgerFact> facts = fold(usage("u", "25", days(6)), days(6));
        assertThat(ofType(facts, CreditConsumed.class)).extracting(CreditConsumed::tokenId).containsExactly(a, b, late);
    }

    @Test
    void T4_ineligible_usage_is_billed_to_card_and_never_taken_from_credit() {
        fold(credit("100", T0), T0);
        List<LedgerFact> facts = fold(Ev.ineligible("m1", "40", days(1)), days(1));
        assertThat(types(facts)).containsExactly("UsageRecorded", "UsageBilledToCard");
        assertThat(ofType(facts, UsageBilledToCard.class).get(0).amount()).isEqualTo(usd("40"));
        assertThat(ledger.remaining()).isEqualByComparingTo("100");
    }

    @Test
    void T5_the_same_usage_id_is_applied_once() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "10", days(1)), days(1));
        LedgerFold.Result again = LedgerFold.fold(ledger, usage("u1", "10", days(1)), days(1));
        assertThat(again.facts()).isEmpty();
        assertThat(again.ignored()).contains("T5");
        assertThat(again.state().remaining()).isEqualByComparingTo("90");
    }

    @Test
    void T7_S1_usage_beyond_credit_records_overage_and_suspends() {
        fold(credit("100", T0), T0);
        List<LedgerFact> facts = fold(usage("u1", "130", days(1)), days(1));
        assertThat(types(facts)).containsSubsequence("CreditConsumed", "OverageRecorded", "SubscriptionSuspended", "BalanceChanged");
        assertThat(ofType(facts, OverageRecorded.class).get(0).amount()).isEqualTo(usd("30"));
        SubscriptionSuspended suspended = ofType(facts, SubscriptionSuspended.class).get(0);
        assertThat(suspended.overage()).isEqualTo(usd("30"));
        assertThat(suspended.deprovisionAt()).isEqualTo(days(91));
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.SUSPENDED);
    }

    @Test
    void S1_credit_used_to_exactly_zero_suspends_without_overage() {
        fold(credit("100", T0), T0);
        List<LedgerFact> facts = fold(usage("u1", "100", days(1)), days(1));
        assertThat(ofType(facts, SubscriptionSuspended.class)).hasSize(1);
        assertThat(ofType(facts, OverageRecorded.class)).isEmpty();
        assertThat(ledger.overage()).isEqualByComparingTo("0");
    }

    @Test
    void S2_reactivation_settles_overage_first() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "130", days(1)), days(1));
        UUID topUp = UUID.randomUUID();
        List<LedgerFact> facts = fold(credit(topUp, "100", days(10)), days(10));
        assertThat(types(facts)).containsExactly("CreditAdded", "OverageSettled", "SubscriptionReactivated", "BalanceChanged");
        OverageSettled settled = ofType(facts, OverageSettled.class).get(0);
        assertThat(settled.tokenId()).isEqualTo(topUp);
        assertThat(settled.amount()).isEqualTo(usd("30"));
        assertThat(settled.remainingOverage()).isEqualTo(usd("0"));
        SubscriptionReactivated reactivated = ofType(facts, SubscriptionReactivated.class).get(0);
        assertThat(reactivated.overageSettled()).isEqualTo(usd("30"));
        assertThat(reactivated.remaining()).isEqualTo(usd("70"));
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(token(topUp).remaining()).isEqualByComparingTo("70");
    }

    @Test
    void S2_credit_smaller_than_the_overage_keeps_the_subscription_suspended() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "150", days(1)), days(1));
        List<LedgerFact> facts = fold(credit("20", days(2)), days(2));
        assertThat(ofType(facts, OverageSettled.class).get(0).remainingOverage()).isEqualTo(usd("30"));
        assertThat(ofType(facts, SubscriptionReactivated.class)).isEmpty();
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.SUSPENDED);
    }

    @Test
    void S3_deprovisioned_90_days_after_suspension_and_takes_no_more_credit_or_usage() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "100", days(1)), days(1));
        assertThat(tick(days(90))).isEmpty();
        List<LedgerFact> facts = tick(days(91));
        assertThat(ofType(facts, SubscriptionDeprovisioned.class)).hasSize(1);
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.DEPROVISIONED);
        // R4: the late credit is not dropped silently but rejected; the balance stays as it was
        assertThat(types(fold(credit("100", days(92)), days(92)))).containsExactly("CreditRejected");
        assertThat(fold(usage("u2", "1", days(92)), days(92))).isEmpty();
        assertThat(ledger.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void S3_credit_arriving_after_the_90_days_is_refused_even_before_a_tick() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "100", days(1)), days(1));
        LedgerFold.Result late = LedgerFold.fold(ledger, credit("100", days(95)), days(95));
        assertThat(types(late.facts())).containsExactly("SubscriptionDeprovisioned", "CreditRejected", "BalanceChanged");
        assertThat(ofType(late.facts(), CreditRejected.class).get(0).reason()).isEqualTo(CreditRejected.DEPROVISIONED);
    }

    @Test
    void S4_link_to_enterprise_agreement_forfeits_every_token_with_credit() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        fold(credit(a, "100", T0), T0);
        fold(credit(b, "50", days(1)), days(1));
        fold(usage("u1", "20", days(1)), days(1));
        List<LedgerFact> facts = fold(Ev.link(days(2)), days(2));
        assertThat(ofType(facts, CreditForfeited.class)).extracting(CreditForfeited::amount)
                .containsExactlyInAnyOrder(usd("80"), usd("50"));
        assertThat(ledger.status()).isEqualTo(SubscriptionStatus.LINKED_TO_EA);
        assertThat(ledger.tokens()).allMatch(t -> t.status() == TokenStatus.FORFEITED);
        assertThat(types(fold(credit("10", days(3)), days(3)))).containsExactly("CreditRejected"); // R4
    }

    @Test
    void A1_token_balance_low_fires_once() {
        UUID id = UUID.randomUUID();
        fold(credit(id, "100", T0), T0);
        assertThat(ofType(fold(usage("u1", "69", days(1)), days(1)), TokenBalanceLow.class)).isEmpty();
        List<TokenBalanceLow> low = ofType(fold(usage("u2", "1", days(1)), days(1)), TokenBalanceLow.class);
        assertThat(low).hasSize(1);
        assertThat(low.get(0).remaining()).isEqualTo(usd("30"));
        assertThat(low.get(0).thresholdPercent()).isEqualTo(30);
        assertThat(ofType(fold(usage("u3", "10", days(2)), days(2)), TokenBalanceLow.class)).isEmpty();
        assertThat(ofType(fold(usage("u4", "20", days(2)), days(2)), TokenBalanceLow.class)).isEmpty();
    }

    @Test
    void A2_token_expiring_fires_30_days_before_expiry_if_credit_is_left() {
        UUID id = UUID.randomUUID();
        fold(credit(id, "100", T0), T0);
        Instant expires = token(id).expiresAt();
        assertThat(tick(expires.minus(Duration.ofDays(30)).minusSeconds(1))).isEmpty();
        List<TokenExpiring> expiring = ofType(tick(expires.minus(Duration.ofDays(30))), TokenExpiring.class);
        assertThat(expiring).hasSize(1);
        assertThat(expiring.get(0).expiresAt()).isEqualTo(expires);
        assertThat(tick(expires.minus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void A2_a_used_token_gets_no_expiry_notice() {
        UUID id = UUID.randomUUID();
        fold(credit(id, "100", T0), T0);
        fold(credit("100", days(1)), days(1));
        fold(usage("u", "100", days(1)), days(1));
        assertThat(ofType(tick(days(400)), TokenExpiring.class)).extracting(TokenExpiring::tokenId).doesNotContain(id);
    }

    @Test
    void T8_expiry_forfeits_remainder() {
        UUID id = UUID.randomUUID();
        fold(credit(id, "100", T0), T0);
        fold(usage("u1", "40", days(1)), days(1));
        Instant expires = token(id).expiresAt();
        List<LedgerFact> facts = tick(expires);
        TokenExpired expired = ofType(facts, TokenExpired.class).get(0);
        assertThat(expired.forfeited()).isEqualTo(usd("60"));
        assertThat(expired.expiredAt()).isEqualTo(expires);
        assertThat(token(id).status()).isEqualTo(TokenStatus.EXPIRED);
        assertThat(ledger.remaining()).isEqualByComparingTo("0");
        assertThat(ofType(facts, SubscriptionSuspended.class)).hasSize(1);
        assertThat(tick(expires.plusSeconds(10))).isEmpty();
    }

    @Test
    void T8_expired_tokens_never_pay_late_usage() {
        UUID old = UUID.randomUUID();
        fold(credit(old, "100", T0), T0);
        UUID fresh = UUID.randomUUID();
        fold(credit(fresh, "100", days(200)), days(200));
        List<LedgerFact> facts = fold(usage("u", "10", days(370)), days(370));
        assertThat(ofType(facts, CreditConsumed.class)).extracting(CreditConsumed::tokenId).containsExactly(fresh);
        assertThat(types(facts)).startsWith("TokenExpiring", "TokenExpired");
    }

    @Test
    void C1_a_jump_of_many_months_fires_every_due_event_in_due_order() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        fold(credit(a, "100", T0), T0);
        fold(credit(b, "100", days(40)), days(40));
        List<LedgerFact> facts = tick(days(900));
        assertThat(types(facts)).containsExactly("TokenExpiring", "TokenExpired", "TokenExpiring", "TokenExpired",
                "SubscriptionSuspended", "SubscriptionDeprovisioned", "BalanceChanged");
        assertThat(ofType(facts, TokenExpired.class)).extracting(TokenExpired::tokenId).containsExactly(a, b);
        Instant bExpiry = token(b).expiresAt();
        assertThat(ofType(facts, SubscriptionSuspended.class).get(0).suspendedAt()).isEqualTo(bExpiry);
        assertThat(ofType(facts, SubscriptionDeprovisioned.class).get(0).deprovisionedAt()).isEqualTo(bExpiry.plus(Duration.ofDays(90)));
        List<Instant> times = facts.stream().filter(LedgerFact::stored).map(LedgerFact::at).toList();
        assertThat(times).isSorted();
    }

    @Test
    void A3_subscription_alert_fires_once_per_crossing() {
        fold(credit("100", T0), T0);
        fold(alert(1, "50", "ops@example.com", "cfo@example.com"), T0);
        assertThat(ofType(fold(usage("u1", "40", days(1)), days(1)), SubscriptionCreditLow.class)).isEmpty();
        List<SubscriptionCreditLow> low = ofType(fold(usage("u2", "10", days(1)), days(1)), SubscriptionCreditLow.class);
        assertThat(low).hasSize(1);
        assertThat(low.get(0).remaining()).isEqualTo(usd("50"));
        assertThat(low.get(0).recipients()).containsExactly("ops@example.com", "cfo@example.com");
        assertThat(ofType(fold(usage("u3", "10", days(2)), days(2)), SubscriptionCreditLow.class)).isEmpty();
    }

    @Test
    void A3_subscription_alert_rearms_after_top_up() {
        fold(credit("100", T0), T0);
        fold(alert(2, "50", "ops@example.com"), T0);
        assertThat(ofType(fold(usage("u1", "60", days(1)), days(1)), SubscriptionCreditLow.class)).hasSize(1);
        fold(credit("100", days(2)), days(2));
        assertThat(ledger.alerts().get(2).armed()).isTrue();
        assertThat(ofType(fold(usage("u2", "100", days(3)), days(3)), SubscriptionCreditLow.class)).hasSize(1);
    }

    @Test
    void A3_alert_set_below_the_balance_waits_for_a_rise_before_firing() {
        fold(credit("100", T0), T0);
        fold(alert(1, "500", "ops@example.com"), T0);
        assertThat(ofType(fold(usage("u1", "10", days(1)), days(1)), SubscriptionCreditLow.class)).isEmpty();
    }

    @Test
    void A3_sixth_alert_third_address_and_malformed_email_are_refused() {
        assertThat(rejection(alert(6, "10", "a@example.com")).kind()).isEqualTo(LedgerRejection.Kind.INVALID);
        assertThat(rejection(alert(1, "10", "a@example.com", "b@example.com", "c@example.com")).getMessage()).contains("1 or 2");
        assertThat(rejection(alert(1, "10", "not an email")).getMessage()).contains("not a valid email");
        assertThat(rejection(alert(1, "10", "a@example.com\r\nBcc: x@evil.example"))).isNotNull();
        assertThat(rejection(new AlertRuleSet(1, Money.of("10", "EUR"), List.of("a@example.com"))).getMessage()).contains("currency");
        assertThat(rejection(new AlertRuleRemoved(3)).kind()).isEqualTo(LedgerRejection.Kind.NOT_FOUND);
        assertThat(ledger.alerts()).isEmpty();
    }

    @Test
    void A3_recipients_follow_the_suite_email_rule_refused_as_alerting_refuses_them_and_kept_normalised() {
        fold(credit("100", T0), T0);
        assertThat(rejection(alert(1, "10", "a..b@example.com")).slug()).isEqualTo("A3-malformed-email");
        assertThat(rejection(alert(1, "10", ".ops@example.com")).slug()).isEqualTo("A3-malformed-email");
        assertThat(rejection(alert(1, "10", "ops@example.com", " OPS@Example.com ")).slug()).isEqualTo("A3-duplicate-recipient");
        fold(alert(1, "10", " Ops@Example.COM "), T0);
        assertThat(ledger.alerts().get(1).recipients()).containsExactly("ops@example.com");
    }

    private LedgerRejection rejection(LedgerPayload.Internal command) {
        LedgerFold.Result result = LedgerFold.fold(ledger, command, T0);
        assertThat(result.facts()).isEmpty();
        return result.rejection();
    }

    @Test
    void M3_credit_or_usage_in_another_currency_changes_nothing() {
        fold(credit("100", T0), T0);
        io.opencredit.events.CreditAdded eur = new io.opencredit.events.CreditAdded(UUID.randomUUID(),
                io.opencredit.events.CreditSource.OSA_KEY, Money.of("93", "EUR"), T0, days(365), "K", "r", null);
        LedgerFold.Result result = LedgerFold.fold(ledger, eur, T0);
        // R4: the balance stays as it was and the credit is rejected visibly
        assertThat(types(result.facts())).containsExactly("CreditRejected");
        assertThat(result.state().remaining()).isEqualByComparingTo("100");
        assertThat(result.state().tokens()).hasSize(1);
    }

    @Test
    void R4_a_key_credit_after_deprovisioning_is_rejected_with_its_key_amount_and_reason() {
        fold(credit("100", T0), T0);
        fold(usage("u1", "100", days(1)), days(1));
        tick(days(91));
        UUID tokenId = UUID.randomUUID();
        List<LedgerFact> facts = fold(credit(tokenId, "250", days(92)), days(92));
        assertThat(ofType(facts, CreditRejected.class)).containsExactly(new CreditRejected(tokenId, CreditSource.OSA_KEY,
                "KEY-" + tokenId, usd("250"), CreditRejected.DEPROVISIONED, "the subscription was deprovisioned"));
        assertThat(ledger.tokens()).extracting(TokenState::tokenId).doesNotContain(tokenId);
        assertThat(ledger.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void R4_a_card_credit_after_an_enterprise_agreement_link_is_rejected_with_its_payment_reference() {
        fold(credit("100", T0), T0);
        fold(Ev.link(days(1)), days(1));
        io.opencredit.events.CreditAdded card = Ev.card("40", days(2));
        CreditRejected rejected = ofType(fold(card, days(2)), CreditRejected.class).get(0);
        assertThat(rejected.source()).isEqualTo(CreditSource.CREDIT_CARD);
        assertThat(rejected.reference()).isEqualTo(card.paymentReference());
        assertThat(rejected.reason()).isEqualTo(CreditRejected.ENTERPRISE_AGREEMENT);
        assertThat(rejected.amount()).isEqualTo(usd("40"));
    }

    @Test
    void R4_a_credit_in_another_currency_is_rejected_as_a_currency_mismatch() {
        fold(credit("100", T0), T0);
        io.opencredit.events.CreditAdded eur = new io.opencredit.events.CreditAdded(UUID.randomUUID(),
                CreditSource.OSA_KEY, Money.of("93", "EUR"), T0, days(365), "K", "r", null);
        CreditRejected rejected = ofType(fold(eur, T0), CreditRejected.class).get(0);
        assertThat(rejected.reason()).isEqualTo(CreditRejected.CURRENCY_MISMATCH);
        assertThat(rejected.amount()).isEqualTo(Money.of("93", "EUR"));
    }

    @Test
    void R4_a_redelivered_rejected_credit_is_rejected_once_also_after_a_snapshot_and_a_replay() {
        fold(credit("100", T0), T0);
        fold(Ev.link(days(1)), days(1));
        io.opencredit.events.CreditAdded late = credit("10", days(2));
        assertThat(types(fold(late, days(2)))).containsExactly("CreditRejected");
        assertThat(fold(late, days(3))).isEmpty();
        SubscriptionLedger restored = SubscriptionLedger.restore(ledger.snapshot(), java.util.Set.of());
        assertThat(LedgerFold.fold(restored, late, days(4)).facts()).isEmpty();
        SubscriptionLedger replayed = LedgerFold.replay(ledger.subscriptionId(), all);
        assertThat(replayed.snapshot()).isEqualTo(ledger.snapshot());
        assertThat(LedgerFold.fold(replayed, late, days(4)).facts()).isEmpty();
    }

    @Test
    void usage_for_a_subscription_not_yet_created_is_still_folded() {
        SubscriptionLedger unknown = new SubscriptionLedger(UUID.randomUUID());
        LedgerFold.Result result = LedgerFold.fold(unknown, usage("u", "5", T0), T0);
        assertThat(types(result.facts())).containsExactly("UsageRecorded", "OverageRecorded", "SubscriptionSuspended", "BalanceChanged");
        assertThat(result.state().currency()).isEqualTo("USD");
        assertThat(result.state().created()).isFalse();
    }

    @Test
    void the_fold_never_changes_the_state_it_is_given() {
        fold(credit("100", T0), T0);
        LedgerSnapshot before = ledger.snapshot();
        LedgerFold.fold(ledger, usage("u1", "30", days(1)), days(1));
        LedgerFold.advanceTo(ledger, days(800));
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    @Test
    void replaying_the_stored_facts_gives_the_live_state() {
        fold(credit("100", T0), T0);
        fold(alert(1, "50", "a@example.com"), T0);
        fold(usage("u1", "130", days(1)), days(1));
        fold(credit("100", days(3)), days(3));
        tick(days(500));
        SubscriptionLedger replayed = LedgerFold.replay(ledger.subscriptionId(), all);
        assertThat(replayed.snapshot()).isEqualTo(ledger.snapshot());
        assertThat(replayed.usageIds()).isEqualTo(ledger.usageIds());
        assertThat(ledger.version()).isEqualTo(all.stream().filter(LedgerFact::stored).count());
        assertThat(BigDecimal.ZERO).isNotNull();
    }
}
