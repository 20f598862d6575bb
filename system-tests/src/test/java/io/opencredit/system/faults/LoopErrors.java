package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * O4 in the fault run: an {@code Error} injected into every supervised loop of every instance
 * ({@code POST /api/v1/ops/loops/{name}/inject-error}, operator, dev mode only) must not stop it:
 * {@code GET /api/v1/ops/loops} shows each loop running again with a higher restart count, and the
 * invariants show that nothing accepted was lost. Switched off with {@code -Dfaults.loop-errors=false}
 * for a build without the supervisor.
 */
final class LoopErrors {

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("faults.loop-errors", "true"));
    }

    private final Map<String, String> urls;
    private final String operator;
    private final Inputs inputs;
    private final SuiteClient http = new SuiteClient();
    private int injected;
    /** Loops whose injected Error showed within the bound (restarts up, running again): they must still run at the end. */
    private final Map<String, java.util.Set<String>> cameBack = new TreeMap<>();
    /** What the run could not prove (a loop that did not iterate within the bound), for the closing notes. */
    private final java.util.List<String> notes = new java.util.ArrayList<>();

    /** {@code urls}: every instance's base URL by instance name. */
    LoopErrors(Map<String, String> urls, String operator, Inputs inputs) {
        this.urls = urls;
        this.operator = operator;
        this.inputs = inputs;
    }

    int injected() {
        return injected;
    }

    java.util.List<String> notes() {
        return notes;
    }

    /**
     * Injects one Error into each loop of each instance, then waits (at most {@code within}) until
     * every one runs again with its restart count above the one before. A loop whose restarts went
     * up but that does not run again is an O4 violation. A loop whose count did not move did not
     * iterate within the bound: the supervisor's periodic jobs (hourly purges) meet their Error only
     * at their next period, so the run cannot prove them and says so in a note (a continuous loop
     * that stalls is liveness's to report, O4). The caller makes sure no instance is killed
     * meanwhile (a restarted JVM counts from zero).
     */
    void injectEverywhere(Duration within) throws InterruptedException {
        Map<String, Map<String, Integer>> before = new TreeMap<>();
        for (Map.Entry<String, String> instance : urls.entrySet()) {
            Map<String, Integer> loops = list(instance.getKey());
            if (loops == null) {
                continue;
            }
            if (loops.isEmpty()) {
                inputs.loopProblems.add(instance.getKey() + " lists no supervised loop");
            }
            before.put(instance.getKey(), loops);
            for (String loop : loops.keySet()) {
                SuiteClient.Answer answer = http.post(instance.getValue() + "/api/v1/ops/loops/"
                        + java.net.URLEncoder.encode(loop, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "/inject-error", operator, Map.of());
                if (answer.status() != 202) {
                    inputs.loopProblems.add(instance.getKey() + ": injecting an Error into " + loop + " got HTTP " + answer.status() + " " + answer.body());
                } else {
                    injected++;
                }
            }
        }
        System.out.println("[faults] loop errors injected: " + injected + " into " + before);
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, String> notBack = new TreeMap<>();
        do {
            notBack.clear();
            before.forEach((instance, loops) -> {
                Map<String, Integer> now = list(instance);
                loops.forEach((loop, restarts) -> {
                    Integer after = now == null ? null : now.get(loop);
                    if (after == null || after < 0 || after <= restarts) {
                        notBack.put(instance + " " + loop, "restarts " + restarts + " -> " + (after == null ? "gone" : after < 0 ? "not running" : after));
                    }
                });
            });
            if (notBack.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        before.forEach((instance, loops) -> loops.keySet().forEach(loop -> {
            String state = notBack.get(instance + " " + loop);
            if (state == null) {
                cameBack.computeIfAbsent(instance, i -> new java.util.TreeSet<>()).add(loop);
            } else if (state.contains("not running") || state.contains("gone")) {
                inputs.loopProblems.add(instance + " " + loop + " did not come back from an injected Error within "
                        + within.toSeconds() + " s: " + state);
            } else {
                notes.add(instance + " " + loop + " did not iterate within " + within.toSeconds()
                        + " s of its injected Error (" + state + "; a periodic job meets it at its next period)");
            }
        }));
    }

    /**
     * At the end: every loop that came back is still running, and so is every other loop unless it
     * is one that did not iterate within the bound (a periodic job whose Error came later: it is not
     * running until its next period passes, by the supervisor's design), which is noted.
     */
    void verifyAllRunning() {
        for (String instance : urls.keySet()) {
            Map<String, Integer> loops = list(instance);
            if (loops != null) {
                loops.forEach((loop, restarts) -> {
                    if (restarts >= 0) {
                        return;
                    }
                    boolean provenContinuous = cameBack.getOrDefault(instance, java.util.Set.of()).contains(loop);
                    boolean unproven = notes.stream().anyMatch(n -> n.startsWith(instance + " " + loop + " "));
                    if (unproven && !provenContinuous) {
                        notes.add(instance + " " + loop + " is not running at the end (its injected Error came after the bound)");
                    } else {
                        inputs.loopProblems.add(instance + " " + loop + " is not running at the end of the run");
                    }
                });
            }
        }
    }

    /**
     * The loops of an instance: name → restart count, or -1 for a loop that is not running; null (and
     * a problem) if unreadable. Beside the contract's {@code name, running, restarts}, an optional
     * {@code "periodic": true} marks a scheduled job, whose failed run is retried at its next period
     * (it counts the restart at once but reports {@code running: false} until then).
     */
    private Map<String, Integer> list(String instance) {
        SuiteClient.Answer answer = http.get(urls.get(instance) + "/api/v1/ops/loops", operator);
        if (answer.status() != 200 || !answer.body().isArray()) {
            inputs.loopProblems.add(instance + ": GET /api/v1/ops/loops answered HTTP " + answer.status() + " " + answer.body());
            return null;
        }
        Map<String, Integer> loops = new LinkedHashMap<>();
        for (JsonNode loop : answer.body()) {
            // a periodic job (if the list says so) that failed is restarted by its next period, by design: not "down"
            boolean running = loop.path("running").asBoolean() || loop.path("periodic").asBoolean(false);
            loops.put(loop.path("name").asText(), running ? loop.path("restarts").asInt() : -1);
        }
        return loops;
    }
}
