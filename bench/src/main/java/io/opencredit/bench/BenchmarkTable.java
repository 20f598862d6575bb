package io.opencredit.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of {@code ./benchmarks}: reads what the three parts left behind — the Maven logs of the
 * ledger's and the gateway's benchmarks and the properties file of {@code SuiteBenchmark} — adds the
 * machine's details, prints the table and writes {@code docs/benchmarks.md}.
 *
 * <p>Arguments are {@code key=value}: {@code root} (the repository), {@code ledger-log},
 * {@code gateway-log}, {@code webhook-log}, {@code suite} (properties), {@code mode} ({@code quick} or {@code full}),
 * {@code out} (the Markdown file, default {@code docs/benchmarks.md} under the root), {@code seconds}
 * (how long the whole run took). A part that is missing or failed is shown as such; the table is
 * written anyway. Only the JDK is needed, so the script runs it straight from {@code target/classes}.
 */
public final class BenchmarkTable {

    private static final Pattern NUMBER = Pattern.compile("([0-9][0-9,]*(?:\\.[0-9]+)?)");

    private final Map<String, String> args;
    private final Path root;
    private final List<String[]> machine = new ArrayList<>();
    private final List<String[]> figures = new ArrayList<>();
    private final List<String[]> services = new ArrayList<>();
    private final List<String[]> breakdown = new ArrayList<>();
    private final List<String> breakdownNotes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    BenchmarkTable(Map<String, String> args) {
        this.args = args;
        this.root = Path.of(args.getOrDefault("root", ".")).toAbsolutePath().normalize();
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        BenchmarkTable table = new BenchmarkTable(args);
        String markdown = table.render();
        System.out.println(markdown);
        Path out = args.containsKey("out") ? Path.of(args.get("out")) : table.root.resolve("docs/benchmarks.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown + history(out), StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    /** The file's hand-written History section (past runs), kept below the new table. */
    private static String history(Path out) throws IOException {
        if (!Files.exists(out)) {
            return "";
        }
        String old = Files.readString(out, StandardCharsets.UTF_8);
        int history = old.indexOf("\n## History\n");
        return history < 0 ? "" : old.substring(history);
    }

    String render() throws IOException {
        Properties suite = properties(args.get("suite"));
        machine(suite);
        ledger(text(args.get("ledger-log")));
        gateway(text(args.get("gateway-log")));
        webhooks(text(args.get("webhook-log")));
        latency(suite);
        coldStart(suite);

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `./benchmarks").append("quick".equals(args.get("mode")) ? " --quick" : "").append("` on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(args.containsKey("seconds") ? " (the run took " + minutes(args.get("seconds")) + ")" : "")
                .append(". Replace it by running the command again.\n\n");
        md.append("## Machine\n\n");
        table(md, new String[] {"machine", "details"}, machine);
        md.append("\n## Figures\n\n");
        table(md, new String[] {"benchmark", "figure", "how measured"}, figures);
        if (!breakdown.isEmpty()) {
            md.append("\n## Usage → `BalanceChanged` by stage\n\n");
            table(md, new String[] {"stage", "from → to", "at 50%: p50 / p99", "at 1% load: p50 / p99"}, breakdown);
            if (!breakdownNotes.isEmpty()) {
                md.append('\n');
                for (String note : breakdownNotes) {
                    md.append("- ").append(note).append('\n');
                }
            }
        }
        md.append("\n## Cold start and memory per service\n\n");
        table(md, new String[] {"service", "ready after", "Quarkus \"started in\"", "RSS when ready", "RSS after the latency run"}, services);
        if (!notes.isEmpty()) {
            md.append('\n');
            for (String note : notes) {
                md.append("- ").append(note).append('\n');
            }
        }
        md.append('\n').append(HOW_TO);
        return md.toString();
    }

    private static final String HOW_TO = """
            ## How to run

            ```bash
            flock /tmp/opencredit-suite.lock ./benchmarks           # full: 1,000,000 ledger events, 600 gateway batches, search steps of 25 s, 120 s at 50%, 60 s at 1%
            flock /tmp/opencredit-suite.lock ./benchmarks --quick   # short: 100,000 ledger events, 30 gateway batches, search steps of 8 s, 30 s at 50%, 10 s at 1%
            ```

            It builds the suite (`./mvnw -o install -DskipTests`; `--no-build` skips that), runs the ledger's
            `LedgerBenchmark` and the gateway's `UsageBenchmark` on durable PostgreSQL (fsync on), each in a JVM with
            the throughput collector and a 1 GiB heap (`-Xmx1g -XX:+UseParallelGC`; the tests' JVMs use SerialGC to
            spare CI's memory), and the `bench`
            module's `SuiteBenchmark` against the suite started as `./opencredit up` starts it (fixed ports: hold the
            lock), then prints this table and replaces this file. Logs and the raw figures stay in `bench/target/bench/`.

            ## How to read it

            - **Ledger ratio** (fold rate / raw consume rate of the same topic in the same run) cancels out the
              machine's speed: it is the figure to compare between commits. It does not cancel the number of cores:
              the raw consumer is one thread, the fold runs one loop per partition on every core. The target of
              issue 4 was a fold of at least 0.3 x raw; it is kept as information, no longer a target (issue 20).
              The rates themselves depend on the machine and on what else runs on it (see the load average). The
              ledger is measured after a warm-up of a fifth of the events on subscriptions of their own.
            - **Rebuild rate**: every stream refolded from the event store and compared with the live projections.
            - **Gateway intake**: records accepted per second over HTTP (batches of 1000), and once the outbox relay
              has published them all.
            - **Usage → `BalanceChanged`** (issue 20): open-loop load (requests sent at fixed intended times
              whatever the answers, latency counted from the intended send time, so a stalled suite is not hidden: no
              coordinated omission), HdrHistogram. Measured records ("probes", up to 4 a request) go to 24 subscriptions
              of their own; a plain `KafkaConsumer` in the benchmark (every partition assigned, from the end as it was
              before the load) reads `billing.events` and `ledger.events`. `BalanceChanged` carries no usage id: a
              usage's balance event is its subscription's next `BalanceChanged` after the `CreditConsumed` naming the
              usage id; the ledger writes both in one commit and one outbox bundle, on the same partition, and the
              row shows how far apart they were sent. The latency ends when the benchmark's consumer sees the event.
              At 50% of the sustainable rate, and at 1% load: one meter sending one record every 100 ms.
            - **Stages**: the same records' timestamps on the way: the intended send, the 202, the Kafka timestamps
              (CreateTime: the relay's send) of the `UsageRecorded` and of the `BalanceChanged`, the consumer's
              receipt; with the relays' `opencredit.written-at` header (when the outbox row was written) the relays'
              wait is split from the batches. All clocks are this machine's; Kafka timestamps are whole milliseconds,
              so a short stage may show a little below 0.
            - **Sustainable rate**: found by a search, not assumed: steps of open-loop load, doubling from a quarter
              of the fold rate until a step fails, then bisecting; a step passes when p99 usage → `BalanceChanged` is
              at most 1 s, the last balance event arrives within 2 s of the load's end (no backlog) and at most 0.1%
              of the requests failed. After a failed step the suite drains before the next.
            - **Usage-to-email latency**: at 50% of the sustainable rate, in the same run as the `BalanceChanged`
              latency. Each of many small subscriptions gets one usage record that takes its token
              to 25% (SPEC A1, `TokenBalanceLow`); the latency runs from that record's intended send time to the
              arrival of the email at the suite's SMTP server (seen by polling it every 20 ms), through the
              gateway, Kafka, the ledger, Kafka again and the alerting service.
              Background records on a few large subscriptions fill the rest of the rate.
            - **Cold start**: from the service's process start (`/proc/<pid>/stat`) to its first 200 on
              `/q/health/ready`, all four starting at once beside Kafka and PostgreSQL; RSS is `VmRSS` of
              `/proc/<pid>/status` (services run with `-Xmx256m -XX:+UseSerialGC`).
            - A shared or busy machine makes every absolute figure noisy: compare runs on the same quiet machine.
            """;

    // ---- machine ------------------------------------------------------------------------------

    private void machine(Properties suite) {
        String cpuinfo = read("/proc/cpuinfo");
        String model = first(cpuinfo, "(?m)^model name\\s*:\\s*(.+)$", "unknown");
        long cpus = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        machine.add(row("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE)
                + (args.containsKey("mode") ? " (" + args.get("mode") + " run)" : "")));
        machine.add(row("CPU", model + ", " + cpus + " logical CPU" + (cpus == 1 ? "" : "s")
                + " (" + Runtime.getRuntime().availableProcessors() + " available to the JVM)"));
        String meminfo = read("/proc/meminfo");
        machine.add(row("memory", kb(first(meminfo, "(?m)^MemTotal:\\s*(\\d+)", null)) + " total, "
                + kb(first(meminfo, "(?m)^MemAvailable:\\s*(\\d+)", null)) + " available at the end"));
        String os = first(read("/etc/os-release"), "(?m)^PRETTY_NAME=\"?([^\"\\n]+)\"?$", System.getProperty("os.name"));
        machine.add(row("OS", os + ", Linux " + read("/proc/sys/kernel/osrelease").trim() + " " + System.getProperty("os.arch")));
        machine.add(row("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")"));
        String ledgerLog = text(args.get("ledger-log"));
        String ledgerFsync = first(ledgerLog, "PostgreSQL fsync (\\w+)", null);
        String suiteFsync = suite.getProperty("postgres.fsync");
        machine.add(row("PostgreSQL fsync", (ledgerFsync == null ? "unknown" : ledgerFsync) + " (ledger benchmark), "
                + (suiteFsync == null ? "unknown" : suiteFsync + ", synchronous_commit " + suite.getProperty("postgres.synchronous_commit", "?"))
                + " (suite)" + (suite.containsKey("postgres.version") ? "; " + suite.getProperty("postgres.version") : "")));
        String load = read("/proc/loadavg").trim();
        machine.add(row("load average", (args.containsKey("load-start") ? args.get("load-start") + " at the start, " : "")
                + (load.isEmpty() ? "unknown" : String.join(" ", List.of(load.split("\\s+")).subList(0, 3))) + " at the end (1, 5, 15 min)"));
    }

    // ---- ledger -------------------------------------------------------------------------------

    private void ledger(String log) {
        String header = first(log, "LEDGER BENCHMARK:\\s*(.+)", null);
        String how = header == null ? "`LedgerBenchmark`" : "`LedgerBenchmark`: " + header.trim();
        if (log.isEmpty()) {
            figures.add(row("ledger fold / raw", "not run", "no log"));
            return;
        }
        Double raw = number(log, "raw consume rate:");
        Double fold = number(log, "fold rate:");
        Double ratio = number(log, "ratio fold/raw:");
        if (ratio == null && raw != null && fold != null && raw > 0) {
            ratio = fold / raw;
        }
        if (raw == null || fold == null) {
            figures.add(row("ledger fold / raw", "failed", "no rates printed; see " + args.get("ledger-log") + failure(log)));
            return;
        }
        // issue 4's floor (0.3) and target (0.8) were retired by issue 20: the ratio depends on the core count
        figures.add(row("ledger ratio fold/raw", ratio == null ? "?" : String.format(Locale.ROOT, "%.3f", ratio)
                + " (information: issue 4's 0.3 floor and 0.8 target are retired, see the PostgreSQL ceiling)", how));
        figures.add(row("ledger raw consume rate", rate(raw, "events/s"), "plain `KafkaConsumer` over the same topic"));
        figures.add(row("ledger fold rate", rate(fold, "events/s"), "folded and committed (state, events, outbox, positions)"));
        String cpu = first(log, "CPU per event:\\s*(.+)", null);
        if (cpu != null) {
            Double micros = parse(first(cpu, "([0-9][0-9,]*(?:\\.[0-9]+)?)", ""));
            String target = micros == null ? "" : " (target ≤ 20 µs: " + (micros <= 20 ? "met" : "not met") + ")";
            figures.add(row("ledger CPU per event", cpu.trim() + target, "while folding: the JVM's threads by role and PostgreSQL's processes (`/proc`)"));
        }
        Double ceiling = number(log, "PostgreSQL ceiling:");
        if (ceiling != null) {
            String detail = first(log, "PostgreSQL ceiling:\\s*[0-9,.]+\\s*events/s\\s*\\((.*)\\)", "the fold's rows, no logic");
            figures.add(row("ledger PostgreSQL ceiling", rate(ceiling, "events/s") + String.format(Locale.ROOT,
                    " (fold at %.0f%% of it; %.3f x raw)", 100 * fold / ceiling, ceiling / raw), detail));
        }
        Double rebuild = number(log, "rebuild rate:");
        if (rebuild == null) {
            figures.add(row("ledger rebuild rate", "not measured", "the benchmark printed no `rebuild rate:` line"));
        } else {
            String rest = first(log, "rebuild rate:\\s*[0-9,.]+\\s*(.*)", "");
            String unit = rest.isEmpty() ? "" : rest.split("\\s+")[0];
            String detail = first(rest, "\\((.*)\\)\\s*$", "");
            figures.add(row("ledger rebuild rate", rate(rebuild, unit), detail.isEmpty() ? "refolded from the store" : detail));
        }
        if (!log.contains("BUILD SUCCESS")) {
            notes.add("The ledger benchmark's Maven run did not end in BUILD SUCCESS; see " + args.get("ledger-log") + failure(log));
        }
    }

    // ---- gateway ------------------------------------------------------------------------------

    private void gateway(String log) {
        if (log.isEmpty()) {
            figures.add(row("gateway intake", "not run", "no log"));
            return;
        }
        String header = first(log, "BILLING BENCHMARK:\\s*(.+)", null);
        // every summary line with a rate in records/s: "  <label>: ... <n> [accepted] records/s [rest]"
        Matcher m = Pattern.compile("(?m)^\\s*([A-Za-z][^:\\n]{0,60}):\\s*([^\\n]*?)([0-9][0-9,]*(?:\\.[0-9]+)?)\\s+((?:[a-z]+\\s+)?records/s)([^\\n]*)$").matcher(log);
        Map<String, String[]> rows = new LinkedHashMap<>();
        while (m.find()) {
            String label = m.group(1).trim();
            if (label.startsWith("[") || label.contains("INFO") || label.contains("WARN")) {
                continue;
            }
            String detail = (m.group(2).replaceAll("[,\\s]+$", "") + " " + m.group(5).trim()).trim();
            rows.put(label, row("gateway intake: " + label, rate(parse(m.group(3)), m.group(4)),
                    (header == null ? "`UsageBenchmark`" : "`UsageBenchmark`: " + header.trim()) + (detail.isEmpty() ? "" : "; " + detail)));
        }
        if (rows.isEmpty()) {
            figures.add(row("gateway intake", "failed", "no records/s line printed; see " + args.get("gateway-log") + failure(log)));
            return;
        }
        figures.addAll(rows.values());
        String cpu = first(log, "(?m)^\\s*CPU[^:\\n]*:\\s*(.+)$", null);
        if (cpu != null) {
            notes.add("Gateway benchmark CPU: " + cpu.trim());
        }
        String byThread = first(log, "(?m)^\\s*JVM CPU by thread:\\s*(.+)$", null);
        if (byThread != null) {
            notes.add("Gateway benchmark JVM CPU by thread: " + byThread.trim());
        }
        if (!log.contains("BUILD SUCCESS")) {
            notes.add("The gateway benchmark's Maven run did not end in BUILD SUCCESS; see " + args.get("gateway-log") + failure(log));
        }
    }

    // ---- webhooks (F5) -------------------------------------------------------------------------

    /** The alerting service's {@code WebhookLatencyIT}: event on ledger.events → signed delivery at a loopback receiver. */
    private void webhooks(String log) {
        if (log.isEmpty()) {
            return;
        }
        String figure = first(log, "(?m)^F5 webhook latency, (.+)$", null);
        if (figure == null) {
            figures.add(row("webhook delivery latency", "failed", "no figure printed; see " + args.get("webhook-log") + failure(log)));
            return;
        }
        Matcher m = Pattern.compile("p50 ([0-9]+) ms, p90 ([0-9]+) ms, p99 ([0-9]+) ms, max ([0-9]+) ms").matcher(figure);
        String value = m.find() ? m.group(1) + " ms / " + m.group(3) + " ms (p90 " + m.group(2) + " ms, max " + m.group(4) + " ms)" : figure;
        figures.add(row("webhook delivery latency p50 / p99 (F5)", value, "alerting-service `WebhookLatencyIT` (real Kafka, PostgreSQL and"
                + " an HTTP receiver on loopback): from the event's publication on `ledger.events` to the receiver's 2xx; "
                + figure.replaceAll(": p50 .*$", "")));
    }

    // ---- suite: latency, cold start, memory ----------------------------------------------------

    private void latency(Properties p) {
        if (p.isEmpty()) {
            figures.add(row("usage-to-email latency", "not run", "no " + args.get("suite")));
            return;
        }
        if (p.containsKey("error")) {
            notes.add("The suite benchmark stopped: " + p.getProperty("error"));
        }
        balance(p, "balance.half", "**usage → `BalanceChanged` at 50% of the sustainable rate** p50 / p99 / p99.9",
                new double[] {30, 150, 500}, "at " + rate(parse(p.getProperty("latency.offered.rate", "")), "records/s") + " for "
                        + p.getProperty("latency.seconds", "?") + " s after " + p.getProperty("latency.warmup.seconds", "?") + " s of warm-up");
        balance(p, "balance.low", "usage → `BalanceChanged` at 1% load p50 / p99 / p99.9", new double[] {Double.NaN, 50, Double.NaN},
                "one meter, one record every 100 ms on one subscription, for " + p.getProperty("balance.low.seconds", "?") + " s");
        if (!p.containsKey("latency.offered.rate")) {
            figures.add(row("usage-to-email latency", "not measured", p.getProperty("error", "see the suite benchmark's log")));
        } else {
            String offered = rate(parse(p.getProperty("latency.offered.rate")), "records/s");
            String why = p.getProperty("latency.rate.note", "");
            figures.add(row("usage-to-email latency p50 / p99 / p99.9",
                    "**" + ms(p, "latency.email.p50") + " / " + ms(p, "latency.email.p99") + " / " + ms(p, "latency.email.p999") + "**"
                            + " (max " + ms(p, "latency.email.max") + "; target p99 ≤ 1,000 ms: " + verdict(p, "latency.email.p99", 1000) + ")",
                    p.getProperty("latency.emails.received", "0") + " of " + p.getProperty("latency.emails.expected", "?")
                            + " A1 emails, open loop at " + offered + " (50% of the sustainable rate) for " + p.getProperty("latency.seconds", "?") + " s"
                            + (p.containsKey("latency.warmup.seconds") ? " after " + p.getProperty("latency.warmup.seconds") + " s of warm-up" : "")
                            + (why.isEmpty() ? "" : "; " + why)));
            figures.add(row("usage intake answer (open loop) p50 / p99 / p99.9",
                    ms(p, "latency.http.p50") + " / " + ms(p, "latency.http.p99") + " / " + ms(p, "latency.http.p999"),
                    p.getProperty("latency.requests", "?") + " requests of " + p.getProperty("latency.records.per.request", "?")
                            + " records, " + p.getProperty("latency.records.accepted", "?") + " records accepted, "
                            + p.getProperty("latency.requests.failed", "0") + " requests failed; from the intended send time"));
            String stability = p.getProperty("latency.stability");
            if (stability != null) {
                figures.add(row("suite under that load", stability, "email latency p50 of the first vs the second half of the run"));
            }
        }
        if (p.containsKey("search.rate")) {
            Double found = parse(p.getProperty("search.rate"));
            double sustainable = found == null ? 0 : found;
            String failedAt = p.getProperty("search.failed.rate");
            figures.add(row("**sustainable rate** of the whole suite",
                    (sustainable > 0 ? "**" + rate(sustainable, "records/s") + "**" : "**below " + rate(parse(p.getProperty("search.lowest", "")),
                            "records/s") + "**")
                            + (failedAt == null || sustainable == 0 ? "" : ", not at " + rate(parse(failedAt), "records/s"))
                            + " (target ≥ 25,000 records/s: " + (sustainable >= 25_000 ? "met" : "not met") + ")",
                    "the highest offered rate whose step kept p99 usage → `BalanceChanged` ≤ 1 s, the last balance event within "
                            + p.getProperty("search.drain.seconds", "?") + " s of the load's end (no backlog) and ≤ 0.1% failed requests;"
                            + " steps of " + p.getProperty("search.step.seconds", "?") + " s (the first after "
                            + p.getProperty("search.warmup.seconds", "?") + " s of warm-up), doubling then bisecting: "
                            + p.getProperty("search.steps", "-") + (p.containsKey("search.note") ? "; " + p.getProperty("search.note") : "")));
        }
        stages(p);
    }

    /** One usage → BalanceChanged row, its targets (NaN: none) judged. */
    private void balance(Properties p, String prefix, String label, double[] targets, String load) {
        if (!p.containsKey(prefix + ".probes")) {
            figures.add(row(label, "not measured", p.getProperty("error", "see the suite benchmark's log")));
            return;
        }
        String[] names = {"p50", "p99", "p99.9"};
        String[] keys = {".p50", ".p99", ".p999"};
        List<String> judged = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isNaN(targets[i])) {
                judged.add(String.format(Locale.ROOT, "%s ≤ %,.0f ms %s", names[i], targets[i], verdict(p, prefix + keys[i], targets[i])));
            }
        }
        String check = p.containsKey(prefix + ".stage.same.batch.max")
                ? "; its `CreditConsumed` and that `BalanceChanged` were sent " + ms(p, prefix + ".stage.same.batch.p99") + " apart at p99, "
                + ms(p, prefix + ".stage.same.batch.max") + " at most (one outbox batch)" : "";
        figures.add(row(label, "**" + ms(p, prefix + ".p50") + " / " + ms(p, prefix + ".p99") + " / " + ms(p, prefix + ".p999") + "**"
                        + " (max " + ms(p, prefix + ".max") + "; target " + String.join(", ", judged) + ")",
                p.getProperty(prefix + ".count", "0") + " of " + p.getProperty(prefix + ".probes", "?") + " measured records ("
                        + p.getProperty(prefix + ".accepted", "?") + " accepted), open loop " + load + "; from the intended send time"
                        + " to the subscription's next `BalanceChanged` after the `CreditConsumed` naming the usage id, seen by a plain"
                        + " consumer of `ledger.events`" + check));
    }

    /** The stage breakdown: each stage at 50% and at 1% load, and what is known about the timestamps. */
    private void stages(Properties p) {
        String[][] stages = {
                {"answer", "gateway answer", "intended send → the 202"},
                {"gateway.relay", "gateway relay", "202 → the `UsageRecorded` record's Kafka timestamp on `billing.events` (the relay's send)"},
                {"gateway.write", "gateway write", "intended send → the `UsageRecorded` outbox row's written-at"},
                {"gateway.outbox", "gateway relay (from the row)", "written-at → the `UsageRecorded` record's Kafka timestamp"},
                {"ledger", "ledger", "`UsageRecorded`'s Kafka timestamp → the `BalanceChanged` record's (broker, ledger poll, batch, commit, ledger relay)"},
                {"ledger.batch", "ledger batch", "`UsageRecorded`'s Kafka timestamp → the `BalanceChanged` outbox row's written-at"},
                {"ledger.relay", "ledger relay", "written-at → the `BalanceChanged` record's Kafka timestamp"},
                {"delivery", "delivery", "`BalanceChanged`'s Kafka timestamp → seen by the benchmark's consumer"},
                {"appended", "usage → appended to `ledger.events`", "intended send → the `BalanceChanged` record's Kafka timestamp"},
                {"", "**usage → `BalanceChanged` seen**", "intended send → seen by the benchmark's consumer (the rows above)"}};
        if (!p.containsKey("balance.half.probes") && !p.containsKey("balance.low.probes")) {
            return;
        }
        for (String[] stage : stages) {
            String key = stage[0].isEmpty() ? "" : ".stage." + stage[0];
            if (!p.containsKey("balance.half" + key + ".p50") && !p.containsKey("balance.low" + key + ".p50")) {
                continue;
            }
            breakdown.add(row(stage[1], stage[2], split(p, "balance.half" + key), split(p, "balance.low" + key)));
        }
        if (!p.containsKey("balance.half.stage.ledger.batch.p50") && !p.containsKey("balance.low.stage.ledger.batch.p50")) {
            breakdownNotes.add("The relays set no `opencredit.written-at` header yet: the gateway's and the ledger's batch and relay are not split.");
        }
        for (String prefix : List.of("balance.half", "balance.low")) {
            List<String> negative = new ArrayList<>();
            for (String[] stage : stages) {
                String count = p.getProperty(prefix + ".stage." + stage[0] + ".negative", "0");
                if (!stage[0].isEmpty() && !"0".equals(count)) {
                    negative.add(stage[1] + " " + count + " of " + p.getProperty(prefix + ".stage." + stage[0] + ".count"));
                }
            }
            if (!negative.isEmpty()) {
                breakdownNotes.add("Below 0 (" + (prefix.endsWith("half") ? "at 50%" : "at 1%") + "; Kafka timestamps are whole milliseconds,"
                        + " and the relay may send before the 202 reaches the client): " + String.join(", ", negative) + ".");
            }
        }
        if (p.containsKey("balance.timestamp.types")) {
            breakdownNotes.add("Timestamp types of the records read (CreateTime: the producer's send time): " + p.getProperty("balance.timestamp.types") + ".");
        }
    }

    private static String split(Properties p, String key) {
        return p.containsKey(key + ".p50") ? ms(p, key + ".p50") + " / " + ms(p, key + ".p99") : "-";
    }

    private static String verdict(Properties p, String key, double targetMs) {
        String value = p.getProperty(key);
        return value == null ? "not measured" : Double.parseDouble(value) <= targetMs ? "met" : "not met";
    }

    private void coldStart(Properties p) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("billing-gateway", 8080);
        ports.put("activation-service", 8081);
        ports.put("ledger-service", 8082);
        ports.put("alerting-service", 8083);
        for (String service : ports.keySet()) {
            String ready = p.getProperty("cold." + service + ".seconds");
            String quarkus = p.getProperty("cold." + service + ".quarkus.seconds");
            services.add(row(service + " (" + p.getProperty("port." + service, ports.get(service).toString()) + ")",
                    ready == null ? "not measured" : ready + " s",
                    quarkus == null ? "-" : quarkus + " s",
                    kb(p.getProperty("rss.ready." + service)),
                    kb(p.getProperty("rss.after." + service))));
        }
        if (p.containsKey("cold.suite.seconds")) {
            notes.add("The whole suite (Kafka, PostgreSQL, SMTP and the four services) was ready " + p.getProperty("cold.suite.seconds")
                    + " s after LocalSuite.start was called; the four services start at once and share the CPUs.");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void table(StringBuilder md, String[] header, List<String[]> rows) {
        md.append('|');
        for (String h : header) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < header.length; i++) {
            md.append("---|");
        }
        md.append('\n');
        for (String[] row : rows) {
            md.append('|');
            for (int i = 0; i < header.length; i++) {
                md.append(' ').append(i < row.length ? row[i].replace("|", "\\|") : "").append(" |");
            }
            md.append('\n');
        }
    }

    private static String[] row(String... cells) {
        return cells;
    }

    /** The number after the last occurrence of {@code label} in the log, commas removed; null if absent. */
    static Double number(String log, String label) {
        int at = log.lastIndexOf(label);
        if (at < 0) {
            return null;
        }
        Matcher m = NUMBER.matcher(log.substring(at + label.length(), Math.min(log.length(), at + label.length() + 80)));
        return m.find() ? parse(m.group(1)) : null;
    }

    private static Double parse(String number) {
        try {
            return Double.valueOf(number.replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String rate(Double value, String unit) {
        return value == null ? "?" : String.format(Locale.ROOT, "%,.0f %s", value, unit).trim();
    }

    private static String ms(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            return "-";
        }
        double ms = Double.parseDouble(value);
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                : Math.abs(ms) < 100 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    private static String kb(String kb) {
        if (kb == null || kb.isBlank()) {
            return "-";
        }
        double value = Double.parseDouble(kb.trim());
        return value >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f GiB", value / 1024 / 1024)
                : String.format(Locale.ROOT, "%.0f MiB", value / 1024);
    }

    private static String minutes(String seconds) {
        long s = Long.parseLong(seconds.trim());
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    private static String failure(String log) {
        String error = first(log, "(?m)^\\[ERROR\\]\\s*(.{1,200})$", null);
        return error == null ? "" : " (" + error.trim() + ")";
    }

    private static String first(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String text(String file) {
        return file == null ? "" : read(file);
    }

    private static Properties properties(String file) throws IOException {
        Properties p = new Properties();
        if (file != null && Files.exists(Path.of(file))) {
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                p.load(reader);
            }
        }
        return p;
    }
}
