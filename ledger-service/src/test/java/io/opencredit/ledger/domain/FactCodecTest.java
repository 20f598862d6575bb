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
        SubscriptionLedger ledger = new SubscriptionLedger(UUID.randomUUID());
        List<LedgerFact> facts = new ArrayList<>();
        facts.addAll(ledger.handle(Ev.created("owner@example.com"), T0).facts());
        facts.addAll(ledger.handle(Ev.coAdmin("reseller@example.com"), T0).facts());
        facts.addAll(ledger.handle(Ev.credit("100.123456", T0), T0).facts());
        facts.addAll(ledger.handle(Ev.card("50", T0.plusSeconds(60)), T0.plusSeconds(60)).facts());
        facts.addAll(ledger.handle(Ev.alert(1, "75.5", "a@example.com", "b@example.com"), T0).facts());
        facts.addAll(ledger.handle(Ev.usage("u1", "80", T0), T0.plusSeconds(120)).facts());
        facts.addAll(ledger.handle(Ev.ineligible("u2", "3", T0), T0.plusSeconds(120)).facts());
        facts.addAll(ledger.handle(Ev.usage("u3", "100", T0), T0.plusSeconds(180)).facts());
        facts.addAll(ledger.handle(Ev.credit("300", T0.plus(Duration.ofDays(10))), T0.plus(Duration.ofDays(10))).facts());
        facts.addAll(ledger.handle(new AlertRuleRemoved(1), T0.plus(Duration.ofDays(10))).facts());
        facts.addAll(ledger.advanceTo(T0.plus(Duration.ofDays(380))).facts());
        facts.addAll(ledger.handle(Ev.link(T0.plus(Duration.ofDays(381))), T0.plus(Duration.ofDays(381))).facts());
        assertThat(facts).extracting(LedgerFact::type).contains("OverageSettled", "SubscriptionReactivated",
                "TokenBalanceLow", "SubscriptionCreditLow", "TokenExpired", "UsageBilledToCard", "AlertRuleSet", "AlertRuleRemoved");
        for (LedgerFact fact : facts) {
            String json = FactCodec.write(fact.payload());
            assertThat(FactCodec.readPayload(fact.type(), json)).as(json).isEqualTo(fact.payload());
        }
        LedgerSnapshot snapshot = ledger.snapshot();
        assertThat(FactCodec.readSnapshot(FactCodec.write(snapshot))).isEqualTo(snapshot);
    }
}
