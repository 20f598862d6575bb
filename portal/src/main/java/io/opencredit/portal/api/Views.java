package io.opencredit.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the pages show, read from the API's answers into plain records the templates can use. */
public final class Views {

    private Views() {
    }

    /** A subscription in a list. */
    @TemplateData
    public record SubscriptionRow(String id, String name, String status, String currency, String accountEmail,
                                  BigDecimal lastBalance, List<String> coAdministrators) {
        static SubscriptionRow of(JsonNode s) {
            JsonNode balance = s.path("lastReportedBalance");
            String status = balance.path("ledgerStatus").asText("");
            if (status.isEmpty() || "ACTIVE".equals(status)) {
                status = s.path("status").asText();
            }
            List<String> co = new ArrayList<>();
            s.path("coAdministrators").forEach(c -> co.add(c.asText()));
            return new SubscriptionRow(s.path("id").asText(), s.path("name").asText(), status, s.path("currency").asText(),
                    s.path("accountEmail").asText(), decimal(balance.path("remaining")), co);
        }

        /** The text key of the status, e.g. {@code status_SUSPENDED}. */
        public String statusKey() {
            return "status_" + status;
        }
    }

    /** A token of credit with what is left of it and when it expires. */
    @TemplateData
    public record TokenRow(String tokenId, String source, String keyCode, BigDecimal original, BigDecimal remaining,
                           Instant activatedAt, Instant expiresAt, String status) {
        static TokenRow of(JsonNode t) {
            return new TokenRow(t.path("tokenId").asText(), t.path("source").asText(), t.path("keyCode").asText(null),
                    decimal(t.path("original")), decimal(t.path("remaining")), instant(t.path("activatedAt")),
                    instant(t.path("expiresAt")), t.path("status").asText());
        }
    }

    /** One of the five alerts (A3); {@code set} false for an empty slot. */
    @TemplateData
    public record AlertRow(int number, boolean set, BigDecimal threshold, String recipient1, String recipient2, boolean armed) {
    }

    /** An email the alerting service sent or will send. */
    @TemplateData
    public record NotificationRow(String type, String recipients, String subject, String language, String status, Instant sentAt) {
        static NotificationRow of(JsonNode n) {
            List<String> to = new ArrayList<>();
            n.path("recipients").forEach(r -> to.add(r.asText()));
            if (to.isEmpty() && n.has("recipient")) {
                to.add(n.path("recipient").asText());
            }
            Instant at = instant(n.path("sentAt"));
            return new NotificationRow(n.path("type").asText(), String.join(", ", to), n.path("subject").asText(),
                    n.path("language").asText(""), n.path("status").asText(), at != null ? at : instant(n.path("createdAt")));
        }
    }

    /** A field's error as the API stated it, shown next to the field. */
    @TemplateData
    public record FieldError(String field, String message) {
    }

    /** The errors by the field they are about, for the templates ({@code errors.threshold}). */
    static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        errors.forEach(e -> map.merge(e.field(), e.message(), (a, b) -> a + " " + b));
        return map;
    }

    static BigDecimal decimal(JsonNode node) {
        if (node.isMissingNode() || node.isNull() || node.asText().isEmpty()) {
            return null;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    static Instant instant(JsonNode node) {
        if (node.isMissingNode() || node.isNull() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
