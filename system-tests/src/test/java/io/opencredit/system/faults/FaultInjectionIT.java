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
 * Issues 8 and 18, the fault-injection run: the suite started as {@code ./opencredit up} starts it,
 * plus a second gateway, ledger and alerting instance in the same databases and consumer groups (3
 * partitions per topic, so partitions move between them). Usage flows over both gateways' HTTP API
 * and over {@code billing.usage-intake} (with duplicates and malformed records), card top-ups arrive
 * as signed payment webhooks at both gateways (some delivered twice), while a seeded schedule kills
 * -9 every instance once (a gateway while it consumes the intake and answers a webhook), SIGSTOPs a
 * ledger past the consumer session timeout and others briefly, restarts the broker and PostgreSQL
 * (immediate), re-sends accepted usage and re-publishes records, injects poison records and, with
 * {@code -Dfaults.loop-errors=true} (the default), an {@code Error} into every supervised loop (O4).
 * After the usage the suite clock moves 336 days while a ledger, a gateway and an alerting
 * instance are killed (C2), so the expiry notices (A2) and deprovisionings (S3) fall due. After each phase the consumers must
 * catch up within 60 s; then a fresh consumer reads every event topic from offset 0 and an
 * independent reference fold checks I1–I6 of ENGINEERING.md (and C1, C2, O4). The verdict depends
 * only on that final read (and the balances, emails and delivery states), never on timing, except
 * I6's 60 s.
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

    /** Subscriptions without usage that receive card top-ups (payment webhooks) during the run. */
    static final int WALLETS = 2;

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
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        List<String> startFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the second instances start while the workload sets up on the first ones (a start costs 10-40 s)
        List<Thread> starts = startSecondInstances(urls, startFailures);
        Topics topics = new Topics(suite);

        Inputs inputs = new Inputs();
        Workload workload = new Workload(suite.ports(), urls.get(FaultSchedule.GATEWAY_2) + "/api/v1",
                urls.get(FaultSchedule.LEDGER_2) + "/api/v1", topics, new LocalTokens(root), seed, inputs);
        long expectedRecordsPerSubscription = (long) faultCount * batchesPerFault * batchSize / subscriptions;
        workload.setUp(subscriptions, WALLETS, expectedRecordsPerSubscription);
        for (Thread start : starts) {
            start.join();
        }
        assertTrue(startFailures.isEmpty(), "second instances did not start: " + startFailures);
        System.out.println("[faults] " + subscriptions + " subscriptions and " + WALLETS + " top-up wallets ready; usage starts at "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");

        List<Fault> usageFaults = schedule.subList(0, schedule.size() - 1);
        Fault clockFault = schedule.get(schedule.size() - 1);
        LoopErrors loopErrors = LoopErrors.enabled() ? new LoopErrors(urls, workload.operatorToken(), inputs) : null;
        PositionWatch positions = new PositionWatch().start(topics);
        Thread load = new Thread(() -> workload.run(batchSize, recordsPerSecond), "fault-run-load");
        Thread intake = new Thread(() -> workload.runIntake(4), "fault-run-intake");
        // F4: an operator's adjustments and usage voids under the same faults
        Thread corrections = new Thread(() -> workload.runCorrections(1500), "fault-run-corrections");
        // SPEC R2 under the faults: writes followed at once by reads with their token; a read without the write is a violation
        ReadYourWritesProbe readYourWrites = new ReadYourWritesProbe(workload, inputs, seed);
        Thread probe = new Thread(readYourWrites::run, "fault-run-read-your-writes");
        long faultsStopped;
        long clockStopped;
        FaultInjector injector = new FaultInjector(suite, urls, topics, workload, inputs, seed);
        try {
            try {
                load.start();
                intake.start();
                corrections.start();
                probe.start();
                for (int i = 0; i < usageFaults.size(); i++) {
                    Fault fault = usageFaults.get(i);
                    while (workload.batchesSent() < fault.afterBatches()) {
                        assertTrue(load.isAlive(), "the usage load stopped");
                        assertTrue(intake.isAlive(), "the intake load stopped");
                        Thread.sleep(100);
                    }
                    if (loopErrors != null && i == usageFaults.size() / 2) {
                        // between two faults, under usage, with no instance paused or restarting (a new JVM counts from zero)
                        injector.awaitPausesOver();
                        // a restart follows within 100 ms of backoff and a loop iterates within a second or two;
                        // the hourly jobs would not iterate within any bound of this run (they are noted)
                        loopErrors.injectEverywhere(Duration.ofSeconds(20));
                    }
                    injector.inject(fault);
                }
                injector.awaitPausesOver();
                faultsStopped = System.nanoTime();
                System.out.println("[faults] all usage-time faults done at " + Duration.ofNanos(faultsStopped - started).toSeconds()
                        + " s: " + injector.byKind());
            } finally {
                workload.stop();
                readYourWrites.stop();
                load.join(Duration.ofMinutes(3).toMillis());
                intake.join(Duration.ofMinutes(3).toMillis());
                corrections.join(Duration.ofMinutes(4).toMillis());
                probe.join(Duration.ofMinutes(3).toMillis()); // a probe write without an answer is sent again up to 2 min
            }
            System.out.println("[faults] read your writes: " + readYourWrites.summary());
            System.out.println("[faults] usage stopped: " + workload.recordsSent() + " records in " + workload.batchesSent()
                    + " batches, " + workload.retries() + " retried posts; " + workload.totals());

            // I6: every consumer back at the end of its topics (and outboxes drained) within 60 s of the last fault
            awaitQuietOrNote(topics, inputs, faultsStopped, "the faults stopped");
            // the balances the usage left, read before the clock phase moves the suite past deprovisioning (S3)
            for (UUID subscription : workload.allSubscriptions()) {
                inputs.balances.put(subscription, workload.balance(subscription));
            }

            if (loopErrors != null) {
                // before the clock phase: the operator token is not meant to outlive a 336-day jump
                loopErrors.verifyAllRunning();
            }
            // the clock phase: time-driven facts fall due while a ledger and a gateway die
            injector.inject(clockFault);
            clockStopped = System.nanoTime();
            awaitQuietOrNote(topics, inputs, clockStopped, "the clock advance");
        } finally {
            injector.close();
            topics.close();
        }
        int injected = injector.injected();

        positions.close();
        positions.regressions().forEach(r -> inputs.lag.add("a stored position went backwards: " + r));
        System.out.println("[faults] stored positions sampled " + positions.samples() + " times, "
                + positions.regressions().size() + " went backwards");
        // the final read
        List<TopicRecord> records = topics.readAll(Topics.EVENT_TOPICS);
        inputs.deadLettered.addAll(topics.deadLetterSources());
        inputs.uncertain.addAll(topics.uncertainDeliveries());
        inputs.mails.addAll(suite.receivedMail());
        ReferenceFold.Folded folded = ReferenceFold.fold(records);
        Verdict verdict = InvariantChecker.check(folded, inputs);

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("[faults] ===================================================================");
        System.out.println("[faults] seed            " + seed);
        System.out.println("[faults] events checked  " + verdict.events + " (" + verdict.records + " records read, "
                + verdict.usageChecked + " accepted usage records, " + inputs.mails.size() + " emails)");
        System.out.println("[faults] events by type  " + folded.byType);
        workload.totals().forEach((what, count) -> System.out.println("[faults] " + what + ": " + count));
        System.out.println("[faults] faults injected " + injected + " " + injector.byKind());
        System.out.println("[faults] loop errors     " + (loopErrors == null ? "off (-Dfaults.loop-errors=false)" : loopErrors.injected() + " injected"));
        System.out.println("[faults] dead letters    " + topics.deadLetterCounts());
        System.out.println("[faults] violations      " + verdict.count() + " " + verdict.violations.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
        System.out.println("[faults] run time        " + seconds + " s");
        verdict.notes.forEach(n -> System.out.println("[faults] note: " + n));
        if (loopErrors != null) {
            loopErrors.notes().forEach(n -> System.out.println("[faults] note: " + n));
        }
        if (verdict.count() > 0) {
            System.out.println(verdict.summary(20));
        }
        System.out.println("[faults] ===================================================================");
        assertTrue(injected >= 10, "at least 10 faults");
        assertTrue(workload.totals().get("usage accepted via intake") > 0, "usage flowed through the intake");
        assertTrue(inputs.payments.size() > WALLETS, "payments were confirmed during the run");
        assertEquals(0, verdict.count(), "violations (seed " + seed + "):\n" + verdict.summary(20));
        passed = true;
    }

    /** I6: quiet within 60 s of {@code since}, else the backlog is noted (and waited for 120 s more, for the final read). */
    private static void awaitQuietOrNote(Topics topics, Inputs inputs, long since, String after) throws InterruptedException {
        Map<String, Long> backlog = awaitQuiet(topics, since, Duration.ofSeconds(60));
        if (!backlog.isEmpty()) {
            inputs.lag.add("backlog 60 s after " + after + ": " + backlog);
            backlog = awaitQuiet(topics, System.nanoTime(), Duration.ofSeconds(120));
            if (!backlog.isEmpty()) {
                inputs.lag.add("backlog 180 s after " + after + ": " + backlog);
            }
        }
        System.out.println("[faults] caught up " + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s after " + after);
    }

    /**
     * Starts the second gateway, ledger and alerting instance side by side (same databases and
     * consumer groups, ports of their own) and returns their start threads; fills {@code urls} with
     * every instance's base URL by name at once.
     */
    private List<Thread> startSecondInstances(Map<String, String> urls, List<String> failures) {
        for (String module : List.of(FaultSchedule.GATEWAY, "activation-service", FaultSchedule.LEDGER, FaultSchedule.ALERTING)) {
            urls.put(module, "http://localhost:" + suite.ports().port(module));
        }
        Map<String, String> second = Map.of(FaultSchedule.GATEWAY_2, FaultSchedule.GATEWAY, FaultSchedule.LEDGER_2, FaultSchedule.LEDGER,
                FaultSchedule.ALERTING_2, FaultSchedule.ALERTING);
        List<Thread> starts = new java.util.ArrayList<>();
        for (String name : List.of(FaultSchedule.GATEWAY_2, FaultSchedule.LEDGER_2, FaultSchedule.ALERTING_2)) {
            int port = SuitePorts.freePort();
            urls.put(name, "http://localhost:" + port);
            Thread start = new Thread(() -> {
                try {
                    suite.startInstance(name, second.get(name), port, Duration.ofMinutes(3));
                } catch (Exception e) {
                    failures.add(name + ": " + e);
                }
            }, "fault-start-" + name);
            start.start();
            starts.add(start);
        }
        return starts;
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
