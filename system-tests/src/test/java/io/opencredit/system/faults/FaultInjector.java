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

    FaultInjector(LocalSuite suite, Topics topics, Workload workload, Inputs inputs, long seed) {
        this.suite = suite;
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
            case KILL -> {
                long pid = suite.pid(fault.target());
                suite.kill(fault.target());
                Thread.sleep(fault.millis());
                suite.restart(fault.target(), READY_WITHIN);
                detail = "pid " + pid + " killed, restarted as " + suite.pid(fault.target());
            }
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
        }
        injected.merge(fault.kind(), 1, Integer::sum);
        String line = fault + " done in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        log.add(line);
        System.out.println("[faults] " + line);
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
