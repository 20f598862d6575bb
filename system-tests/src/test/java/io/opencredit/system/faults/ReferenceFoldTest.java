package io.opencredit.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opencredit.local.MailCapture;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import io.opencredit.system.faults.InvariantChecker.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The reference fold and the invariant checker on hand-made streams: the stream a correct suite
 * produces passes (also with every record delivered twice), and each planted fault is caught
 * under the invariant it breaks — so the fault run's "0 violations" means something.
 */
class ReferenceFoldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID SUB = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID T1 = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
    private static final UUID T2 = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000002");
    private static final String ADMIN = "admin@example.com";
    private static final String WATCHER = "watcher@example.com";

    /** A correct run: 2 tokens of 100, usage 50 + 30 + 40 (spans both tokens) + 10 billed to card, alert at 100. */
    private static final class Story {
        final List<TopicRecord> records = new ArrayList<>();
        final Inputs inputs = new Inputs();
        final List<MailCapture.Mail> mails = new ArrayList<>();
        final Map<String, UUID> usageEvents = new java.util.HashMap<>();
        UUID tokenLow;
        UUID creditLow;
        private final Map<String, Long> offsets = new java.util.HashMap<>();

        Story() {
            inputs.meters.put("vm", new InvariantChecker.Meter("vm", true, new BigDecimal("1.000000")));
            inputs.meters.put("mkt", new InvariantChecker.Meter("mkt", false, new BigDecimal("2.000000")));
            inputs.plans.put(SUB, new InvariantChecker.Plan(SUB, ADMIN,
                    List.of(new InvariantChecker.Alert(1, new BigDecimal("100"), List.of(WATCHER)))));
            add("activation.events", event("CreditAdded", null, p -> p.put("tokenId", T1.toString()).put("source", "OSA_KEY")
                    .put("activatedAt", "2026-01-01T00:00:00Z").put("expiresAt", "2027-01-01T00:00:00Z").set("amount", money("100"))));
            add("activation.events", event("CreditAdded", null, p -> p.put("tokenId", T2.toString()).put("source", "OSA_KEY")
                    .put("activatedAt", "2026-01-02T00:00:00Z").put("expiresAt", "2027-01-02T00:00:00Z").set("amount", money("100"))));
            usage("u1", "vm", "50", "50", true);
            usage("u2", "vm", "30", "30", true);
            usage("u3", "vm", "40", "40", true);
            usage("u4", "mkt", "5", "10", false);
            consumed("u1", T1, "50", "50");
            consumed("u2", T1, "30", "20");
            tokenLow = add("ledger.events", event("TokenBalanceLow", usageEvents.get("u2"), p -> p.put("tokenId", T1.toString())
                    .put("thresholdPercent", 30).set("remaining", money("20"))));
            consumed("u3", T1, "20", "0");
            consumed("u3", T2, "20", "80");
            creditLow = add("ledger.events", event("SubscriptionCreditLow", usageEvents.get("u3"), p -> {
                p.put("alertNumber", 1).set("threshold", money("100"));
                p.putArray("recipients").add(WATCHER);
            }));
            add("ledger.events", event("UsageBilledToCard", usageEvents.get("u4"), p -> p.put("usageId", "u4").put("meterId", "mkt")
                    .set("amount", money("10"))));
            balanceChanged("80", "0", "ACTIVE");
            notification(tokenLow, ADMIN);
            notification(creditLow, WATCHER);
            inputs.balances.put(SUB, balance("80", "0", "ACTIVE", "0", "USED", "80", "ACTIVE"));
        }

        void usage(String id, String meter, String quantity, String amount, boolean eligible) {
            inputs.accept(new InvariantChecker.SentUsage(SUB, id, meter, new BigDecimal(quantity)));
            usageEvents.put(id, add("billing.events", event("UsageRecorded", null, p -> p.put("usageId", id).put("meterId", meter)
                    .put("quantity", quantity).put("eligible", eligible).set("amount", money(amount)))));
        }

        UUID consumed(String usage, UUID token, String amount, String remaining) {
            return add("ledger.events", event("CreditConsumed", usageEvents.get(usage), p -> {
                p.put("usageId", usage).put("tokenId", token.toString()).set("amount", money(amount));
                p.set("tokenRemaining", money(remaining));
            }));
        }

        void balanceChanged(String remaining, String overage, String status) {
            add("ledger.events", event("BalanceChanged", null, p -> {
                p.put("status", status).set("remaining", money(remaining));
                p.set("overage", money(overage));
            }));
        }

        UUID notification(UUID alert, String recipient) {
            mails.add(new MailCapture.Mail(List.of(recipient), "alert", "<" + UUID.randomUUID() + "@x>", alert.toString()));
            return add("alerting.events", event("NotificationSent", alert, p -> p.put("notificationId", UUID.randomUUID().toString())
                    .putArray("recipients").add(recipient)));
        }

        void adjustment(String reference, String amount, String outcome) {
            inputs.adjustments.put(reference, new InvariantChecker.Correction(SUB, reference, new BigDecimal(amount), outcome));
        }

        void adjusted(String reference, UUID token, String amount, String remaining) {
            add("ledger.events", event("CreditAdjusted", null, p -> {
                p.put("reference", reference).put("tokenId", token.toString()).put("expiresAt", "2027-03-01T00:00:00Z")
                        .put("reason", "test").set("amount", money(amount));
                p.set("remaining", money(remaining));
            }));
        }

        void voidAsked(String usage, String outcome) {
            inputs.voids.put(usage, new InvariantChecker.Correction(SUB, usage, null, outcome));
        }

        void voidedBack(String usage, UUID token, String amount, String disposition) {
            add("ledger.events", event("UsageVoided", null, p -> p.put("usageId", usage).put("tokenId", token.toString())
                    .put("disposition", disposition).put("reason", "test").set("amount", money(amount))));
        }

        UUID add(String topic, ObjectNode envelope) {
            long offset = offsets.merge(topic, 1L, Long::sum) - 1;
            records.add(new TopicRecord(topic, 0, offset, SUB.toString(), envelope.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return UUID.fromString(envelope.path("eventId").asText());
        }

        Verdict check() {
            inputs.mails.clear();
            inputs.mails.addAll(mails);
            return InvariantChecker.check(ReferenceFold.fold(records), inputs);
        }
    }

    private static ObjectNode event(String type, UUID causation, Consumer<ObjectNode> payload) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventId", UUID.randomUUID().toString()).put("type", type).put("version", 1).put("subscriptionId", SUB.toString())
                .put("occurredAt", "2026-03-01T00:00:00Z").put("producer", "test")
                .put("causationId", causation == null ? null : causation.toString());
        payload.accept(node.putObject("payload"));
        return node;
    }

    private static ObjectNode money(String amount) {
        return JSON.createObjectNode().put("amount", amount).put("currency", "USD");
    }

    private static JsonNode balance(String remaining, String overage, String status, String t1, String t1Status, String t2, String t2Status) {
        ObjectNode node = JSON.createObjectNode().put("remaining", remaining).put("overage", overage).put("status", status);
        ArrayNode tokens = node.putArray("tokens");
        tokens.addObject().put("tokenId", T1.toString()).put("original", "100").put("remaining", t1).put("status", t1Status);
        tokens.addObject().put("tokenId", T2.toString()).put("original", "100").put("remaining", t2).put("status", t2Status);
        return node;
    }

    private static ObjectNode copyWithNewId(TopicRecord record) throws java.io.IOException {
        ObjectNode copy = (ObjectNode) JSON.readTree(record.value());
        copy.put("eventId", UUID.randomUUID().toString());
        return copy;
    }

    @Test
    void a_correct_run_has_no_violation() {
        Verdict verdict = new Story().check();
        assertEquals(0, verdict.count(), verdict.summary(10));
        assertEquals(4, verdict.usageChecked);
    }

    @Test
    void redelivered_records_and_poison_records_change_nothing() {
        Story story = new Story();
        story.records.addAll(List.copyOf(story.records).stream()
                .map(r -> new TopicRecord(r.topic(), 1, r.offset() + 1000, r.key(), r.value())).toList());
        story.records.add(TopicRecord.of("billing.events", 0, 9_000, SUB.toString(), "not json {"));
        story.records.add(TopicRecord.of("ledger.events", 0, 9_001, SUB.toString(), null));
        story.records.add(TopicRecord.of("ledger.events", 0, 9_002, SUB.toString(), "{\"type\":\"CreditConsumed\"}"));
        Verdict verdict = story.check();
        assertEquals(0, verdict.count(), verdict.summary(10));
        assertEquals(story.records.size() - 3, verdict.events * 2);
    }

    @Test
    void usage_applied_twice_is_caught_as_I2() throws Exception {
        Story story = new Story();
        TopicRecord first = story.records.stream().filter(r -> new String(r.value()).contains("CreditConsumed")).findFirst().orElseThrow();
        story.add("ledger.events", copyWithNewId(first));
        Verdict verdict = story.check();
        assertFalse(verdict.of("I2").isEmpty(), verdict.summary(10));
    }

    @Test
    void accepted_usage_missing_from_the_topics_is_caught_as_I1() {
        Story story = new Story();
        story.inputs.accept(new InvariantChecker.SentUsage(SUB, "lost-1", "vm", new BigDecimal("1")));
        Verdict verdict = story.check();
        assertTrue(verdict.of("I1").stream().anyMatch(v -> v.contains("lost-1")), verdict.summary(10));
    }

    @Test
    void usage_recorded_but_never_applied_by_the_ledger_is_caught_as_I1() {
        Story story = new Story();
        story.records.removeIf(r -> new String(r.value()).contains("\"UsageBilledToCard\""));
        Verdict verdict = story.check();
        assertTrue(verdict.of("I1").stream().anyMatch(v -> v.contains("u4")), verdict.summary(10));
    }

    @Test
    void a_balance_unlike_the_reference_is_caught_as_I3() {
        Story story = new Story();
        story.inputs.balances.put(SUB, balance("81", "0", "ACTIVE", "1", "ACTIVE", "80", "ACTIVE"));
        Verdict verdict = story.check();
        assertFalse(verdict.of("I3").isEmpty(), verdict.summary(10));
        assertFalse(verdict.of("I4").isEmpty(), "conservation: " + verdict.summary(10));
    }

    @Test
    void a_debit_out_of_FIFO_order_is_caught_as_I4() {
        Story story = new Story();
        story.records.removeIf(r -> new String(r.value()).contains("CreditConsumed"));
        story.consumed("u1", T2, "50", "50");
        story.consumed("u2", T1, "30", "70");
        story.consumed("u3", T1, "40", "30");
        Verdict verdict = story.check();
        assertTrue(verdict.of("I4").stream().anyMatch(v -> v.contains("FIFO")), verdict.summary(10));
    }

    @Test
    void a_second_alert_for_one_crossing_and_a_second_email_are_caught_as_I5() throws Exception {
        Story story = new Story();
        TopicRecord low = story.records.stream().filter(r -> new String(r.value()).contains("TokenBalanceLow")).findFirst().orElseThrow();
        story.add("ledger.events", copyWithNewId(low));
        story.mails.add(new MailCapture.Mail(List.of(WATCHER), "again", "<again@x>", story.creditLow.toString()));
        Verdict verdict = story.check();
        assertTrue(verdict.of("I5").stream().anyMatch(v -> v.contains("TokenBalanceLow")), verdict.summary(10));
        assertTrue(verdict.of("I5").stream().anyMatch(v -> v.contains("2 emails")), verdict.summary(10));
    }

    @Test
    void a_missing_email_is_caught_unless_the_delivery_is_uncertain() {
        Story story = new Story();
        story.mails.removeIf(m -> m.eventId().equals(story.creditLow.toString()));
        assertTrue(story.check().of("I5").stream().anyMatch(v -> v.contains("no email")));
        story.inputs.uncertain.add(story.creditLow + "|" + WATCHER);
        story.records.removeIf(r -> r.topic().equals("alerting.events") && new String(r.value()).contains(WATCHER));
        Verdict verdict = story.check();
        assertEquals(0, verdict.count(), verdict.summary(10));
    }

    @Test
    void a_poison_record_not_dead_lettered_and_lag_are_reported() {
        Story story = new Story();
        story.inputs.injectedPoison.add(new InvariantChecker.Source("billing.events", 2, 7));
        story.inputs.lag.add("ledger-service.ledger: lag 3 after 60 s");
        Verdict verdict = story.check();
        assertEquals(1, verdict.of("§5").size(), verdict.summary(10));
        assertEquals(1, verdict.of("I6").size(), verdict.summary(10));
    }

    /** The clock phase moved the suite to 2026-12-05: T2 (80 left, expires 2027-01-02) is due its notice, T1 (empty) not. */
    private static Story afterTheClockPhase() {
        Story story = new Story();
        story.inputs.clockAdvance = java.time.Duration.ofDays(30);
        story.inputs.clockMovedAt = java.time.Instant.parse("2026-11-05T00:00:00Z");
        return story;
    }

    private static UUID expiring(Story story, UUID token, String remaining) {
        UUID notice = story.add("ledger.events", event("TokenExpiring", null, p -> p.put("tokenId", token.toString())
                .put("expiresAt", "2027-01-02T00:00:00Z").set("remaining", money(remaining))));
        story.notification(notice, ADMIN);
        return notice;
    }

    @Test
    void an_expiry_notice_due_after_the_clock_advance_must_come_out_exactly_once() throws Exception {
        Story missing = afterTheClockPhase();
        assertTrue(missing.check().of("C1").stream().anyMatch(v -> v.contains(T2.toString())), missing.check().summary(10));

        Story once = afterTheClockPhase();
        UUID notice = expiring(once, T2, "80");
        assertEquals(0, once.check().count(), once.check().summary(10));

        TopicRecord first = once.records.stream().filter(r -> r.topic().equals("ledger.events")
                && new String(r.value()).contains(notice.toString())).findFirst().orElseThrow();
        once.add("ledger.events", copyWithNewId(first));
        assertTrue(once.check().of("C1").stream().anyMatch(v -> v.contains("2 distinct events")), once.check().summary(10));

        Story forEmpty = afterTheClockPhase();
        expiring(forEmpty, T2, "80");
        expiring(forEmpty, T1, "0");
        assertTrue(forEmpty.check().of("C1").stream().anyMatch(v -> v.contains(T1.toString())), forEmpty.check().summary(10));
    }

    @Test
    void a_confirmed_payment_must_be_exactly_one_card_credit() {
        Story story = new Story();
        story.inputs.payments.put("pay-lost", new InvariantChecker.Payment("pay-lost", SUB, new BigDecimal("20")));
        assertTrue(story.check().of("I3").stream().anyMatch(v -> v.contains("pay-lost") && v.contains("never credited")),
                story.check().summary(10));

        Story twice = new Story();
        twice.inputs.payments.put("pay-1", new InvariantChecker.Payment("pay-1", SUB, new BigDecimal("20")));
        for (String token : List.of("aaaaaaaa-0000-0000-0000-000000000003", "aaaaaaaa-0000-0000-0000-000000000004")) {
            twice.add("billing.events", event("CreditAdded", null, p -> p.put("tokenId", token).put("source", "CREDIT_CARD")
                    .put("paymentReference", "pay-1").put("activatedAt", "2026-02-01T00:00:00Z").put("expiresAt", "2027-02-01T00:00:00Z")
                    .set("amount", money("20"))));
        }
        twice.add("billing.events", event("CreditAdded", null, p -> p.put("tokenId", "aaaaaaaa-0000-0000-0000-000000000005")
                .put("source", "CREDIT_CARD").put("paymentReference", "pay-unknown").put("activatedAt", "2026-02-01T00:00:00Z")
                .put("expiresAt", "2027-02-01T00:00:00Z").set("amount", money("20"))));
        Verdict verdict = twice.check();
        assertTrue(verdict.of("I2").stream().anyMatch(v -> v.contains("pay-1") && v.contains("2 distinct events")), verdict.summary(10));
        assertTrue(verdict.of("I2").stream().anyMatch(v -> v.contains("pay-unknown")), verdict.summary(10));
    }

    @Test
    void valid_intake_usage_in_the_dead_letters_is_caught_as_I1_and_injected_poison_is_not() {
        Story story = new Story();
        InvariantChecker.Source poison = new InvariantChecker.Source("billing.usage-intake", 1, 4);
        InvariantChecker.Source valid = new InvariantChecker.Source("billing.usage-intake", 2, 9);
        story.inputs.injectedPoison.add(poison);
        story.inputs.deadLettered.add(poison);
        assertEquals(0, story.check().count(), story.check().summary(10));
        story.inputs.deadLettered.add(valid);
        Verdict verdict = story.check();
        assertEquals(List.of("valid intake usage dead-lettered: " + valid), verdict.of("I1"), verdict.summary(10));
    }

    @Test
    void a_stored_position_that_goes_backwards_is_caught() {
        try (PositionWatch watch = new PositionWatch()) {
            watch.sample(Map.of("ledger c billing.events-0", -1L));
            watch.sample(Map.of("ledger c billing.events-0", 40L));
            watch.sample(Map.of("ledger c billing.events-0", 40L));
            assertTrue(watch.regressions().isEmpty(), watch.regressions().toString());
            watch.sample(Map.of("ledger c billing.events-0", 39L));
            assertEquals(1, watch.regressions().size(), watch.regressions().toString());
        }
    }

    // ---- F4: corrections ----------------------------------------------------------------------------------

    private static final UUID T3 = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000003");

    /**
     * The correct story, then corrected by an operator: +50 (a new token T3), u3 voided (20 back to T1 and to T2),
     * -30 taken FIFO (20 from T1, 10 from T2): 0 + 90 + 50 = 140 left, the alert at 100 re-armed but not crossed again.
     */
    private static Story corrected() {
        Story story = new Story();
        story.adjustment("adj-1", "50", "applied");
        story.adjusted("adj-1", T3, "50", "50");
        story.voidAsked("u3", "applied");
        story.voidedBack("u3", T1, "20", "RETURNED");
        story.voidedBack("u3", T2, "20", "RETURNED");
        story.adjustment("adj-2", "-30", "applied");
        story.adjusted("adj-2", T1, "-20", "0");
        story.adjusted("adj-2", T2, "-10", "90");
        story.balanceChanged("140", "0", "ACTIVE");
        ObjectNode balance = (ObjectNode) balance("140", "0", "ACTIVE", "0", "USED", "90", "ACTIVE");
        ((ArrayNode) balance.path("tokens")).addObject().put("tokenId", T3.toString()).put("original", "50").put("remaining", "50")
                .put("status", "ACTIVE");
        story.inputs.balances.put(SUB, balance);
        return story;
    }

    @Test
    void F4_adjustments_and_voids_replayed_in_the_ledgers_order_match_the_reference() {
        Verdict verdict = corrected().check();
        assertEquals(0, verdict.count(), verdict.summary(10));
    }

    @Test
    void F4_a_void_that_gives_back_other_than_its_usage_took_is_caught() {
        Story story = corrected();
        story.records.removeIf(r -> new String(r.value()).contains("\"UsageVoided\"") && new String(r.value()).contains(T2.toString()));
        story.voidedBack("u3", T2, "25", "RETURNED");
        Verdict verdict = story.check();
        assertTrue(verdict.of("I3").stream().anyMatch(v -> v.contains("void of usage u3")), verdict.summary(10));
        assertFalse(verdict.of("I4").isEmpty(), "conservation: " + verdict.summary(10));
    }

    @Test
    void F4_voided_usage_applied_again_and_an_adjustment_applied_twice_are_caught_as_I2() throws Exception {
        Story story = corrected();
        story.consumed("u3", T2, "20", "70");
        TopicRecord plus = story.records.stream().filter(r -> new String(r.value()).contains("\"adj-1\"")).findFirst().orElseThrow();
        story.add("ledger.events", copyWithNewId(plus));
        Verdict verdict = story.check();
        assertTrue(verdict.of("I2").stream().anyMatch(v -> v.contains("usage u3 applied for 60")), verdict.summary(10));
        assertTrue(verdict.of("I2").stream().anyMatch(v -> v.contains("adjustment adj-1")), verdict.summary(10));
    }

    @Test
    void F4_a_correction_answered_201_but_never_applied_or_refused_but_applied_is_caught() {
        Story lost = new Story();
        lost.adjustment("adj-lost", "10", "applied");
        lost.voidAsked("u1", "applied");
        Verdict verdict = lost.check();
        assertTrue(verdict.of("I1").stream().anyMatch(v -> v.contains("adj-lost")), verdict.summary(10));
        assertTrue(verdict.of("I1").stream().anyMatch(v -> v.contains("void of usage u1")), verdict.summary(10));

        Story refused = corrected();
        refused.adjustment("adj-2", "-30", "F4-not-enough-credit");
        assertTrue(refused.check().of("I2").stream().anyMatch(v -> v.contains("adj-2")), refused.check().summary(10));
    }

    @Test
    void F4_a_void_refused_as_giving_nothing_back_although_its_usage_took_credit_is_caught() {
        Story story = new Story();
        story.voidAsked("u1", "F4-nothing-to-give-back");
        Verdict verdict = story.check();
        assertTrue(verdict.of("F4").stream().anyMatch(v -> v.contains("u1")), verdict.summary(10));
    }
}
