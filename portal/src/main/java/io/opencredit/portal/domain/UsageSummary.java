package io.opencredit.portal.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage by service and meter for a period, summed from the statement's {@code UsageRecorded} entries; usage an operator
 * voided (its usage id has a {@code UsageVoided} entry, SPEC F4) is left out, as if it had never been recorded.
 */
public final class UsageSummary {

    /** One meter's usage in the period. */
    public record Line(String service, String meterId, BigDecimal quantity, BigDecimal amount, int records) {
    }

    private UsageSummary() {
    }

    /** Usage whose usage time is in {@code [from, to)}, by service then meter. */
    public static List<Line> of(Statement statement, Instant from, Instant to) {
        Set<String> voided = voidedUsageIds(statement);
        Map<String, Line> lines = new LinkedHashMap<>();
        for (Statement.Entry e : statement.entries()) {
            if (!"UsageRecorded".equals(e.type()) || voided.contains(e.usageId())) {
                continue;
            }
            Instant at = e.usageTime() != null ? e.usageTime() : e.occurredAt();
            if (at == null || at.isBefore(from) || !at.isBefore(to)) {
                continue;
            }
            String key = e.service() + "\u0000" + e.meterId();
            BigDecimal quantity = e.quantity() == null ? BigDecimal.ZERO : e.quantity();
            BigDecimal amount = e.amount() == null ? BigDecimal.ZERO : e.amount();
            lines.merge(key, new Line(e.service(), e.meterId(), quantity, amount, 1),
                    (a, b) -> new Line(a.service(), a.meterId(), a.quantity().add(b.quantity()), a.amount().add(b.amount()),
                            a.records() + b.records()));
        }
        List<Line> out = new ArrayList<>(lines.values());
        out.sort(Comparator.comparing(Line::service, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Line::meterId, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    /** The usage ids with a {@code UsageVoided} entry (a void comes after its usage, so the statement is read once first). */
    static Set<String> voidedUsageIds(Statement statement) {
        Set<String> voided = new HashSet<>();
        for (Statement.Entry e : statement.entries()) {
            if (Statement.USAGE_VOIDED.equals(e.type()) && e.usageId() != null) {
                voided.add(e.usageId());
            }
        }
        return voided;
    }
}
