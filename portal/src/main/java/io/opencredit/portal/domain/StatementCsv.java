package io.opencredit.portal.domain;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;

/**
 * The statement as CSV (RFC 4180): one row per ledger entry, oldest first, amounts exact and with a decimal
 * point whatever the page's language, so a spreadsheet or a script reads the same numbers the ledger holds.
 * Text that a spreadsheet would run as a formula is quoted with a leading apostrophe.
 */
public final class StatementCsv {

    public static final String HEADER = "sequence,occurredAt,type,amount,currency,balanceChange,tokenId,usageId,service,meterId,quantity";

    /** The ledger's statement page after a cursor ({@code next} of the page before). */
    @FunctionalInterface
    public interface Pages {
        Statement after(String cursor) throws IOException;
    }

    private StatementCsv() {
    }

    public static String write(Statement statement) {
        StringBuilder out = new StringBuilder(64 * (statement.entries().size() + 1));
        out.append(HEADER).append("\r\n");
        rows(statement.entries(), statement.currency(), out);
        return out.toString();
    }

    /**
     * The statement from its first page to its last, written as the ledger's pages arrive: each page's rows are
     * written and flushed before the next page is asked for, so only one page is held at a time however long the
     * statement is. The same rows as {@link #write} of the pages joined (the currency the statement names first on
     * each row with an amount). A page with no entries ends it (a cursor that leads nowhere).
     *
     * @param page the first page (the caller asks for it before the answer starts, so that a refusal is still its status)
     * @return the rows written
     */
    public static long stream(Statement page, Pages pages, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        long rows = 0;
        String currency = null;
        while (true) {
            currency = currency != null ? currency : page.currency();
            StringBuilder chunk = new StringBuilder(64 * (page.entries().size() + 1));
            rows(page.entries(), currency, chunk);
            out.append(chunk);
            out.flush();
            rows += page.entries().size();
            String cursor = page.next();
            if (cursor == null) {
                return rows;
            }
            page = pages.after(cursor);
            if (page.entries().isEmpty()) {
                return rows;
            }
        }
    }

    private static void rows(List<Statement.Entry> entries, String statementCurrency, StringBuilder out) {
        String currency = statementCurrency == null ? "" : statementCurrency;
        for (Statement.Entry e : entries) {
            out.append(e.sequence()).append(',')
                    .append(e.occurredAt() == null ? "" : e.occurredAt().toString()).append(',')
                    .append(text(e.type())).append(',')
                    .append(number(e.amount())).append(',')
                    .append(e.amount() == null ? "" : currency).append(',')
                    .append(number(e.change())).append(',')
                    .append(text(e.tokenId())).append(',')
                    .append(text(e.usageId())).append(',')
                    .append(text(e.service())).append(',')
                    .append(text(e.meterId())).append(',')
                    .append(number(e.quantity())).append("\r\n");
        }
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || !v.equals(value)) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
