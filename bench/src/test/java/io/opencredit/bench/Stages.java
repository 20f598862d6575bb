package io.opencredit.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * The usage → {@code BalanceChanged} latency of a run's probes and its breakdown into stages, written as properties
 * under a prefix for {@link BenchmarkTable}. The latency counts from the intended send time (open loop) to the moment
 * the benchmark's consumer saw the balance event, in an HdrHistogram. Each stage is the interval between two
 * consecutive timestamps on the way; Kafka timestamps have millisecond resolution and the stages are differences of
 * clocks read by different processes, so a stage may come out a little below 0: stages keep their sign and their
 * percentiles are exact (nearest rank over the sorted samples).
 */
final class Stages {

    /** One stage: its property key, and its interval of a probe (null when the probe lacks a timestamp of it). */
    record Stage(String key, ToLongFunction<Probe> from, ToLongFunction<Probe> to) {
    }

    /** In the order they happen; those from or to a written-at exist only when the relays set that header. */
    static final List<Stage> STAGES = List.of(
            new Stage("answer", p -> p.intended, p -> p.answered),
            new Stage("gateway.relay", p -> p.answered, p -> p.usageRecorded),
            new Stage("gateway.write", p -> p.intended, p -> p.usageWrittenAt),
            new Stage("gateway.outbox", p -> p.usageWrittenAt, p -> p.usageRecorded),
            new Stage("ledger", p -> p.usageRecorded, p -> p.balanceChanged),
            new Stage("ledger.batch", p -> p.usageRecorded, p -> p.balanceWrittenAt),
            new Stage("ledger.relay", p -> p.balanceWrittenAt, p -> p.balanceChanged),
            new Stage("delivery", p -> p.balanceChanged, p -> p.balanceSeen),
            // not a stage: how far apart the usage's CreditConsumed and the BalanceChanged matched to it were sent
            new Stage("same.batch", p -> p.creditConsumed, p -> p.balanceChanged),
            // to the append on ledger.events rather than to the subscriber
            new Stage("appended", p -> p.intended, p -> p.balanceChanged));

    private Stages() {
    }

    /** Writes {@code prefix.p50 ...} (the latency), {@code prefix.stage.<key>.p50 ...} and the probes' counts. */
    static void write(Map<String, String> result, String prefix, List<Probe> probes) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
        int accepted = 0;
        for (Probe probe : probes) {
            if (probe.accepted()) {
                accepted++;
            }
            if (probe.resolved()) {
                latency.recordValue(Math.max(0, probe.balanceSeen - probe.intended));
            }
        }
        result.put(prefix + ".probes", Integer.toString(probes.size()));
        result.put(prefix + ".accepted", Integer.toString(accepted));
        result.put(prefix + ".count", Long.toString(latency.getTotalCount()));
        if (latency.getTotalCount() > 0) {
            result.put(prefix + ".p50", ms(latency.getValueAtPercentile(50)));
            result.put(prefix + ".p99", ms(latency.getValueAtPercentile(99)));
            result.put(prefix + ".p999", ms(latency.getValueAtPercentile(99.9)));
            result.put(prefix + ".max", ms(latency.getMaxValue()));
        }
        for (Stage stage : STAGES) {
            long[] samples = probes.stream().filter(Probe::resolved)
                    .filter(p -> stage.from().applyAsLong(p) > 0 && stage.to().applyAsLong(p) > 0)
                    .mapToLong(p -> stage.to().applyAsLong(p) - stage.from().applyAsLong(p)).sorted().toArray();
            if (samples.length == 0) {
                continue;
            }
            String key = prefix + ".stage." + stage.key();
            result.put(key + ".count", Integer.toString(samples.length));
            result.put(key + ".p50", ms(rank(samples, 50)));
            result.put(key + ".p99", ms(rank(samples, 99)));
            result.put(key + ".max", ms(samples[samples.length - 1]));
            result.put(key + ".negative", Long.toString(Arrays.stream(samples).filter(v -> v < 0).count()));
        }
    }

    /** The value at a percentile by nearest rank: the smallest sample with at least that share of samples at or below it. */
    static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
