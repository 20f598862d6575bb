package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.local.LocalSuite;
import io.opencredit.system.faults.FaultSchedule.Fault;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Carries out a {@link FaultSchedule} against a running suite, one fault after another. */
final class FaultInjector implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final LocalSuite suite;
    private final Topics topics;
    private final Workload workload;
    private final Inputs inputs;
    private final Random random;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fault-resumer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<FaultSchedule.Kind, Integer> injected = new TreeMap<>();
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Every instance's base URL ({@code http://localhost:<port>}) by instance name. */
    private final Map<String, String> urls;
    private final long seed;
    private final SuiteClient http = new SuiteClient();

    FaultInjector(LocalSuite suite, Map<String, String> urls, Topics topics, Workload workload, Inputs inputs, long seed) {
        this.suite = suite;
        this.urls = urls;
        this.seed = seed;
        this.topics = topics;
        this.workload = workload;
        this.inputs = inputs;
        this.random = new Random(seed * 31 + 7);
    }

    int injected() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<FaultSchedule.Kind, Integer> byKind() {
        return injected;
    }

    List<String> log() {
        return log;
    }

    void inject(Fault fault) throws Exception {
        if (fault.target() != null) {
            awaitNotPaused(fault.target());
        }
        long started = System.nanoTime();
        String detail = "";
        switch (fault.kind()) {
            case KILL -> detail = fault.target().startsWith(FaultSchedule.GATEWAY) ? killGateway(fault) : kill(fault);
            case PAUSE_SHORT -> {
                suite.pause(fault.target());
                Thread.sleep(fault.millis());
                suite.resume(fault.target());
            }
            case PAUSE_PAST_SESSION -> {
                String target = fault.target();
                suite.pause(target);
                paused.add(target);
                resumer.schedule(() -> {
                    suite.resume(target);
                    paused.remove(target);
                    log.add("resumed " + target + " after " + fault.millis() + " ms");
                }, fault.millis(), TimeUnit.MILLISECONDS);
                detail = "resumes in background";
            }
            case RESTART_BROKER -> suite.restartBroker(Duration.ofMillis(fault.millis()));
            case RESTART_POSTGRES -> suite.restartPostgres(Duration.ofMillis(fault.millis()));
            case DUPLICATE_HTTP -> {
                JsonNode answer = workload.resendEarlierBatch(random);
                detail = "answer " + answer;
                if (answer.path("accepted").asInt() != 0 || answer.path("duplicates").asInt() != answer.path("size").asInt()) {
                    inputs.refusals.add("a re-sent batch was not all duplicates (T5): " + answer);
                }
            }
            case DUPLICATE_RECORDS -> {
                int copies = topics.duplicate(List.of("activation.events", "billing.events", "ledger.events"), 30, random);
                detail = copies + " records re-published";
            }
            case MALFORMED_RECORDS -> {
                List<java.util.UUID> subscriptions = workload.subscriptions();
                var poison = topics.poison(List.of("activation.events", "billing.events", "ledger.events"),
                        subscriptions.get(random.nextInt(subscriptions.size())), random);
                inputs.injectedPoison.addAll(poison);
                detail = poison.size() + " poison records";
            }
            case CLOCK_ADVANCE -> detail = advanceClock(fault);
        }
        injected.merge(fault.kind(), 1, Integer::sum);
        String line = fault + " done in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        log.add(line);
        System.out.println("[faults] " + line);
    }

    private String kill(Fault fault) throws Exception {
        long pid = suite.pid(fault.target());
        suite.kill(fault.target());
        Thread.sleep(fault.millis());
        suite.restart(fault.target(), READY_WITHIN);
        return "pid " + pid + " killed, restarted as " + suite.pid(fault.target());
    }

    /**
     * A gateway dies while it consumes an intake burst, right after it answered one payment webhook
     * and while it answers another (which the provider then delivers to the other gateway); after
     * its restart the first payment is delivered to it again.
     */
    private String killGateway(Fault fault) throws Exception {
        String api = urls.get(fault.target()) + "/api/v1";
        workload.intakeBurst(40);
        Workload.Payment answered = workload.pay(api);
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread inFlight = new Thread(() -> {
            try {
                workload.pay(api);
            } catch (Exception e) {
                failed.set(e);
            }
        }, "fault-webhook-in-flight");
        inFlight.start();
        Thread.sleep(random.nextInt(30));
        String detail = kill(fault);
        inFlight.join(Duration.ofMinutes(3).toMillis());
        if (failed.get() != null) {
            inputs.refusals.add("a webhook delivered while " + fault.target() + " died was never confirmed: " + failed.get());
        }
        workload.redeliver(answered, api);
        return detail + "; 40 intake records before, payment " + answered.reference() + " answered before and redelivered after";
    }

    /**
     * The clock phase: the suite clock moves on the surviving ledger while the other ledger, a
     * gateway and an alerting instance are killed; they restart together (reading {@code ops.clock}
     * from the start) and every instance must end on the new offset (C2).
     */
    private String advanceClock(Fault fault) throws Exception {
        String survivor = fault.target().equals(FaultSchedule.LEDGER) ? FaultSchedule.LEDGER_2 : FaultSchedule.LEDGER;
        String url = urls.get(survivor) + "/api/v1/ops/clock/advance";
        Map<String, Object> body = Map.of("duration", FaultSchedule.CLOCK_ADVANCE_BY.toString());
        Map<String, String> idempotency = Map.of("Idempotency-Key", "faults-clock-" + seed);
        java.util.concurrent.atomic.AtomicReference<SuiteClient.Answer> answer = new java.util.concurrent.atomic.AtomicReference<>();
        Thread advance = new Thread(() -> {
            try {
                answer.set(http.retrying(Duration.ofMinutes(2), () -> http.post(url, workload.operatorToken(), body, idempotency)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-clock-advance");
        advance.start();
        Thread.sleep(fault.millis());
        suite.kill(fault.target());
        for (String instance : fault.alsoKilled()) {
            suite.kill(instance);
        }
        advance.join(Duration.ofMinutes(2).toMillis());
        inputs.clockMovedAt = java.time.Instant.now();
        inputs.clockAdvance = FaultSchedule.CLOCK_ADVANCE_BY;
        if (answer.get() == null || !answer.get().ok()) {
            inputs.clockProblems.add("the clock advance on " + survivor + " failed: " + answer.get());
        }
        // they come back side by side, as after a node failure
        List<Thread> restarts = new java.util.ArrayList<>();
        List<String> restartFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> killed = new java.util.ArrayList<>(List.of(fault.target()));
        killed.addAll(fault.alsoKilled());
        for (String instance : killed) {
            Thread restart = new Thread(() -> {
                try {
                    suite.restart(instance, READY_WITHIN);
                } catch (Exception e) {
                    restartFailures.add(instance + ": " + e);
                }
            }, "fault-restart-" + instance);
            restart.start();
            restarts.add(restart);
        }
        for (Thread restart : restarts) {
            restart.join();
        }
        if (!restartFailures.isEmpty()) {
            throw new IllegalStateException("restart after the clock advance failed: " + restartFailures);
        }
        awaitClockEverywhere(Duration.ofSeconds(60));
        return "advanced " + FaultSchedule.CLOCK_ADVANCE_BY + " on " + survivor + " (" + (answer.get() == null ? "no answer" : answer.get().status())
                + ") while " + killed + " were killed";
    }

    /** C2: every instance answers {@code GET /ops/clock} with the advanced offset, within the bound. */
    private void awaitClockEverywhere(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, String> behind = new TreeMap<>();
        do {
            behind.clear();
            for (Map.Entry<String, String> instance : urls.entrySet()) {
                SuiteClient.Answer answer = http.get(instance.getValue() + "/api/v1/ops/clock", null);
                String offset = answer.ok() ? answer.body().path("offset").asText("") : "HTTP " + answer.status();
                try {
                    if (Duration.parse(offset).compareTo(FaultSchedule.CLOCK_ADVANCE_BY) >= 0) {
                        continue;
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    // not an offset: still behind
                }
                behind.put(instance.getKey(), offset);
            }
            if (behind.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        inputs.clockProblems.add("instances not on the advanced clock " + within.toSeconds() + " s after it moved: " + behind);
    }

    private void awaitNotPaused(String target) throws InterruptedException {
        while (paused.contains(target)) {
            Thread.sleep(200);
        }
    }

    /** Waits until every background pause is over (the point after which faults have stopped). */
    void awaitPausesOver() throws InterruptedException {
        while (!paused.isEmpty()) {
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        resumer.shutdownNow();
        for (String target : paused) {
            suite.resume(target);
        }
    }
}
