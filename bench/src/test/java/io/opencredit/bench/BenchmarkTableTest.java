package io.opencredit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table writer reads the benchmarks' printed lines defensively; no suite is started here. */
class BenchmarkTableTest {

    @TempDir
    Path dir;

    @Test
    void numbers_are_read_after_the_last_label_without_thousands_separators() {
        String log = "  fold rate:        1,000 events/s\n  fold rate:        4,528 events/s (100,000 in 22.08 s, committed)\n";
        assertEquals(4528.0, BenchmarkTable.number(log, "fold rate:"));
        assertNull(BenchmarkTable.number(log, "rebuild rate:"));
    }

    @Test
    void the_table_is_written_from_logs_with_missing_parts_marked() throws Exception {
        Path ledger = Files.writeString(dir.resolve("ledger.log"), """
                LEDGER BENCHMARK: 100,000 events, 1,000 subscriptions, 10,000 tokens, batches of 2000, PostgreSQL fsync on
                  raw consume rate: 94,785 events/s (100,000 in 1.06 s)
                  fold rate:        4,528 events/s (100,000 in 22.08 s, committed)
                  ratio fold/raw:   0.048
                  CPU per event:    48.1 µs = JVM 29.6 (fold loops 15.8, decoding 2.5) + PostgreSQL 18.5; 1.66 of 2 cores busy
                  PostgreSQL ceiling: 22,640 events/s (the fold's rows copied in 50 transactions, no logic: 4.42 s); fold at 20% of it
                [INFO] BUILD SUCCESS
                """);
        Path gateway = Files.writeString(dir.resolve("gateway.log"), """
                BILLING BENCHMARK: 30 batches x 1000 records (5% duplicates), 4 clients
                  accepted 28550, duplicates 1450
                  HTTP answered:     2.0 s, 14275 accepted records/s
                  all published:     2.5 s, 11420 accepted records/s end to end
                [INFO] BUILD SUCCESS
                """);
        Path out = dir.resolve("benchmarks.md");
        String md = new BenchmarkTable(Map.of("root", dir.toString(), "ledger-log", ledger.toString(), "gateway-log", gateway.toString(),
                "suite", dir.resolve("absent.properties").toString(), "out", out.toString())).render();
        assertTrue(md.contains("| ledger ratio fold/raw | 0.048 (information: issue 4's 0.3 floor and 0.8 target are retired"), md);
        assertTrue(md.contains("| ledger rebuild rate | not measured |"), md);
        assertTrue(md.contains("| ledger CPU per event | 48.1 µs = JVM 29.6 (fold loops 15.8, decoding 2.5) + PostgreSQL 18.5; 1.66 of 2 cores busy (target ≤ 20 µs: not met) |"), md);
        assertTrue(md.contains("| ledger PostgreSQL ceiling | 22,640 events/s (fold at 20% of it; 0.239 x raw) | the fold's rows copied"), md);
        assertTrue(md.contains("| gateway intake: HTTP answered | 14,275 accepted records/s |"), md);
        assertTrue(md.contains("| gateway intake: all published | 11,420 accepted records/s |"), md);
        assertTrue(md.contains("| usage-to-email latency | not run |"), md);
        assertTrue(md.contains("| PostgreSQL fsync | on (ledger benchmark)"), md);
    }

    @Test
    void the_balance_latency_rows_the_search_and_the_stage_breakdown_come_from_the_suite_benchmark() throws Exception {
        Path suite = Files.writeString(dir.resolve("suite.properties"), """
                latency.offered.rate=6000
                latency.seconds=30
                latency.warmup.seconds=6
                latency.email.p50=812.0
                latency.email.p99=1203.5
                latency.email.p999=1300.0
                latency.email.max=1300.0
                balance.half.probes=720
                balance.half.accepted=720
                balance.half.count=720
                balance.half.p50=24.1
                balance.half.p99=140.2
                balance.half.p999=612.0
                balance.half.max=700.0
                balance.half.stage.answer.p50=12.0
                balance.half.stage.answer.p99=60.0
                balance.half.stage.gateway.relay.p50=-1.0
                balance.half.stage.gateway.relay.p99=30.0
                balance.half.stage.gateway.relay.negative=3
                balance.half.stage.gateway.relay.count=720
                balance.half.stage.ledger.p50=8.0
                balance.half.stage.ledger.p99=50.0
                balance.half.stage.same.batch.p99=1.0
                balance.half.stage.same.batch.max=2.0
                balance.low.probes=100
                balance.low.accepted=100
                balance.low.count=100
                balance.low.p50=20.0
                balance.low.p99=45.0
                balance.low.p999=45.0
                balance.low.max=45.0
                balance.low.stage.ledger.p50=7.5
                balance.low.stage.ledger.p99=12.0
                search.rate=12000
                search.failed.rate=24000
                search.steps=6,000 ok; 12,000 ok; 24,000 NOT
                """);
        String md = new BenchmarkTable(Map.of("root", dir.toString(), "suite", suite.toString(), "out", dir.resolve("b.md").toString())).render();
        assertTrue(md.contains("| **usage → `BalanceChanged` at 50% of the sustainable rate** p50 / p99 / p99.9 | **24.1 ms / 140 ms / 612 ms**"
                + " (max 700 ms; target p50 ≤ 30 ms met, p99 ≤ 150 ms met, p99.9 ≤ 500 ms not met) | 720 of 720 measured records"), md);
        assertTrue(md.contains("sent 1.0 ms apart at p99, 2.0 ms at most (one outbox batch)"), md);
        assertTrue(md.contains("| usage → `BalanceChanged` at 1% load p50 / p99 / p99.9 | **20.0 ms / 45.0 ms / 45.0 ms** (max 45.0 ms; target p99 ≤ 50 ms met)"), md);
        assertTrue(md.contains("(max 1,300 ms; target p99 ≤ 1,000 ms: not met)"), md);
        assertTrue(md.contains("| **sustainable rate** of the whole suite | **12,000 records/s**, not at 24,000 records/s (target ≥ 25,000 records/s: not met)"), md);
        assertTrue(md.contains("| gateway relay | 202 → the `UsageRecorded` record's Kafka timestamp on `billing.events` (the relay's send) | -1.0 ms / 30.0 ms | - |"), md);
        assertTrue(md.contains("| ledger | `UsageRecorded`'s Kafka timestamp"), md);
        assertTrue(md.contains("| 8.0 ms / 50.0 ms | 7.5 ms / 12.0 ms |"), md);
        assertTrue(md.contains("The relays set no `opencredit.written-at` header yet"), md);
        assertTrue(md.contains("gateway relay 3 of 720"), md);
    }

    @Test
    void the_webhook_latency_row_comes_from_the_alerting_services_latency_test() throws Exception {
        Path webhook = Files.writeString(dir.resolve("webhook.log"), """
                [INFO] Running io.opencredit.alerting.webhook.WebhookLatencyIT
                F5 webhook latency, 2000 events over 20 subscriptions published in 13.8 s (145/s), all delivered in 14.9 s: \
                p50 313 ms, p90 640 ms, p99 937 ms, max 1204 ms
                [INFO] BUILD SUCCESS
                """);
        String md = new BenchmarkTable(Map.of("root", dir.toString(), "webhook-log", webhook.toString(),
                "suite", dir.resolve("absent.properties").toString())).render();
        assertTrue(md.contains("| webhook delivery latency p50 / p99 (F5) | 313 ms / 937 ms (p90 640 ms, max 1204 ms) |"), md);
        assertTrue(md.contains("2000 events over 20 subscriptions published in 13.8 s (145/s), all delivered in 14.9 s |"), md);
        Path failed = Files.writeString(dir.resolve("failed.log"), "[INFO] BUILD FAILURE\n");
        String none = new BenchmarkTable(Map.of("root", dir.toString(), "webhook-log", failed.toString(),
                "suite", dir.resolve("absent.properties").toString())).render();
        assertTrue(none.contains("| webhook delivery latency | failed |"), none);
    }
}
