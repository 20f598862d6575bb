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
    static final String GATEWAY_2 = "billing-gateway-2";
    static final String LEDGER = "ledger-service";
    static final String LEDGER_2 = "ledger-service-2";
    static final String ALERTING = "alerting-service";
    static final String ALERTING_2 = "alerting-service-2";

    /** Every instance of the run: two of each service that consumes, one activation service (never a target). */
    static final List<String> TARGETS = List.of(GATEWAY, GATEWAY_2, LEDGER, LEDGER_2, ALERTING, ALERTING_2);

    /** How far the clock phase moves the suite clock: past A2's notice (expiry - 30 d) and S3's 90 days, short of expiry (T8). */
    static final java.time.Duration CLOCK_ADVANCE_BY = java.time.Duration.ofDays(336);

    enum Kind {
        /**
         * kill -9 of a service instance at a random point, then a restart after {@code millis}; a
         * gateway dies while it consumes a burst on {@code billing.usage-intake} and right after
         * (or while) it answers a payment webhook.
         */
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
        MALFORMED_RECORDS,
        /**
         * The last fault, after the usage stopped: the suite clock moves {@link #CLOCK_ADVANCE_BY} on
         * one ledger while the other ledger ({@code target}), a gateway and an alerting instance
         * ({@code alsoKilled}) are killed -9 and restart together; the time-driven facts (A2 expiry
         * notices, S3 deprovisioning) and their emails must come out once.
         */
        CLOCK_ADVANCE
    }

    /** One fault; {@code alsoKilled}: the other instances a {@link Kind#CLOCK_ADVANCE} kills beside its target. */
    record Fault(int number, Kind kind, String target, long millis, int afterBatches, List<String> alsoKilled) {
        Fault(int number, Kind kind, String target, long millis, int afterBatches) {
            this(number, kind, target, millis, afterBatches, List.of());
        }

        @Override
        public String toString() {
            return "#" + number + " " + kind + (target == null ? "" : " " + target)
                    + alsoKilled.stream().map(a -> "+" + a).collect(java.util.stream.Collectors.joining())
                    + (millis > 0 ? " " + millis + " ms" : "") + (kind == Kind.CLOCK_ADVANCE ? " after the usage" : " at batch " + afterBatches);
        }
    }

    static final long SESSION_PAUSE_MILLIS = 50_000;

    private FaultSchedule() {
    }

    /**
     * A short run holds every kind at least once and at least {@code minimum} faults, and kills every
     * instance once (one gateway and one ledger during the clock advance, the others under usage); a
     * long one {@code minimum} faults drawn at random. Both end with the {@link Kind#CLOCK_ADVANCE}.
     */
    static List<Fault> generate(long seed, int minimum, boolean longRun, int batchesPerFault) {
        Random random = new Random(seed);
        // which ledger, gateway and alerting instance die during the clock advance (they restart side
        // by side, cheaper than one after another); the other three die under usage
        String clockLedger = random.nextBoolean() ? LEDGER : LEDGER_2;
        String clockGateway = random.nextBoolean() ? GATEWAY : GATEWAY_2;
        String clockAlerting = random.nextBoolean() ? ALERTING : ALERTING_2;
        List<Kind> kinds = new ArrayList<>();
        if (longRun) {
            Kind[] all = Kind.values();
            for (int i = 0; i < minimum - 1; i++) {
                Kind kind = all[random.nextInt(all.length)];
                kinds.add(kind == Kind.CLOCK_ADVANCE || kind == Kind.PAUSE_PAST_SESSION && i % 10 != 0 ? Kind.KILL : kind);
            }
        } else {
            kinds.addAll(List.of(Kind.KILL, Kind.KILL, Kind.KILL, Kind.PAUSE_SHORT, Kind.RESTART_BROKER,
                    Kind.RESTART_POSTGRES, Kind.DUPLICATE_HTTP, Kind.DUPLICATE_RECORDS, Kind.MALFORMED_RECORDS));
            while (kinds.size() < minimum - 2) { // the long pause and the clock advance come on top
                kinds.add(Kind.PAUSE_SHORT); // a restart costs 10-30 s on a small machine: no more kills than one per service
            }
            Collections.shuffle(kinds, random);
            // the long pause goes early: its 50 s overlap the other faults instead of adding to the run
            kinds.add(1, Kind.PAUSE_PAST_SESSION);
        }
        List<String> killTargets = longRun ? TARGETS : List.of(clockGateway.equals(GATEWAY) ? GATEWAY_2 : GATEWAY,
                clockLedger.equals(LEDGER) ? LEDGER_2 : LEDGER, clockAlerting.equals(ALERTING) ? ALERTING_2 : ALERTING);
        List<Fault> drawn = new ArrayList<>();
        int kills = 0;
        for (Kind kind : kinds) {
            String target = switch (kind) {
                // a short run kills each of the gateway, both ledgers and alerting once, in a seeded order
                case KILL -> longRun || kills >= killTargets.size() ? killTargets.get(random.nextInt(killTargets.size()))
                        : killTargets.get((int) ((kills++ + seed % 3 + 3) % 3));
                case PAUSE_SHORT -> TARGETS.get(random.nextInt(TARGETS.size()));
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
        faults.add(new Fault(faults.size() + 1, Kind.CLOCK_ADVANCE, clockLedger, random.nextInt(500), batch,
                List.of(clockGateway, clockAlerting)));
        return faults;
    }
}
