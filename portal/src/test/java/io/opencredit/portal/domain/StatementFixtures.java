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
