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
        assertTrue(md.contains("| **ledger ratio fold/raw** | **0.048** (below the 0.3 floor; target 0.8)"), md);
        assertTrue(md.contains("| ledger rebuild rate | not measured |"), md);
        assertTrue(md.contains("| ledger CPU per event | 48.1 µs = JVM 29.6 (fold loops 15.8, decoding 2.5) + PostgreSQL 18.5; 1.66 of 2 cores busy |"), md);
        assertTrue(md.contains("| ledger PostgreSQL ceiling | 22,640 events/s (fold at 20% of it; 0.239 x raw) | the fold's rows copied"), md);
        assertTrue(md.contains("| gateway intake: HTTP answered | 14,275 accepted records/s |"), md);
        assertTrue(md.contains("| gateway intake: all published | 11,420 accepted records/s |"), md);
        assertTrue(md.contains("| usage-to-email latency | not run |"), md);
        assertTrue(md.contains("| PostgreSQL fsync | on (ledger benchmark)"), md);
    }
}
