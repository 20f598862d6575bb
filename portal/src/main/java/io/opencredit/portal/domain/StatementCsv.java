package io.opencredit.portal.domain;

import java.math.BigDecimal;

/**
 * The statement as CSV (RFC 4180): one row per ledger entry, oldest first, amounts exact and with a decimal
 * point whatever the page's language, so a spreadsheet or a script reads the same numbers the ledger holds.
 * Text that a spreadsheet would run as a formula is quoted with a leading apostrophe.
 */
public final class StatementCsv {

    public static final String HEADER = "sequence,occurredAt,type,amount,currency,balanceChange,tokenId,usageId,service,meterId,quantity";

    private StatementCsv() {
    }

    public static String write(Statement statement) {
        StringBuilder out = new StringBuilder(64 * (statement.entries().size() + 1));
        out.append(HEADER).append("\r\n");
        String currency = statement.currency() == null ? "" : statement.currency();
        for (Statement.Entry e : statement.entries()) {
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
        return out.toString();
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
