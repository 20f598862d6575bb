package io.opencredit.ledger.domain;

import static io.opencredit.ledger.domain.Ev.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.ledger.persistence.FactCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the event store writes reads back equal: every kind of fact, and the state snapshot. */
class FactCodecTest {

    @Test
    void every_fact_and_the_snapshot_survive_json() {
        List<LedgerFact> facts = new ArrayList<>();
        SubscriptionLedger ledger = new SubscriptionLedger(UUID.randomUUID());
        ledger = take(LedgerFold.fold(ledger, Ev.created("owner@example.com"), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.coAdmin("reseller@example.com"), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.credit("100.123456", T0), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.card("50", T0.plusSeconds(60)), T0.plusSeconds(60)), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.alert(1, "75.5", "a@example.com", "b@example.com"), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.usage("u1", "80", T0), T0.plusSeconds(120)), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.ineligible("u2", "3", T0), T0.plusSeconds(120)), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.usage("u3", "100", T0), T0.plusSeconds(180)), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.credit("300", T0.plus(Duration.ofDays(10))), T0.plus(Duration.ofDays(10))), facts);
        ledger = take(LedgerFold.fold(ledger, new AlertRuleRemoved(1), T0.plus(Duration.ofDays(10))), facts);
        ledger = take(LedgerFold.advanceTo(ledger, T0.plus(Duration.ofDays(380))), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.link(T0.plus(Duration.ofDays(381))), T0.plus(Duration.ofDays(381))), facts);
        assertThat(facts).extracting(LedgerFact::type).contains("OverageSettled", "SubscriptionReactivated",
                "TokenBalanceLow", "SubscriptionCreditLow", "TokenExpired", "UsageBilledToCard", "AlertRuleSet", "AlertRuleRemoved");
        for (LedgerFact fact : facts) {
            String json = FactCodec.write(fact.payload());
            assertThat(FactCodec.readPayload(fact.type(), json)).as(json).isEqualTo(fact.payload());
        }
        LedgerSnapshot snapshot = ledger.snapshot();
        assertThat(FactCodec.readSnapshot(FactCodec.write(snapshot))).isEqualTo(snapshot);
    }

    private static SubscriptionLedger take(LedgerFold.Result result, List<LedgerFact> facts) {
        facts.addAll(result.facts());
        return result.state();
    }

    /** F1 and F4: corrections, forecasts, their internal facts and the snapshot's new fields read back equal too. */
    @Test
    void F4_F1_corrections_forecasts_and_their_snapshot_survive_json() {
        List<LedgerFact> facts = new ArrayList<>();
        SubscriptionLedger ledger = new SubscriptionLedger(UUID.randomUUID());
        ledger = take(LedgerFold.fold(ledger, Ev.created("owner@example.com"), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.credit("1000", T0), T0), facts);
        ledger = take(LedgerFold.fold(ledger, new ForecastSettingsSet(60, 1), T0), facts);
        ledger = take(LedgerFold.fold(ledger, Ev.usage("u1", "25.123456", T0.plusSeconds(60)), T0.plusSeconds(60)), facts);
        ledger = take(LedgerFold.correct(ledger, new Correction.Adjust("case-1", new java.math.BigDecimal("-10.5"), "USD", "why"),
                T0.plusSeconds(120)), facts);
        ledger = take(LedgerFold.correct(ledger, new Correction.Adjust("case-2", new java.math.BigDecimal("5000"), "USD", "why"),
                T0.plusSeconds(180)), facts);
        ledger = take(LedgerFold.correct(ledger, new Correction.VoidUsage("u1", "why", facts), T0.plusSeconds(240)), facts);
        assertThat(facts).extracting(LedgerFact::type).contains("ForecastSettingsSet", "CreditDepletionForecast",
                "DepletionForecastRearmed", "CreditAdjusted", "UsageVoided");
        for (LedgerFact fact : facts) {
            String json = FactCodec.write(fact.payload());
            assertThat(FactCodec.readPayload(fact.type(), json)).as(json).isEqualTo(fact.payload());
        }
        LedgerSnapshot snapshot = ledger.snapshot();
        assertThat(snapshot.usageByDay()).isNotEmpty();
        assertThat(snapshot.corrections()).containsExactly("adjustment:case-1", "adjustment:case-2", "void:u1");
        assertThat(FactCodec.readSnapshot(FactCodec.write(snapshot))).isEqualTo(snapshot);
    }
}
