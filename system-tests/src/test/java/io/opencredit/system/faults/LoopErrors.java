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

    /** {@code urls}: every instance's base URL by instance name. */
    LoopErrors(Map<String, String> urls, String operator, Inputs inputs) {
        this.urls = urls;
        this.operator = operator;
        this.inputs = inputs;
    }

    int injected() {
        return injected;
    }

    /**
     * Injects one Error into each loop of each instance, then waits (at most {@code within}) until
     * every one runs again with its restart count above the one before; what does not goes to the
     * verdict as an O4 violation. The caller makes sure no instance is killed meanwhile (a restarted
     * JVM counts from zero).
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
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        notBack.forEach((loop, state) -> inputs.loopProblems.add(loop + " did not come back from an injected Error within "
                + within.toSeconds() + " s: " + state));
    }

    /** At the end: every loop of every instance is running. */
    void verifyAllRunning() {
        for (String instance : urls.keySet()) {
            Map<String, Integer> loops = list(instance);
            if (loops != null) {
                loops.forEach((loop, restarts) -> {
                    if (restarts < 0) {
                        inputs.loopProblems.add(instance + " " + loop + " is not running at the end of the run");
                    }
                });
            }
        }
    }

    /** The loops of an instance: name → restart count, or -1 for a loop that is not running; null (and a problem) if unreadable. */
    private Map<String, Integer> list(String instance) {
        SuiteClient.Answer answer = http.get(urls.get(instance) + "/api/v1/ops/loops", operator);
        if (answer.status() != 200 || !answer.body().isArray()) {
            inputs.loopProblems.add(instance + ": GET /api/v1/ops/loops answered HTTP " + answer.status() + " " + answer.body());
            return null;
        }
        Map<String, Integer> loops = new LinkedHashMap<>();
        for (JsonNode loop : answer.body()) {
            loops.put(loop.path("name").asText(), loop.path("running").asBoolean() ? loop.path("restarts").asInt() : -1);
        }
        return loops;
    }
}
