package io.opencredit.portal.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opencredit.portal.client.ServiceApi;
import java.time.Instant;

/** Ledger statements as the ledger writes them, built entry by entry for the tests. */
public final class StatementFixtures {

    private final ObjectNode body = ServiceApi.JSON.createObjectNode();
    private final ArrayNode entries = body.putArray("entries");
    private long sequence;

    public StatementFixtures(String currency) {
        body.put("currency", currency);
    }

    public ObjectNode body() {
        return body;
    }

    public StatementFixtures credit(Instant at, String tokenId, String amount) {
        ObjectNode p = entry("CreditAdded", at);
        p.put("tokenId", tokenId);
        p.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        return this;
    }

    public StatementFixtures usage(Instant at, String usageId, String service, String meter, String quantity, String amount, String tokenId) {
        ObjectNode u = entry("UsageRecorded", at);
        u.put("usageId", usageId).put("service", service).put("meterId", meter).put("quantity", quantity).put("usageTime", at.toString());
        u.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        ObjectNode c = entry("CreditConsumed", at);
        c.put("usageId", usageId).put("tokenId", tokenId);
        c.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        return this;
    }

    public StatementFixtures expiry(Instant at, String tokenId, String forfeited) {
        ObjectNode p = entry("TokenExpired", at);
        p.put("tokenId", tokenId).put("expiredAt", at.toString());
        p.putObject("forfeited").put("amount", forfeited).put("currency", body.path("currency").asText());
        return this;
    }

    /**
     * An operator's adjustment of one token as the ledger writes it ({@code CreditAdjusted}): {@code amount} signed,
     * positive for a new token of source ADJUSTMENT, negative for what was taken from {@code tokenId}.
     */
    public StatementFixtures adjustment(Instant at, String reference, String tokenId, String amount, String remaining, String reason) {
        ObjectNode p = entry("CreditAdjusted", at);
        p.put("reference", reference).put("tokenId", tokenId);
        p.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        p.putObject("remaining").put("amount", remaining).put("currency", body.path("currency").asText());
        p.put("expiresAt", at.plusSeconds(365L * 86_400).toString()).put("reason", reason);
        return this;
    }

    /** One part of a voided usage ({@code UsageVoided}): {@code RETURNED}, {@code FORFEITED} or {@code OVERAGE_CANCELLED}. */
    public StatementFixtures voided(Instant at, String usageId, String tokenId, String amount, String disposition, String reason) {
        ObjectNode p = entry("UsageVoided", at);
        p.put("usageId", usageId);
        if (tokenId == null) {
            p.putNull("tokenId");
        } else {
            p.put("tokenId", tokenId);
        }
        p.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        p.put("disposition", disposition).put("reason", reason);
        return this;
    }

    /** Usage beyond the credit: the usage and the overage it left, no debit. */
    public StatementFixtures overage(Instant at, String usageId, String service, String meter, String quantity, String amount) {
        ObjectNode u = entry("UsageRecorded", at);
        u.put("usageId", usageId).put("service", service).put("meterId", meter).put("quantity", quantity).put("usageTime", at.toString());
        u.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        ObjectNode o = entry("OverageRecorded", at);
        o.put("usageId", usageId);
        o.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        o.putObject("totalOverage").put("amount", amount).put("currency", body.path("currency").asText());
        return this;
    }

    /** Owed overage paid from a token (T7), as the ledger writes it after credit arrives. */
    public StatementFixtures overageSettled(Instant at, String tokenId, String amount, String stillOwed) {
        ObjectNode p = entry("OverageSettled", at);
        p.put("tokenId", tokenId);
        p.putObject("amount").put("amount", amount).put("currency", body.path("currency").asText());
        p.putObject("remainingOverage").put("amount", stillOwed).put("currency", body.path("currency").asText());
        return this;
    }

    public StatementFixtures other(Instant at, String type) {
        entry(type, at);
        return this;
    }

    private ObjectNode entry(String type, Instant at) {
        ObjectNode e = entries.addObject();
        e.put("sequence", ++sequence).put("type", type).put("occurredAt", at.toString());
        return e.putObject("payload");
    }
}
