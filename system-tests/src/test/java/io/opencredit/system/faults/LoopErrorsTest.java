package io.opencredit.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault run's loop-error client against a stand-in of the supervisor's contract
 * ({@code GET /api/v1/ops/loops}, {@code POST /api/v1/ops/loops/{name}/inject-error}): a loop that
 * restarts passes, one that stays down or never counts a restart is an O4 finding, and an
 * instance without the endpoint is one too (so the switch must be off on such a build).
 */
class LoopErrorsTest {

    /** name → restarts; a loop in {@code dead} stops running after an injected Error, one in {@code frozen} never counts it. */
    private final Map<String, Integer> restarts = new TreeMap<>(Map.of("outbox-relay", 0, "consumer-ledger.events", 2));
    private final java.util.Set<String> dead = new java.util.HashSet<>();
    private final java.util.Set<String> frozen = new java.util.HashSet<>();
    private final java.util.Set<String> periodic = new java.util.HashSet<>();
    private HttpServer server;

    private String start(boolean withSupervisor) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/ops/loops", exchange -> {
            if (!withSupervisor || !"Bearer op".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, withSupervisor ? 401 : 404, "{}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            synchronized (restarts) {
                if (exchange.getRequestMethod().equals("GET") && path.equals("/api/v1/ops/loops")) {
                    StringBuilder body = new StringBuilder("[");
                    restarts.forEach((name, count) -> body.append(body.length() > 1 ? "," : "").append("{\"name\":\"").append(name)
                            .append("\",\"running\":").append(!dead.contains(name)).append(",\"restarts\":").append(count)
                            .append(periodic.contains(name) ? ",\"periodic\":true" : "").append('}'));
                    answer(exchange, 200, body.append(']').toString());
                } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/inject-error")) {
                    String name = path.substring("/api/v1/ops/loops/".length(), path.length() - "/inject-error".length());
                    if (!restarts.containsKey(name)) {
                        answer(exchange, 404, "{}");
                    } else {
                        if (!frozen.contains(name)) {
                            restarts.merge(name, 1, Integer::sum);
                        }
                        answer(exchange, 202, "");
                    }
                } else {
                    answer(exchange, 404, "{}");
                }
            }
        });
        server.start();
        return "http://localhost:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void every_loop_that_restarts_after_its_Error_passes() throws Exception {
        Inputs inputs = new Inputs();
        LoopErrors errors = new LoopErrors(Map.of("ledger-service", start(true)), "op", inputs);
        errors.injectEverywhere(Duration.ofSeconds(2));
        errors.verifyAllRunning();
        assertEquals(2, errors.injected());
        assertTrue(inputs.loopProblems.isEmpty(), inputs.loopProblems.toString());
    }

    @Test
    void a_loop_that_stays_down_after_its_Error_is_an_O4_finding() throws Exception {
        dead.add("outbox-relay");
        Inputs inputs = new Inputs();
        LoopErrors errors = new LoopErrors(Map.of("ledger-service", start(true)), "op", inputs);
        errors.injectEverywhere(Duration.ofSeconds(1));
        errors.verifyAllRunning();
        assertTrue(inputs.loopProblems.stream().anyMatch(p -> p.contains("outbox-relay") && p.contains("did not come back")),
                inputs.loopProblems.toString());
        assertTrue(inputs.loopProblems.stream().anyMatch(p -> p.contains("outbox-relay") && p.contains("not running at the end")),
                inputs.loopProblems.toString());
        assertEquals(1, InvariantChecker.check(new ReferenceFold.Folded(), inputs).violations.size());
    }

    @Test
    void a_periodic_job_that_took_its_Error_and_waits_for_its_next_period_passes_when_the_list_says_it_is_periodic() throws Exception {
        dead.add("outbox-relay");
        periodic.add("outbox-relay");
        Inputs inputs = new Inputs();
        LoopErrors errors = new LoopErrors(Map.of("ledger-service", start(true)), "op", inputs);
        errors.injectEverywhere(Duration.ofSeconds(1));
        errors.verifyAllRunning();
        assertTrue(inputs.loopProblems.isEmpty(), inputs.loopProblems.toString());
    }

    @Test
    void a_loop_that_does_not_iterate_within_the_bound_is_noted_as_unproven_not_passed_silently() throws Exception {
        frozen.add("consumer-ledger.events"); // as an hourly job: its Error waits for its next period
        Inputs inputs = new Inputs();
        LoopErrors errors = new LoopErrors(Map.of("ledger-service", start(true)), "op", inputs);
        errors.injectEverywhere(Duration.ofSeconds(1));
        errors.verifyAllRunning();
        assertTrue(inputs.loopProblems.isEmpty(), inputs.loopProblems.toString());
        assertEquals(1, errors.notes().size(), errors.notes().toString());
        assertTrue(errors.notes().get(0).contains("consumer-ledger.events") && errors.notes().get(0).contains("did not iterate"));
    }

    @Test
    void an_instance_without_the_supervisor_endpoint_is_an_O4_finding() throws Exception {
        Inputs inputs = new Inputs();
        LoopErrors errors = new LoopErrors(Map.of("billing-gateway", start(false)), "op", inputs);
        errors.injectEverywhere(Duration.ofSeconds(1));
        assertEquals(0, errors.injected());
        assertTrue(inputs.loopProblems.stream().anyMatch(p -> p.contains("HTTP 404")), inputs.loopProblems.toString());
    }
}
