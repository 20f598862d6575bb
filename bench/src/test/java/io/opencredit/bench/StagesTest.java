package io.opencredit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The latency and its stages are read off the probes' timestamps; no suite is started here. */
class StagesTest {

    private static Probe probe(long intended, long answered, long usage, long consumed, long balance, long seen) {
        Probe probe = new Probe("u" + intended, "s");
        probe.intended = intended;
        probe.answered = answered;
        probe.usageRecorded = usage;
        probe.creditConsumed = consumed;
        probe.balanceChanged = balance;
        probe.balanceSeen = seen;
        return probe;
    }

    @Test
    void the_latency_runs_from_the_intended_send_to_the_balance_event_seen_and_stages_keep_their_sign() {
        Map<String, String> result = new TreeMap<>();
        // the relay sent the UsageRecorded 1 ms before the client had the 202: that stage is -1 ms, not hidden as 0
        Probe early = probe(1_000_000, 1_012_000, 1_011_000, 1_020_000, 1_021_000, 1_023_000);
        Probe late = probe(2_000_000, 2_010_000, 2_015_000, 2_040_000, 2_040_000, 2_042_000);
        Probe unanswered = probe(3_000_000, 0, 0, 0, 0, 0);
        Stages.write(result, "x", List.of(early, late, unanswered));

        assertEquals("3", result.get("x.probes"));
        assertEquals("2", result.get("x.accepted"));
        assertEquals("2", result.get("x.count"));
        assertEquals("23.0", result.get("x.p50"));
        assertEquals("42.0", result.get("x.max"));
        assertEquals("-1.0", result.get("x.stage.gateway.relay.p50"));
        assertEquals("5.0", result.get("x.stage.gateway.relay.p99"));
        assertEquals("1", result.get("x.stage.gateway.relay.negative"));
        assertEquals("10.0", result.get("x.stage.ledger.p50"));
        assertEquals("1.0", result.get("x.stage.same.batch.p99"));
        assertFalse(result.containsKey("x.stage.ledger.batch.p50"), "no written-at header: the ledger's batch and relay are not split");
    }

    @Test
    void with_the_written_at_header_the_ledger_splits_into_its_batch_and_its_relay() {
        Map<String, String> result = new TreeMap<>();
        Probe probe = probe(1_000_000, 1_012_000, 1_015_000, 1_030_000, 1_030_000, 1_031_000);
        probe.usageWrittenAt = 1_010_000;
        probe.balanceWrittenAt = 1_022_500;
        Stages.write(result, "x", List.of(probe));

        assertEquals("7.5", result.get("x.stage.ledger.batch.p50"));
        assertEquals("7.5", result.get("x.stage.ledger.relay.p50"));
        assertEquals("10.0", result.get("x.stage.gateway.write.p50"));
        assertEquals("5.0", result.get("x.stage.gateway.outbox.p50"));
    }

    @Test
    void percentiles_are_the_nearest_rank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, Stages.rank(sorted, 50));
        assertEquals(99, Stages.rank(sorted, 99));
        assertEquals(100, Stages.rank(sorted, 99.9));
        assertEquals(7, Stages.rank(new long[] {7}, 99));
    }
}
