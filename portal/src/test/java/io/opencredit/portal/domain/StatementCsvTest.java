package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementCsvTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void Portal_csv_has_a_header_and_one_row_per_entry_with_exact_amounts() {
        Statement statement = Statement.of(new StatementFixtures("NOK")
                .other(AT, "SubscriptionCreated")
                .credit(AT, "t1", "1000.000001")
                .usage(AT, "u1", "Virtual Machines", "vm-1", "2.5", "12.345678", "t1")
                .body());

        List<String> lines = StatementCsv.write(statement).lines().toList();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(StatementCsv.HEADER);
        assertThat(lines.get(1)).isEqualTo("1,2026-03-01T10:15:30Z,SubscriptionCreated,,,,,,,,");
        assertThat(lines.get(2)).isEqualTo("2,2026-03-01T10:15:30Z,CreditAdded,1000.000001,NOK,1000.000001,t1,,,,");
        assertThat(lines.get(3)).isEqualTo("3,2026-03-01T10:15:30Z,UsageRecorded,12.345678,NOK,,,u1,Virtual Machines,vm-1,2.5");
        assertThat(lines.get(4)).isEqualTo("4,2026-03-01T10:15:30Z,CreditConsumed,12.345678,NOK,-12.345678,t1,u1,,,");
    }

    @Test
    void Portal_csv_quotes_separators_and_defuses_spreadsheet_formulas() {
        assertThat(StatementCsv.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(StatementCsv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(StatementCsv.text("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(StatementCsv.text("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(StatementCsv.text("plain")).isEqualTo("plain");
    }

    @Test
    void Portal_a_statement_read_in_the_ledgers_pages_is_every_entry_once_in_order() throws Exception {
        StatementFixtures first = new StatementFixtures("NOK").other(AT, "SubscriptionCreated").credit(AT, "t1", "10");
        first.body().put("next", "cursor-2");
        StatementFixtures second = new StatementFixtures("NOK").other(AT, "SubscriptionCreated").other(AT, "SubscriptionCreated")
                .other(AT, "AlertRuleSet");
        second.body().putNull("next");
        Statement page1 = Statement.parse(io.opencredit.portal.client.ServiceApi.JSON.writeValueAsBytes(first.body()));
        Statement page2 = Statement.parse(io.opencredit.portal.client.ServiceApi.JSON.writeValueAsBytes(second.body()));

        assertThat(page1.next()).isEqualTo("cursor-2");
        Statement whole = page1.followedBy(page2);
        assertThat(whole.next()).isNull();
        assertThat(whole.currency()).isEqualTo("NOK");
        assertThat(whole.entries()).extracting(Statement.Entry::type)
                .containsExactly("SubscriptionCreated", "CreditAdded", "SubscriptionCreated", "SubscriptionCreated", "AlertRuleSet");
    }

    @Test
    void F4_the_csv_carries_the_amounts_and_balance_changes_of_adjustments_and_voids() {
        Statement statement = Statement.of(new StatementFixtures("NOK")
                .adjustment(AT, "ticket-1", "a1", "150.000001", "150.000001", "goodwill, as agreed")
                .adjustment(AT, "ticket-2", "t1", "-20.5", "79.5", "billing error")
                .voided(AT, "u1", "t1", "12.345678", "RETURNED", "meter fault")
                .voided(AT, "u1", "t0", "3", "FORFEITED", "meter fault")
                .voided(AT, "u1", null, "1.25", "OVERAGE_CANCELLED", "meter fault")
                .body());

        List<String> lines = StatementCsv.write(statement).lines().toList();

        // the header is unchanged; the amount is the ledger's own (signed for an adjustment), the change its effect
        assertThat(lines).containsExactly(StatementCsv.HEADER,
                "1,2026-03-01T10:15:30Z,CreditAdjusted,150.000001,NOK,150.000001,a1,,,,",
                "2,2026-03-01T10:15:30Z,CreditAdjusted,-20.5,NOK,-20.5,t1,,,,",
                "3,2026-03-01T10:15:30Z,UsageVoided,12.345678,NOK,12.345678,t1,u1,,,",
                "4,2026-03-01T10:15:30Z,UsageVoided,3,NOK,0,t0,u1,,,",
                "5,2026-03-01T10:15:30Z,UsageVoided,1.25,NOK,0,,u1,,,");
    }
}
