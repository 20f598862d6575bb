package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each statement entry's effect on the remaining credit, for an operator's corrections (SPEC F4). */
class StatementTest {

    private static final Instant AT = Instant.parse("2026-04-01T09:00:00Z");

    @Test
    void F4_an_adjustment_is_a_signed_change_up_for_a_new_adjustment_token_down_for_credit_taken_from_a_token() {
        List<Statement.Entry> entries = Statement.of(new StatementFixtures("USD")
                .credit(AT, "t1", "100")
                .adjustment(AT, "ticket-7", "a1", "25.50", "25.50", "goodwill")
                .adjustment(AT, "ticket-8", "t1", "-40.25", "59.75", "billing error")
                .body()).entries();

        Statement.Entry added = entries.get(1);
        assertThat(added.type()).isEqualTo("CreditAdjusted");
        assertThat(added.amount()).isEqualByComparingTo("25.50");
        assertThat(added.change()).isEqualByComparingTo("25.50");
        assertThat(added.tokenId()).isEqualTo("a1");
        assertThat(added.reason()).isEqualTo("goodwill");
        assertThat(added.label()).isEqualTo("CreditAdjusted_ADDED");

        Statement.Entry taken = entries.get(2);
        // the ledger writes what it took with a minus sign; the entry keeps it, and the change is that amount
        assertThat(taken.amount()).isEqualByComparingTo("-40.25");
        assertThat(taken.change()).isEqualByComparingTo("-40.25");
        assertThat(taken.tokenId()).isEqualTo("t1");
        assertThat(taken.reason()).isEqualTo("billing error");
        assertThat(taken.label()).isEqualTo("CreditAdjusted_TAKEN");
    }

    @Test
    void F4_a_void_returned_to_its_token_is_credit_again_and_a_forfeited_or_cancelled_part_changes_nothing() {
        List<Statement.Entry> entries = Statement.of(new StatementFixtures("USD")
                .voided(AT, "u1", "t1", "12.5", "RETURNED", "meter fault")
                .voided(AT, "u1", "t0", "3", "FORFEITED", "meter fault")
                .voided(AT, "u1", null, "1.25", "OVERAGE_CANCELLED", "meter fault")
                .body()).entries();

        assertThat(entries).extracting(Statement.Entry::usageId).containsOnly("u1");
        assertThat(entries).extracting(Statement.Entry::amount).extracting(a -> a.stripTrailingZeros().toPlainString())
                .containsExactly("12.5", "3", "1.25");
        assertThat(entries).extracting(e -> e.change().stripTrailingZeros().toPlainString()).containsExactly("12.5", "0", "0");
        assertThat(entries).extracting(Statement.Entry::label)
                .containsExactly("UsageVoided_RETURNED", "UsageVoided_FORFEITED", "UsageVoided_OVERAGE_CANCELLED");
        assertThat(entries).extracting(Statement.Entry::reason).containsOnly("meter fault");
        assertThat(entries.get(2).tokenId()).isNull();
    }

    @Test
    void F4_overage_settled_from_new_credit_takes_that_credit_from_its_token() {
        // a positive adjustment pays owed overage first (T7): the adjustment's credit is then partly gone
        List<Statement.Entry> entries = Statement.of(new StatementFixtures("USD")
                .adjustment(AT, "ticket-9", "a1", "20", "20", "goodwill")
                .overageSettled(AT, "a1", "5", "0")
                .body()).entries();

        assertThat(entries.get(1).amount()).isEqualByComparingTo("5");
        assertThat(entries.get(1).change()).isEqualByComparingTo("-5");
    }

    @Test
    void F4_other_entries_keep_their_type_as_label_and_carry_no_reason() {
        Statement.Entry usage = Statement.of(new StatementFixtures("USD").usage(AT, "u1", "Compute", "vm", "1", "2", "t1").body())
                .entries().get(0);
        assertThat(usage.label()).isEqualTo("UsageRecorded");
        assertThat(usage.reason()).isNull();
        assertThat(usage.disposition()).isNull();
    }
}
