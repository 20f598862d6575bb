package io.opencredit.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencredit.local.Console;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.LocalTokens;
import io.opencredit.local.SuitePorts;
import io.opencredit.system.faults.FaultSchedule.Fault;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import io.opencredit.system.faults.InvariantChecker.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, the fault-injection run: the suite started as {@code ./opencredit up} starts it, plus
 * a second ledger instance in the same consumer groups (3 partitions per topic, so partitions move
 * between them), usage flowing at a modest rate while a seeded schedule kills -9 the gateway, both
 * ledgers and alerting, SIGSTOPs a ledger past the consumer session timeout and others briefly,
 * restarts the broker and PostgreSQL (immediate), re-sends accepted usage and re-publishes
 * records, and injects poison records. After the faults the consumers must catch up within 60 s;
 * then a fresh consumer reads every event topic from offset 0 and an independent reference fold
 * checks I1–I6 of ENGINEERING.md. The verdict depends only on that final read (and the final
 * balances, emails and delivery states), never on timing, except I6's 60 s.
 *
 * <p>CI replays {@link #CI_SEED}; {@code -Dfaults.seed=random} draws a new schedule,
 * {@code -Dfaults.seed=N} replays a run's schedule and traffic; {@code -Dfaults.long=true}
 * runs a long one ({@code -Dfaults.count}, default 60 faults).
 */
class FaultInjectionIT {

    private LocalSuite suite;
    private Path state;
    private boolean passed;

    @AfterEach
    void stopSuite() throws java.io.IOException {
        if (suite != null) {
            suite.close();
        }
        if (passed && state != null) {
            // a failed run keeps its state (topics, databases, service logs) for the diagnosis
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } else if (state != null) {
            System.out.println("[faults] state and service logs kept in " + state);
        }
    }

    /**
     * The CI run replays one fixed schedule (a red build must be reproducible by anyone);
     * {@code -Dfaults.seed=random} explores a new one, {@code -Dfaults.seed=N} replays run N.
     */
    static final long CI_SEED = 50_695_281_048_702L;

    private static long seed() {
        String property = System.getProperty("faults.seed", "").trim();
        if (property.isEmpty()) {
            return CI_SEED;
        }
        return property.equals("random") ? new SecureRandom().nextLong() >>> 16 : Long.parseLong(property);
    }

    @Test
    void under_kills_pauses_restarts_duplicates_and_poison_no_usage_is_lost_or_counted_twice_and_all_matches_the_reference()
            throws Exception {
        long started = System.nanoTime();
        long seed = seed();
        boolean longRun = Boolean.getBoolean("faults.long");
        int faultCount = longRun ? Integer.getInteger("faults.count", 60) : 12;
        int subscriptions = longRun ? 16 : 8;
        int batchSize = 20;
        int recordsPerSecond = longRun ? 150 : 80;
        int batchesPerFault = longRun ? 40 : 20;
        System.out.println("[faults] seed " + seed + " (replay: -Dfaults.seed=" + seed + ")" + (longRun ? ", long run" : ", short run"));
        List<Fault> schedule = FaultSchedule.generate(seed, faultCount, longRun, batchesPerFault);
        schedule.forEach(f -> System.out.println("[faults] planned " + f));

        Path root = Path.of("..").toAbsolutePath().normalize();
        state = Files.createTempDirectory("opencredit-faults");
        suite = new LocalSuite(root, state, 3,
                // an email claimed by a killed sender becomes UNCERTAIN after its lease (A4), not after 5 minutes
                Map.of("OPENCREDIT_ALERTING_SENDER_LEASE", "20s"))
                // free ports, so that another run on this machine cannot collide
                .withPorts(SuitePorts.free())
                // restarts must run the same build even if the working tree is rebuilt meanwhile
                .withServiceSnapshots();
        suite.start(true, new Console());
        suite.startInstance(FaultSchedule.LEDGER_2, "ledger-service", SuitePorts.freePort(), Duration.ofMinutes(3));
        Topics topics = new Topics(suite);

        Inputs inputs = new Inputs();
        Workload workload = new Workload(suite.ports(), new LocalTokens(root), seed, inputs);
        long expectedRecordsPerSubscription = (long) faultCount * batchesPerFault * batchSize / subscriptions;
        workload.setUp(subscriptions, expectedRecordsPerSubscription);
        System.out.println("[faults] " + subscriptions + " subscriptions ready; usage starts");

        PositionWatch positions = new PositionWatch().start(topics);
        Thread load = new Thread(() -> workload.run(batchSize, recordsPerSecond), "fault-run-load");
        long faultsStopped;
        int injected;
        try (FaultInjector injector = new FaultInjector(suite, topics, workload, inputs, seed)) {
            load.start();
            for (Fault fault : schedule) {
                while (workload.batchesSent() < fault.afterBatches()) {
                    assertTrue(load.isAlive(), "the usage load stopped");
                    Thread.sleep(100);
                }
                injector.inject(fault);
            }
            injector.awaitPausesOver();
            faultsStopped = System.nanoTime();
            injected = injector.injected();
            System.out.println("[faults] all faults done: " + injector.byKind());
        } finally {
            workload.stop();
            load.join(Duration.ofMinutes(3).toMillis());
        }
        System.out.println("[faults] usage stopped: " + workload.recordsSent() + " records in " + workload.batchesSent()
                + " batches, " + workload.retries() + " retried posts");

        // I6: every consumer back at the end of its topics (and outboxes drained) within 60 s of the last fault
        Map<String, Long> backlog = awaitQuiet(topics, faultsStopped, Duration.ofSeconds(60));
        if (!backlog.isEmpty()) {
            inputs.lag.add("backlog 60 s after the faults stopped: " + backlog);
            backlog = awaitQuiet(topics, System.nanoTime(), Duration.ofSeconds(120));
            if (!backlog.isEmpty()) {
                inputs.lag.add("backlog 180 s after the faults stopped: " + backlog);
            }
        }
        System.out.println("[faults] caught up " + Duration.ofNanos(System.nanoTime() - faultsStopped).toSeconds() + " s after the faults stopped");

        positions.close();
        positions.regressions().forEach(r -> inputs.lag.add("a stored position went backwards: " + r));
        System.out.println("[faults] stored positions sampled " + positions.samples() + " times, "
                + positions.regressions().size() + " went backwards");

        // the final read
        List<TopicRecord> records = topics.readAll(Topics.EVENT_TOPICS);
        inputs.deadLettered.addAll(topics.deadLetterSources());
        inputs.uncertain.addAll(topics.uncertainDeliveries());
        inputs.mails.addAll(suite.receivedMail());
        for (UUID subscription : workload.subscriptions()) {
            inputs.balances.put(subscription, workload.balance(subscription));
        }
        Verdict verdict = InvariantChecker.check(ReferenceFold.fold(records), inputs);

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("[faults] ===================================================================");
        System.out.println("[faults] seed            " + seed);
        System.out.println("[faults] events checked  " + verdict.events + " (" + verdict.records + " records read, "
                + verdict.usageChecked + " accepted usage records, " + inputs.mails.size() + " emails)");
        System.out.println("[faults] faults injected " + injected);
        System.out.println("[faults] violations      " + verdict.count());
        System.out.println("[faults] run time        " + seconds + " s");
        verdict.notes.forEach(n -> System.out.println("[faults] note: " + n));
        if (verdict.count() > 0) {
            System.out.println(verdict.summary(20));
        }
        System.out.println("[faults] ===================================================================");
        assertTrue(injected >= 10, "at least 10 faults");
        assertEquals(0, verdict.count(), "violations (seed " + seed + "):\n" + verdict.summary(20));
        passed = true;
    }

    /** Waits until nothing is left to do (lag, outbox, mail) on two looks a second apart; returns what is left. */
    private static Map<String, Long> awaitQuiet(Topics topics, long since, Duration within) throws InterruptedException {
        long deadline = since + within.toNanos();
        Map<String, Long> backlog = Map.of("not looked yet", 1L);
        boolean quietOnce = false;
        while (System.nanoTime() < deadline) {
            try {
                backlog = topics.backlog();
            } catch (Exception e) {
                backlog = Map.of("cannot look: " + e.getMessage(), 1L);
            }
            if (backlog.isEmpty() && quietOnce) {
                return backlog;
            }
            quietOnce = backlog.isEmpty();
            Thread.sleep(1000);
        }
        return backlog;
    }
}
