package io.opencredit.system.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, all drawn from the seed before the run starts: their kinds, targets,
 * durations and the point of the usage stream (batches sent) at which each one strikes. The same
 * seed gives the same schedule, so a failing run can be replayed with {@code -Dfaults.seed=N}.
 */
final class FaultSchedule {

    static final String GATEWAY = "billing-gateway";
    static final String LEDGER = "ledger-service";
    static final String LEDGER_2 = "ledger-service-2";
    static final String ALERTING = "alerting-service";

    enum Kind {
        /** kill -9 of a service instance at a random point, then a restart after {@code millis}. */
        KILL,
        /** SIGSTOP of a ledger instance beyond the consumer session timeout (45 s): it is evicted and its partitions move. */
        PAUSE_PAST_SESSION,
        /** SIGSTOP for a few seconds (a long GC pause): requests and batches stall, nobody is evicted. */
        PAUSE_SHORT,
        /** The broker stops and starts again on the same log directory after {@code millis}. */
        RESTART_BROKER,
        /** PostgreSQL immediate shutdown (no checkpoint) and a start after {@code millis}. */
        RESTART_POSTGRES,
        /** An earlier, accepted usage batch posted again. */
        DUPLICATE_HTTP,
        /** Byte-identical copies of existing records re-published to the event topics (same event ids). */
        DUPLICATE_RECORDS,
        /** Poison records (not JSON, no value, unknown type, key mismatch) published to the event topics. */
        MALFORMED_RECORDS
    }

    record Fault(int number, Kind kind, String target, long millis, int afterBatches) {
        @Override
        public String toString() {
            return "#" + number + " " + kind + (target == null ? "" : " " + target) + (millis > 0 ? " " + millis + " ms" : "")
                    + " at batch " + afterBatches;
        }
    }

    static final long SESSION_PAUSE_MILLIS = 50_000;

    private FaultSchedule() {
    }

    /** A short run holds every kind at least once and at least {@code minimum} faults; a long one {@code minimum} faults drawn at random. */
    static List<Fault> generate(long seed, int minimum, boolean longRun, int batchesPerFault) {
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        if (longRun) {
            Kind[] all = Kind.values();
            for (int i = 0; i < minimum; i++) {
                Kind kind = all[random.nextInt(all.length)];
                kinds.add(kind == Kind.PAUSE_PAST_SESSION && i % 10 != 0 ? Kind.KILL : kind);
            }
        } else {
            kinds.addAll(List.of(Kind.KILL, Kind.KILL, Kind.KILL, Kind.KILL, Kind.PAUSE_SHORT, Kind.RESTART_BROKER,
                    Kind.RESTART_POSTGRES, Kind.DUPLICATE_HTTP, Kind.DUPLICATE_RECORDS, Kind.MALFORMED_RECORDS));
            while (kinds.size() < minimum - 1) {
                kinds.add(Kind.PAUSE_SHORT); // a restart costs 10-30 s on a small machine: no more kills than one per service
            }
            Collections.shuffle(kinds, random);
            // the long pause goes early: its 50 s overlap the other faults instead of adding to the run
            kinds.add(1, Kind.PAUSE_PAST_SESSION);
        }
        List<String> killTargets = List.of(GATEWAY, LEDGER, LEDGER_2, ALERTING);
        List<Fault> drawn = new ArrayList<>();
        int kills = 0;
        for (Kind kind : kinds) {
            String target = switch (kind) {
                // a short run kills each of the gateway, both ledgers and alerting once, in a seeded order
                case KILL -> longRun || kills >= killTargets.size() ? killTargets.get(random.nextInt(killTargets.size()))
                        : killTargets.get((int) ((kills++ + seed % 4 + 4) % 4));
                case PAUSE_SHORT -> killTargets.get(random.nextInt(killTargets.size()));
                case PAUSE_PAST_SESSION -> random.nextBoolean() ? LEDGER : LEDGER_2;
                default -> null;
            };
            long millis = switch (kind) {
                case KILL -> random.nextInt(2_000);
                case PAUSE_SHORT -> 2_000 + random.nextInt(6_000);
                case PAUSE_PAST_SESSION -> SESSION_PAUSE_MILLIS;
                case RESTART_BROKER -> 1_000 + random.nextInt(3_000);
                case RESTART_POSTGRES -> 500 + random.nextInt(2_500);
                default -> 0;
            };
            drawn.add(new Fault(0, kind, target, millis, 0));
        }
        if (!longRun) {
            // the few faults after the long pause would only wait for the paused ledger: they strike elsewhere
            String paused = drawn.get(1).target();
            for (int i = 2; i <= 5 && i < drawn.size(); i++) {
                Fault fault = drawn.get(i);
                if (paused.equals(fault.target())) {
                    if (fault.kind() == Kind.PAUSE_SHORT) {
                        drawn.set(i, new Fault(0, fault.kind(), GATEWAY, fault.millis(), 0));
                    } else {
                        drawn.add(drawn.remove(i));
                        i--;
                    }
                }
            }
        }
        List<Fault> faults = new ArrayList<>();
        int batch = batchesPerFault;
        for (int i = 0; i < drawn.size(); i++) {
            Fault fault = drawn.get(i);
            faults.add(new Fault(i + 1, fault.kind(), fault.target(), fault.millis(), batch));
            batch += batchesPerFault / 2 + random.nextInt(batchesPerFault);
        }
        return faults;
    }
}
