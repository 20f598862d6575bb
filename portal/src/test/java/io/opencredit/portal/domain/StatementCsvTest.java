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

    /**
     * The CSV is written a ledger page at a time: each page's rows are out (flushed) before the next page is asked
     * for, and a statement of more pages than the portal once followed (20) is there to its last row, in order.
     */
    @Test
    void Portal_the_csv_streams_the_ledgers_pages_one_at_a_time_and_a_statement_beyond_twenty_pages_is_complete() throws Exception {
        int pages = 25;
        int perPage = 40;
        List<Integer> rowsOutWhenAsked = new java.util.ArrayList<>();
        java.io.StringWriter target = new java.io.StringWriter();
        java.io.Writer out = new java.io.Writer() {
            private final StringBuilder buffered = new StringBuilder();

            @Override
            public void write(char[] chars, int off, int len) {
                buffered.append(chars, off, len);
            }

            @Override
            public void flush() {
                target.append(buffered);
                buffered.setLength(0);
            }

            @Override
            public void close() {
                flush();
            }
        };
        long written = StatementCsv.stream(page(1, pages, perPage), cursor -> {
            rowsOutWhenAsked.add((int) target.toString().lines().count() - 1);
            return page(Integer.parseInt(cursor), pages, perPage);
        }, out);

        List<String> lines = target.toString().lines().toList();
        assertThat(written).isEqualTo((long) pages * perPage);
        assertThat(lines).hasSize(pages * perPage + 1);
        assertThat(lines.get(0)).isEqualTo(StatementCsv.HEADER);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("row %d", i).startsWith(i + ",");
        }
        assertThat(lines.get(lines.size() - 1)).isEqualTo(pages * perPage + ",2026-03-01T10:15:30Z,CreditConsumed,0.5,NOK,-0.5,t1,u"
                + pages * perPage + ",,,");
        // asked for page n (from 2) once the n - 1 pages before it were written out, never before
        List<Integer> expected = new java.util.ArrayList<>();
        for (int n = 2; n <= pages; n++) {
            expected.add((n - 1) * perPage);
        }
        assertThat(rowsOutWhenAsked).containsExactlyElementsOf(expected);
        // the same rows as the pages joined into one statement and written at once
        Statement joined = page(1, pages, perPage);
        for (int n = 2; n <= pages; n++) {
            joined = joined.followedBy(page(n, pages, perPage));
        }
        assertThat(target.toString()).isEqualTo(StatementCsv.write(joined));
    }

    @Test
    void Portal_the_streamed_csv_ends_at_an_empty_page() throws Exception {
        StatementFixtures only = new StatementFixtures("NOK").credit(AT, "t1", "10");
        only.body().put("next", "nowhere");
        java.io.StringWriter out = new java.io.StringWriter();
        long written = StatementCsv.stream(Statement.of(only.body()), cursor -> Statement.of(new StatementFixtures("NOK").body()), out);
        assertThat(written).isEqualTo(1);
        assertThat(out.toString().lines().toList()).containsExactly(StatementCsv.HEADER, "1,2026-03-01T10:15:30Z,CreditAdded,10,NOK,10,t1,,,,");
    }

    /** Page n of a statement of CreditConsumed entries, numbered on from the pages before, with the next page's cursor. */
    private static Statement page(int n, int pages, int perPage) {
        var body = io.opencredit.portal.client.ServiceApi.JSON.createObjectNode().put("currency", "NOK");
        var entries = body.putArray("entries");
        for (int i = 1; i <= perPage; i++) {
            long sequence = (long) (n - 1) * perPage + i;
            var e = entries.addObject().put("sequence", sequence).put("type", "CreditConsumed").put("occurredAt", AT.toString());
            var p = e.putObject("payload").put("usageId", "u" + sequence).put("tokenId", "t1");
            p.putObject("amount").put("amount", "0.5").put("currency", "NOK");
        }
        if (n < pages) {
            body.put("next", Integer.toString(n + 1));
        } else {
            body.putNull("next");
        }
        return Statement.of(body);
    }
}
