package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reference side of the fault run, written from SPEC.md alone (no production class is used):
 * it decodes the final read of the event topics with a plain JSON parser, keeps each event once
 * (by event id, as any consumer must), and groups what the checker needs per subscription, in
 * the order of the subscription's partition. Records that are not a whole event envelope are
 * counted as malformed and otherwise ignored, as a consumer must.
 */
final class ReferenceFold {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One decoded event, where it was first read. */
    record Event(UUID eventId, String type, UUID subscriptionId, UUID causationId, JsonNode payload,
                 String topic, int partition, long offset, Instant occurredAt) {

        BigDecimal amount(String field) {
            JsonNode money = payload.path(field);
            return new BigDecimal(money.isObject() ? money.path("amount").asText() : money.asText());
        }

        String text(String field) {
            return payload.path(field).asText(null);
        }

        UUID uuid(String field) {
            String text = text(field);
            return text == null ? null : UUID.fromString(text);
        }
    }

    /** A token as its CreditAdded event announced it (SPEC T1). */
    record Token(UUID tokenId, BigDecimal original, Instant activatedAt, Instant expiresAt, String source, UUID eventId) {
    }

    /** FIFO order of SPEC T2: earliest expiry, then earliest activation, then token id (canonical text). */
    static final Comparator<Token> FIFO = Comparator.comparing(Token::expiresAt)
            .thenComparing(Token::activatedAt)
            .thenComparing(t -> t.tokenId().toString());

    /** What the final read holds for one subscription. */
    static final class Subscription {
        final UUID id;
        final Map<UUID, Token> tokens = new LinkedHashMap<>();
        /** Distinct CreditAdded events per token id (more than one is a double credit). */
        final Map<UUID, List<UUID>> creditEvents = new HashMap<>();
        /** Distinct UsageRecorded events per usage id, in read order. */
        final Map<String, List<Event>> usage = new LinkedHashMap<>();
        /** Everything the ledger emitted for it, in partition order, each event once. */
        final List<Event> ledger = new ArrayList<>();
        /** NotificationSent events caused by its alerts. */
        final List<Event> notifications = new ArrayList<>();
        /** F4: distinct CreditAdjusted events per operator reference, in read order (one per token touched). */
        final Map<String, List<Event>> adjustments = new LinkedHashMap<>();
        /** F4: distinct UsageVoided events per voided usage id, in read order (one per debit given back). */
        final Map<String, List<Event>> voids = new LinkedHashMap<>();

        Subscription(UUID id) {
            this.id = id;
        }

        List<Token> tokensInFifoOrder() {
            return tokens.values().stream().sorted(FIFO).toList();
        }
    }

    /** The result of a fold. */
    static final class Folded {
        final Map<UUID, Subscription> subscriptions = new LinkedHashMap<>();
        /** Records read, events kept, redeliveries of an event already kept, undecodable records. */
        long records;
        long events;
        long redeliveries;
        long malformed;
        /** Every event by id (the alert events, for the email checks). */
        final Map<UUID, Event> byId = new HashMap<>();
        /** Distinct events per type (the run's totals). */
        final Map<String, Long> byType = new java.util.TreeMap<>();
        /** Distinct CreditAdded events per payment reference (a card top-up, SPEC S5: credited once). */
        final Map<String, List<Event>> payments = new HashMap<>();

        Subscription subscription(UUID id) {
            return subscriptions.computeIfAbsent(id, Subscription::new);
        }
    }

    private ReferenceFold() {
    }

    /** Folds the records of the event topics (any order across partitions; in offset order within one). */
    static Folded fold(List<TopicRecord> records) {
        Folded folded = new Folded();
        List<TopicRecord> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparing(TopicRecord::topic).thenComparingInt(TopicRecord::partition).thenComparingLong(TopicRecord::offset));
        for (TopicRecord record : ordered) {
            folded.records++;
            Event event = decode(record);
            if (event == null) {
                folded.malformed++;
                continue;
            }
            if (folded.byId.putIfAbsent(event.eventId(), event) != null) {
                folded.redeliveries++;
                continue;
            }
            folded.events++;
            folded.byType.merge(event.type(), 1L, Long::sum);
            if (event.type().equals("CreditAdded") && event.text("paymentReference") != null) {
                folded.payments.computeIfAbsent(event.text("paymentReference"), p -> new ArrayList<>()).add(event);
            }
            if (event.subscriptionId() == null) {
                continue;
            }
            Subscription subscription = folded.subscription(event.subscriptionId());
            switch (event.type()) {
                case "CreditAdded" -> {
                    UUID tokenId = event.uuid("tokenId");
                    subscription.creditEvents.computeIfAbsent(tokenId, t -> new ArrayList<>()).add(event.eventId());
                    subscription.tokens.putIfAbsent(tokenId, new Token(tokenId, event.amount("amount"),
                            Instant.parse(event.text("activatedAt")), Instant.parse(event.text("expiresAt")),
                            event.text("source"), event.eventId()));
                }
                case "CreditAdjusted" -> {
                    // F4: a positive adjustment opens a token of source ADJUSTMENT, active from when the ledger made it
                    String reference = event.text("reference");
                    subscription.adjustments.computeIfAbsent(reference, r -> new ArrayList<>()).add(event);
                    if (event.amount("amount").signum() > 0) {
                        subscription.tokens.putIfAbsent(event.uuid("tokenId"), new Token(event.uuid("tokenId"), event.amount("amount"),
                                event.occurredAt(), Instant.parse(event.text("expiresAt")), "ADJUSTMENT", event.eventId()));
                    }
                    subscription.ledger.add(event);
                }
                case "UsageVoided" -> {
                    subscription.voids.computeIfAbsent(event.text("usageId"), u -> new ArrayList<>()).add(event);
                    subscription.ledger.add(event);
                }
                case "UsageRecorded" -> subscription.usage.computeIfAbsent(event.text("usageId"), u -> new ArrayList<>()).add(event);
                case "NotificationSent" -> subscription.notifications.add(event);
                default -> {
                    if (record.topic().equals("ledger.events")) {
                        subscription.ledger.add(event);
                    }
                }
            }
        }
        return folded;
    }

    /** A whole envelope of SPEC §3, or null: the record is malformed (poison) and a consumer skips it. */
    static Event decode(TopicRecord record) {
        if (record.value() == null || record.value().length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(record.value());
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject() || !root.path("payload").isObject()
                || !root.path("eventId").isTextual() || !root.path("type").isTextual()) {
            return null;
        }
        try {
            UUID eventId = UUID.fromString(root.path("eventId").asText());
            String subscription = root.path("subscriptionId").asText(null);
            UUID subscriptionId = subscription == null ? null : UUID.fromString(subscription);
            if (subscriptionId != null && !subscriptionId.toString().equals(record.key())) {
                return null; // the key must be the subscription id (SPEC §3)
            }
            String causation = root.path("causationId").asText(null);
            String occurred = root.path("occurredAt").asText(null);
            return new Event(eventId, root.path("type").asText(), subscriptionId,
                    causation == null ? null : UUID.fromString(causation), root.path("payload"),
                    record.topic(), record.partition(), record.offset(), occurred == null ? null : Instant.parse(occurred));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
