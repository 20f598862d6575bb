package io.opencredit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** How a measured usage is matched to its balance event, on hand-made records; no broker here. */
class BalanceMatcherTest {

    private final BalanceMatcher matcher = new BalanceMatcher();
    private long offset;

    private ConsumerRecord<String, byte[]> record(String topic, String key, String type, String usageId, long timestampMs, String writtenAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(BalanceMatcher.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        if (writtenAt != null) {
            headers.add(BalanceMatcher.WRITTEN_AT, writtenAt.getBytes(StandardCharsets.UTF_8));
        }
        String value = "{\"eventId\":\"x\",\"type\":\"" + type + "\",\"payload\":{" + (usageId == null ? "" : "\"usageId\":\"" + usageId + "\"") + "}}";
        return new ConsumerRecord<>(topic, 0, offset++, timestampMs, TimestampType.CREATE_TIME, -1, -1, key,
                value.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }

    @Test
    void a_usage_gets_the_next_balance_changed_of_its_subscription_after_its_credit_consumed() {
        Probe first = new Probe("u1", "s1");
        Probe second = new Probe("u2", "s1");
        Probe other = new Probe("u3", "s2");
        matcher.register(first);
        matcher.register(second);
        matcher.register(other);

        matcher.accept(record(BalanceMatcher.BILLING_EVENTS, "s1", "UsageRecorded", "u1", 100, null), 100_500);
        // a BalanceChanged of the subscription before the usage's CreditConsumed is an earlier change's
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s1", "BalanceChanged", null, 105, null), 105_500);
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s1", "CreditConsumed", "u1", 110, null), 111_000);
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s1", "CreditConsumed", "u2", 110, null), 111_000);
        // another subscription's balance event does not close s1's change
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s2", "BalanceChanged", null, 115, null), 115_500);
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s1", "BalanceChanged", null, 111, "110250"), 112_000);
        // the next change's balance event does not move the stamps
        matcher.accept(record(BalanceMatcher.LEDGER_EVENTS, "s1", "BalanceChanged", null, 130, null), 131_000);

        assertEquals(100_000, first.usageRecorded);
        assertEquals(0, first.usageWrittenAt, "no written-at header on the gateway's record");
        assertEquals(110_000, first.creditConsumed);
        assertEquals(111_000, first.balanceChanged, "two usages of one commit share its BalanceChanged");
        assertEquals(111_000, second.balanceChanged);
        assertEquals(110_250, first.balanceWrittenAt);
        assertEquals(112_000, first.balanceSeen);
        assertEquals(0, other.balanceSeen, "s2's usage had no CreditConsumed yet");
        assertEquals(2, matcher.resolved());
        assertEquals("billing.events CreateTime 1, ledger.events CreateTime 6", matcher.timestampTypes());
    }

    @Test
    void records_of_subscriptions_without_probes_are_not_decoded() {
        matcher.register(new Probe("u1", "s1"));
        ConsumerRecord<String, byte[]> notJson = new ConsumerRecord<>(BalanceMatcher.LEDGER_EVENTS, 0, 0, 1L, TimestampType.CREATE_TIME, -1, -1,
                "background", "not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
        matcher.accept(notJson, 1);
        assertEquals("none seen", matcher.timestampTypes());
    }
}
