package io.opencredit.portal.api;

import io.opencredit.events.Money;
import io.opencredit.events.MoneyFormat;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formatting for the pages: amounts by the suite's one rule ({@link MoneyFormat}), instants in the person's time
 * zone (the page puts the UTC instant beside it, shown on hover).
 */
@TemplateData
public final class Fmt {

    private final Locale locale;
    private final ZoneId zone;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    public Fmt(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        boolean norwegian = MoneyFormat.isNorwegian(locale);
        this.dateTime = DateTimeFormatter.ofPattern(norwegian ? "d. MMM yyyy 'kl.' HH:mm" : "d MMM yyyy, HH:mm", locale).withZone(zone);
        this.date = DateTimeFormatter.ofPattern(norwegian ? "d. MMM yyyy" : "d MMM yyyy", locale).withZone(zone);
    }

    /** {@code 1 234,50 USD} in Norwegian, {@code 1,234.50 USD} in English; empty for no amount. */
    public String money(BigDecimal amount, String currency) {
        if (amount == null || currency == null) {
            return "";
        }
        return MoneyFormat.withCurrency(Money.of(amount, currency), locale);
    }

    /** The amount alone, as {@link #money} writes it. */
    public String amount(BigDecimal amount, String currency) {
        if (amount == null || currency == null) {
            return "";
        }
        return MoneyFormat.amount(Money.of(amount, currency), locale);
    }

    /** A plain decimal (quantities), in the page's language. */
    public String number(BigDecimal value) {
        if (value == null) {
            return "";
        }
        String plain = value.stripTrailingZeros().toPlainString();
        return MoneyFormat.isNorwegian(locale) ? plain.replace('.', ',') : plain;
    }

    /** An instant in the person's zone, e.g. {@code 7 Dec 2026, 18:03}. */
    public String time(Instant at) {
        return at == null ? "" : dateTime.format(at);
    }

    public String date(Instant at) {
        return at == null ? "" : date.format(at);
    }

    /** A calendar day as it is (the ledger's run-out day is a UTC day, not an instant to move into a zone). */
    public String day(LocalDate day) {
        return day == null ? "" : date.withZone(ZoneOffset.UTC).format(day);
    }

    /** The instant in UTC, for the {@code datetime} attribute and the hover title. */
    public String utc(Instant at) {
        return at == null ? "" : at.toString();
    }

    public String zone() {
        return zone.getId();
    }
}
