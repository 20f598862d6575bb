package io.opencredit.portal.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.UsageVoided;
import io.opencredit.portal.client.ServiceApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's statement (every entry, oldest first) read once per page view, with each entry's effect on the
 * balance worked out, so that the chart, the usage summary, the paged table and the CSV all agree. The ledger answers
 * it a page at a time (at most 1,000 entries, oldest first); {@link #next} is the cursor of its next page, and
 * {@link #followedBy} joins the pages into the whole statement.
 */
public final class Statement {

    /**
     * One ledger entry. {@code change} is its signed effect on the remaining credit (null when it has none);
     * {@code amount} the money it names (a usage's price, a credit, a forfeit, an adjustment with its sign), for the
     * table and the CSV. {@code disposition} and {@code reason} are an operator's correction's (SPEC F4).
     */
    public record Entry(long sequence, String type, Instant occurredAt, BigDecimal change, BigDecimal amount,
                        String tokenId, String usageId, String service, String meterId, BigDecimal quantity,
                        Instant usageTime, String disposition, String reason) {

        /**
         * What the entry is, as the key of its words on the page ({@code entry_<label>}): its type, and for a
         * correction which way it went ({@code CreditAdjusted_ADDED} or {@code _TAKEN}, {@code UsageVoided_<disposition>}).
         */
        public String label() {
            if (CREDIT_ADJUSTED.equals(type) && amount != null) {
                return type + (amount.signum() < 0 ? "_TAKEN" : "_ADDED");
            }
            if (USAGE_VOIDED.equals(type) && disposition != null) {
                return type + "_" + disposition;
            }
            return type;
        }
    }

    /** An operator's adjustment of one token's credit (SPEC F4): the amount is signed, negative when credit was taken. */
    public static final String CREDIT_ADJUSTED = "CreditAdjusted";
    /** An operator voided (part of) a usage record (SPEC F4). */
    public static final String USAGE_VOIDED = "UsageVoided";

    private final String currency;
    private final List<Entry> entries;
    private final String next;

    private Statement(String currency, List<Entry> entries, String next) {
        this.currency = currency;
        this.entries = List.copyOf(entries);
        this.next = next;
    }

    /** Reads the ledger's {@code GET /subscriptions/{id}/statement} answer. */
    public static Statement of(JsonNode body) {
        List<Entry> entries = new ArrayList<>(body.path("entries").size());
        for (JsonNode e : body.path("entries")) {
            entries.add(entry(e));
        }
        return new Statement(body.path("currency").asText(null), entries, text(body.path("next")));
    }

    /**
     * Reads the answer from its bytes entry by entry (a streaming parser: a 10,000-entry statement is never held
     * as one JSON tree).
     */
    public static Statement parse(byte[] body) {
        List<Entry> entries = new ArrayList<>();
        String currency = null;
        String next = null;
        try (JsonParser parser = ServiceApi.JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a statement is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("currency".equals(field) && value == JsonToken.VALUE_STRING) {
                    currency = parser.getText();
                } else if ("next".equals(field) && value == JsonToken.VALUE_STRING) {
                    next = parser.getText();
                } else if ("entries".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        entries.add(entry(parser.readValueAsTree()));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger's statement is no JSON: " + e.getMessage(), e);
        }
        return new Statement(currency, entries, next);
    }

    /** This page and the next one as one statement (the next page's cursor is the one that goes on). */
    public Statement followedBy(Statement nextPage) {
        List<Entry> joined = new ArrayList<>(entries.size() + nextPage.entries.size());
        joined.addAll(entries);
        joined.addAll(nextPage.entries);
        return new Statement(currency != null ? currency : nextPage.currency, joined, nextPage.next);
    }

    public String currency() {
        return currency;
    }

    /** The cursor of the ledger's next page ({@code after}), or null when this is the last. */
    public String next() {
        return next;
    }

    /** Oldest first, as the ledger gives them. */
    public List<Entry> entries() {
        return entries;
    }

    /** Page {@code page} (from 1) of {@code size} entries, newest first: what a person looks for first. */
    public List<Entry> page(int page, int size) {
        int total = entries.size();
        int end = Math.max(0, total - (page - 1) * size);
        int start = Math.max(0, end - size);
        List<Entry> out = new ArrayList<>(end - start);
        for (int i = end - 1; i >= start; i--) {
            out.add(entries.get(i));
        }
        return out;
    }

    public int pages(int size) {
        return Math.max(1, (entries.size() + size - 1) / size);
    }

    private static Entry entry(JsonNode e) {
        String type = e.path("type").asText();
        JsonNode p = e.path("payload");
        BigDecimal amount = null;
        BigDecimal change = null;
        switch (type) {
            case "CreditAdded" -> {
                amount = money(p.path("amount"));
                change = amount;
            }
            case "CreditConsumed" -> {
                amount = money(p.path("amount"));
                change = negate(amount);
            }
            case "TokenExpired" -> {
                amount = money(p.path("forfeited"));
                change = negate(amount);
            }
            case "CreditForfeited" -> {
                amount = money(p.path("amount"));
                change = negate(amount);
            }
            case "OverageSettled" -> {
                // owed overage paid from a token (T7): the token's credit goes down by it
                amount = money(p.path("amount"));
                change = negate(amount);
            }
            case CREDIT_ADJUSTED -> {
                // signed as the ledger wrote it: positive is a new token of source ADJUSTMENT, negative was taken from one
                amount = money(p.path("amount"));
                change = amount;
            }
            case USAGE_VOIDED -> {
                // RETURNED is credit of its token again; FORFEITED went back to an expired token and was forfeited at
                // once, OVERAGE_CANCELLED was owed overage, never credit: neither changes the remaining credit
                amount = money(p.path("amount"));
                String disposition = text(p.path("disposition"));
                if (UsageVoided.RETURNED.equals(disposition)) {
                    change = amount;
                } else if (disposition != null && amount != null) {
                    change = BigDecimal.ZERO;
                }
            }
            case "UsageRecorded", "OverageRecorded", "UsageBilledToCard" -> amount = money(p.path("amount"));
            default -> {
                // status changes, alerts and the like move no credit
            }
        }
        boolean correction = CREDIT_ADJUSTED.equals(type) || USAGE_VOIDED.equals(type);
        return new Entry(e.path("sequence").asLong(), type, instant(e.path("occurredAt")), change, amount,
                text(p.path("tokenId")), text(p.path("usageId")), text(p.path("service")), text(p.path("meterId")),
                decimal(p.path("quantity")), instant(p.path("usageTime")), correction ? text(p.path("disposition")) : null,
                correction ? text(p.path("reason")) : null);
    }

    /** A Money as the suite writes it ({@code {amount: "1.5", currency}}), or a bare decimal. */
    static BigDecimal money(JsonNode node) {
        return decimal(node.isObject() ? node.path("amount") : node);
    }

    static BigDecimal decimal(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    private static BigDecimal negate(BigDecimal amount) {
        return amount == null ? null : amount.negate();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asText());
    }
}
