package io.opencredit.portal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.domain.StatementFixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The four services' APIs as the portal sees them, on one loopback port: one subscription ({@link #KNOWN}) with a
 * statement of 10,000 entries and an F1 forecast (whose warning settings can be set), every other id 404 as the API answers for unknown and foreign ones alike. It
 * records the Authorization header of every call, to prove the portal uses the person's own token.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    public static final String KNOWN = "7d1c3f0e-8a51-4d2b-9a1e-3c55b1a0c001";
    public static final int ENTRIES = 10_000;
    /** A small subscription with an operator's corrections on its statement (SPEC F4). */
    public static final String CORRECTED = "7d1c3f0e-8a51-4d2b-9a1e-3c55b1a0c0f4";
    /**
     * A subscription whose statement is {@link #LONG_PAGES} full ledger pages of 1,000 entries: more than the 20 pages
     * the portal once followed at most. Its pages are made as they are asked for, none held.
     */
    public static final String LONG = "7d1c3f0e-8a51-4d2b-9a1e-3c55b1a0c0f5";
    public static final int LONG_PAGES = 25;
    /** Calls for the long statement's pages after the first. */
    static final java.util.concurrent.atomic.AtomicInteger LONG_FOLLOW_UPS = new java.util.concurrent.atomic.AtomicInteger();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    /** The {@code traceparent} header of every call ("null" when absent). */
    static final List<String> TRACEPARENTS = new CopyOnWriteArrayList<>();
    static volatile int statementBytes;
    /** The statement's pages as the ledger answers them (at most 1,000 entries each), by the cursor that asks for them. */
    private static final Map<String, byte[]> STATEMENT_PAGES = new java.util.HashMap<>();
    /** Calls for the statement's pages after the first (the portal follows {@code next}). */
    static final java.util.concurrent.atomic.AtomicInteger STATEMENT_FOLLOW_UPS = new java.util.concurrent.atomic.AtomicInteger();
    /** Set by a test to make the ledger's forecast call fail (the page must still render). */
    static volatile boolean forecastFails;
    /** The forecast warning of {@link #KNOWN} as the stubbed ledger holds it (F1), changed by {@code PUT .../forecast-alert}. */
    static volatile int warningDays = 14;
    static volatile int burnWindowDays = 7;
    /** Each {@code PUT .../forecast-alert} the ledger was sent: its Authorization header and its JSON body. */
    static final List<Map.Entry<String, String>> FORECAST_ALERT_PUTS = new CopyOnWriteArrayList<>();
    /** The key list's cursor after its first page. */
    static final String KEYS_CURSOR = "MTc2NzIyNTYwMC4wL0JCQkJC";
    static final String NOTIFICATIONS_CURSOR = "MTc2ODQ3MTIwMC4wL25vdGlmaWNhdGlvbi0x";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        statementBytes = statement();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/", exchange -> {
            AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            TRACEPARENTS.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            String path = exchange.getRequestURI().getPath();
            String base = "/api/v1/subscriptions/" + KNOWN;
            if (path.equals("/api/v1/keys")) {
                String query = String.valueOf(exchange.getRequestURI().getRawQuery());
                send(exchange, 200, query.contains("after=" + KEYS_CURSOR) ? keysPage2() : keysPage1());
            } else if (path.equals("/api/v1/subscriptions/" + LONG + "/statement")) {
                String query = String.valueOf(exchange.getRequestURI().getQuery());
                int after = query.indexOf("after=");
                int page = after < 0 ? 1 : Integer.parseInt(query.substring(after + "after=".length()).split("&")[0].substring(1));
                if (after >= 0) {
                    LONG_FOLLOW_UPS.incrementAndGet();
                }
                send(exchange, 200, longPage(page));
            } else if (path.startsWith("/api/v1/subscriptions/" + CORRECTED)) {
                corrected(exchange, path.substring(("/api/v1/subscriptions/" + CORRECTED).length()));
            } else if (path.equals("/api/v1/subscriptions")) {
                send(exchange, 200, "{\"items\":[" + subscription() + "],\"limit\":50}");
            } else if (path.equals(base)) {
                send(exchange, 200, subscription());
            } else if (path.equals(base + "/balance")) {
                send(exchange, 200, balance());
            } else if (path.equals(base + "/statement")) {
                String query = String.valueOf(exchange.getRequestURI().getQuery());
                int after = query.indexOf("after=");
                String cursor = after < 0 ? "" : query.substring(after + "after=".length()).split("&")[0];
                if (!cursor.isEmpty()) {
                    STATEMENT_FOLLOW_UPS.incrementAndGet();
                }
                byte[] page = STATEMENT_PAGES.get(cursor);
                if (page == null) {
                    send(exchange, 400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"after must be the next cursor\"}");
                } else {
                    send(exchange, 200, page);
                }
            } else if (path.equals(base + "/forecast")) {
                if (forecastFails) {
                    send(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
                } else {
                    send(exchange, 200, forecast());
                }
            } else if (path.equals(base + "/forecast-alert") && "PUT".equals(exchange.getRequestMethod())) {
                forecastAlert(exchange);
            } else if (path.equals(base + "/notifications")) {
                String query = String.valueOf(exchange.getRequestURI().getRawQuery());
                send(exchange, 200, query.contains("after=" + NOTIFICATIONS_CURSOR) ? notificationsPage2() : notificationsPage1());
            } else if (path.equals(base + "/alerts")) {
                send(exchange, 200, "[]");
            } else {
                send(exchange, 404, "{\"type\":\"https://opencredit.io/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"no subscription\"}");
            }
        });
        server.start();
        String api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
        Path key = Path.of("..", "test-kit", "src", "main", "resources", "opencredit", "dev", "jwt-private.pem").toAbsolutePath().normalize();
        return Map.of("opencredit.portal.activation-url", api, "opencredit.portal.ledger-url", api,
                "opencredit.portal.alerting-url", api, "opencredit.portal.gateway-url", api,
                "opencredit.portal.local-sign-in.enabled", "true",
                "opencredit.portal.local-sign-in.private-key-location", key.toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String subscription() {
        return "{\"id\":\"" + KNOWN + "\",\"name\":\"Stubbed\",\"currency\":\"EUR\",\"status\":\"ACTIVE\",\"accountEmail\":\"anna@example.com\","
                + "\"coAdministrators\":[],\"lastReportedBalance\":{\"remaining\":\"5000.5\",\"currency\":\"EUR\",\"ledgerStatus\":\"ACTIVE\"}}";
    }

    private static String balance() {
        return "{\"subscriptionId\":\"" + KNOWN + "\",\"currency\":\"EUR\",\"status\":\"ACTIVE\",\"remaining\":\"5000.5\",\"overage\":\"0\","
                + "\"asOf\":\"2026-06-30T00:00:00Z\",\"tokens\":[{\"tokenId\":\"t1\",\"source\":\"OSA_KEY\",\"keyCode\":\"AAAAA-BBBBB-CCCCC-DDDDD-EEEEE\","
                + "\"original\":\"10000\",\"remaining\":\"5000.5\",\"activatedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2027-01-01T00:00:00Z\","
                + "\"status\":\"ACTIVE\"}]}";
    }

    /** The first page of keys sold: one activated into {@link #KNOWN}, one returned by the ledger (R4). */
    private static String keysPage1() {
        return "{\"items\":[{\"code\":\"BBBBB-CCCCC-DDDDD-FFFFF-GGGG1\",\"status\":\"ACTIVATED\",\"units\":3,\"currency\":\"EUR\","
                + "\"purchasedOn\":\"2026-01-01\",\"activateBy\":\"2031-01-01\",\"resellerId\":\"rita@example.com\","
                + "\"activation\":{\"subscriptionId\":\"" + KNOWN + "\",\"activatedAt\":\"2026-01-02T00:00:00Z\"}},"
                + "{\"code\":\"BBBBB-CCCCC-DDDDD-FFFFF-GGGG2\",\"status\":\"ISSUED\",\"units\":1,\"currency\":\"EUR\","
                + "\"purchasedOn\":\"2026-01-01\",\"activateBy\":\"2031-01-01\",\"resellerId\":\"rita@example.com\","
                + "\"returned\":{\"reason\":\"deprovisioned\"}}],\"next\":\"" + KEYS_CURSOR + "\",\"limit\":50}";
    }

    /** The alerting service's emails of KNOWN in two pages: the portal must follow {@code next}. */
    private static String notificationsPage1() {
        return "{\"items\":[" + notification("Kreditten er snart brukt opp (side 1)") + "],\"next\":\"" + NOTIFICATIONS_CURSOR + "\"}";
    }

    private static String notificationsPage2() {
        return "{\"items\":[" + notification("Abonnementet er stengt (side 2)") + "],\"next\":null}";
    }

    private static String notification(String subject) {
        return "{\"notificationId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"TokenBalanceLow\",\"recipients\":[\"admin@example.com\"],"
                + "\"subject\":\"" + subject + "\",\"language\":\"nb\",\"status\":\"SENT\",\"sentAt\":\"2026-01-15T10:00:00Z\","
                + "\"causingEventId\":\"" + java.util.UUID.randomUUID() + "\",\"createdAt\":\"2026-01-15T10:00:00Z\",\"attempts\":1}";
    }

    private static String keysPage2() {
        return "{\"items\":[{\"code\":\"BBBBB-CCCCC-DDDDD-FFFFF-GGGG3\",\"status\":\"ISSUED\",\"units\":5,\"currency\":\"EUR\","
                + "\"purchasedOn\":\"2026-02-01\",\"activateBy\":\"2031-02-01\",\"resellerId\":\"rita@example.com\"}],\"limit\":50}";
    }

    /**
     * F1's settings as the ledger takes them: warningDays 1..365 (required), burnWindowDays 1..31 (7 if left out); out of
     * range the ledger's 422 problem, and nothing changes.
     */
    private static void forecastAlert(HttpExchange exchange) throws IOException {
        String json = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        FORECAST_ALERT_PUTS.add(Map.entry(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), json));
        var body = ServiceApi.JSON.readTree(json);
        if (!body.path("warningDays").isInt()) {
            send(exchange, 400, "{\"type\":\"https://opencredit.io/problems/missing-body\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"the body {warningDays, burnWindowDays?} is required\"}");
            return;
        }
        int warning = body.path("warningDays").intValue();
        int window = body.path("burnWindowDays").isMissingNode() ? 7 : body.path("burnWindowDays").intValue();
        if (warning < 1 || warning > 365) {
            send(exchange, 422, "{\"type\":\"https://opencredit.io/problems/F1-invalid-warning-days\",\"title\":\"Unprocessable\","
                    + "\"status\":422,\"detail\":\"warningDays must be 1 to 365; got " + warning + "\"}");
        } else if (window < 1 || window > 31) {
            send(exchange, 422, "{\"type\":\"https://opencredit.io/problems/F1-invalid-burn-window\",\"title\":\"Unprocessable\","
                    + "\"status\":422,\"detail\":\"burnWindowDays must be 1 to 31; got " + window + "\"}");
        } else {
            warningDays = warning;
            burnWindowDays = window;
            send(exchange, 200, forecast());
        }
    }

    /** F1 as the ledger answers it: 20 a day leaves 1,300.50 of t1 unused when it expires on 1 Jan 2027. */
    private static String forecast() {
        return "{\"subscriptionId\":\"" + KNOWN + "\",\"currency\":\"EUR\",\"burnPerDay\":\"20\",\"runsOutOn\":\"2027-01-01\","
                + "\"daysLeft\":185,\"warningDays\":" + warningDays + ",\"burnWindowDays\":" + burnWindowDays + ","
                + "\"asOf\":\"2026-06-30T00:00:00Z\",\"tokens\":[{\"tokenId\":\"t1\","
                + "\"expiresAt\":\"2027-01-01T00:00:00Z\",\"forecastUnusedAtExpiry\":\"1300.5\"}]}";
    }

    /**
     * CreditAdded, then 4,999 usages with their CreditConsumed: 10,000 entries over six months, served as the ledger
     * pages them (1,000 entries a page, each but the last with the cursor of the next); answers their total bytes.
     */
    private static int statement() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        StatementFixtures f = new StatementFixtures("EUR").credit(t0, "t1", "10000");
        for (int i = 1; i < ENTRIES / 2; i++) {
            f.usage(t0.plus(Duration.ofMinutes(52L * i)), "u" + i, i % 3 == 0 ? "Storage" : "Compute", i % 3 == 0 ? "disk-p10" : "vm-d2s",
                    "1", "0.999900", "t1");
        }
        ObjectNode body = f.body();
        ArrayNode entries = (ArrayNode) body.path("entries");
        entries.addObject().put("sequence", ENTRIES).put("type", "BalanceChanged").put("occurredAt", "2026-06-29T00:00:00Z").putObject("payload");
        int bytes = 0;
        String cursor = "";
        for (int from = 0; from < entries.size(); from += 1000) {
            ObjectNode page = ServiceApi.JSON.createObjectNode().put("subscriptionId", KNOWN).put("currency", "EUR");
            ArrayNode pageEntries = page.putArray("entries");
            for (int i = from; i < Math.min(entries.size(), from + 1000); i++) {
                pageEntries.add(entries.get(i));
            }
            String next = from + 1000 < entries.size() ? "c" + (from + 1000) : null;
            page.put("next", next);
            try {
                byte[] json = ServiceApi.JSON.writeValueAsBytes(page);
                STATEMENT_PAGES.put(cursor, json);
                bytes += json.length;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            cursor = next;
        }
        return bytes;
    }

    /**
     * {@link #CORRECTED}: 100 credited, 30 used by u1, 20 added and 15 taken by an operator, u1 voided back: the
     * ledger's remaining is 105.
     */
    private static void corrected(HttpExchange exchange, String rest) throws IOException {
        switch (rest) {
            case "" -> send(exchange, 200, "{\"id\":\"" + CORRECTED + "\",\"name\":\"Corrected\",\"currency\":\"EUR\",\"status\":\"ACTIVE\","
                    + "\"accountEmail\":\"anna@example.com\",\"coAdministrators\":[]}");
            case "/balance" -> send(exchange, 200, "{\"subscriptionId\":\"" + CORRECTED + "\",\"currency\":\"EUR\",\"status\":\"ACTIVE\","
                    + "\"remaining\":\"105\",\"overage\":\"0\",\"asOf\":\"2026-01-06T00:00:00Z\",\"tokens\":[{\"tokenId\":\"t1\","
                    + "\"source\":\"OSA_KEY\",\"original\":\"100\",\"remaining\":\"85\",\"activatedAt\":\"2026-01-01T00:00:00Z\","
                    + "\"expiresAt\":\"2027-01-01T00:00:00Z\",\"status\":\"ACTIVE\"},{\"tokenId\":\"a1\",\"source\":\"ADJUSTMENT\","
                    + "\"original\":\"20\",\"remaining\":\"20\",\"activatedAt\":\"2026-01-03T00:00:00Z\","
                    + "\"expiresAt\":\"2027-01-03T00:00:00Z\",\"status\":\"ACTIVE\"}]}");
            case "/statement" -> {
                Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
                ObjectNode body = new StatementFixtures("EUR")
                        .credit(t0, "t1", "100")
                        .usage(t0.plus(Duration.ofDays(1)), "u1", "Compute", "vm-d2s", "3", "30", "t1")
                        .adjustment(t0.plus(Duration.ofDays(2)), "ticket-1", "a1", "20", "20", "goodwill <b>bonus</b>")
                        .adjustment(t0.plus(Duration.ofDays(3)), "ticket-2", "t1", "-15", "55", "billing error")
                        .voided(t0.plus(Duration.ofDays(4)), "u1", "t1", "30", "RETURNED", "meter fault")
                        .body();
                body.put("subscriptionId", CORRECTED).putNull("next");
                send(exchange, 200, ServiceApi.JSON.writeValueAsBytes(body));
            }
            case "/notifications" -> send(exchange, 200, "{\"items\":[],\"next\":null}");
            case "/alerts" -> send(exchange, 200, "[]");
            default -> send(exchange, 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no such resource\"}");
        }
    }

    /** Page n (from 1) of {@link #LONG}'s statement: 1,000 CreditConsumed entries numbered on, and the next cursor. */
    private static String longPage(int n) {
        StringBuilder json = new StringBuilder(200_000).append("{\"subscriptionId\":\"").append(LONG).append("\",\"currency\":\"EUR\",\"entries\":[");
        for (int i = 1; i <= 1000; i++) {
            long sequence = (n - 1) * 1000L + i;
            json.append(i == 1 ? "" : ",").append("{\"sequence\":").append(sequence)
                    .append(",\"type\":\"CreditConsumed\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"payload\":{\"usageId\":\"u")
                    .append(sequence).append("\",\"tokenId\":\"t1\",\"amount\":{\"amount\":\"0.01\",\"currency\":\"EUR\"}}}");
        }
        return json.append("],\"next\":").append(n < LONG_PAGES ? "\"p" + (n + 1) + "\"" : "null").append('}').toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
