package io.opencredit.system;

import static io.opencredit.system.StoryApi.customer;
import static io.opencredit.system.StoryApi.email;
import static io.opencredit.system.StoryApi.meter;
import static io.opencredit.system.StoryApi.newSubscription;
import static io.opencredit.system.StoryApi.payment;
import static io.opencredit.system.StoryApi.signature;
import static io.opencredit.system.StoryApi.usageRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.PaymentSignature;
import io.opencredit.local.Console;
import io.opencredit.local.JsonHttp;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.SuitePorts;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC R1 and R2 on the real suite (issue 19's done-when): 1,000 chains of a write followed at once by a read on
 * every pair of services where one depends on the other, counting every wrong answer. The reads that R1 covers go
 * without a token (a meter or a payment provider never holds one); the others present the write's
 * {@code OpenCredit-Consistency} token. Prints the latency of each first read.
 *
 * <p>With {@code -Dryw.mechanism=off} the suite runs with {@code OPENCREDIT_CONSISTENCY_ENABLED=false}: the same
 * chains then meet the lag between the services and the test fails, which shows it can.
 */
class ReadYourWritesIT {

    private static final int CHAINS = Integer.getInteger("ryw.chains", 1000);
    private static final int PARALLEL = 6;
    /** 5.000000 a unit in every currency (the catalogue's seed). */
    private static final String BACKUP = "backup-instance";
    private static final BigDecimal BACKUP_PRICE = new BigDecimal("5");
    private static final BigDecimal TOP_UP = new BigDecimal("50.00");

    private static LocalSuite suite;
    private static Path state;
    private static StoryApi api;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();

    @BeforeAll
    static void startSuite() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        state = Files.createTempDirectory("opencredit-read-your-writes");
        SuiteStoryIT.awaitQuietBuilds(root);
        Map<String, String> environment = "off".equals(System.getProperty("ryw.mechanism"))
                ? Map.of("OPENCREDIT_CONSISTENCY_ENABLED", "false") : Map.of();
        suite = new LocalSuite(root, state, 3, environment).withPorts(SuitePorts.free()).withServiceSnapshots();
        try {
            suite.start(true, new Console());
        } catch (Exception e) {
            suite.close();
            suite = null;
            throw e;
        }
        api = new StoryApi(suite);
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    /** An answer with the token it carried. */
    private record Answer(int status, JsonNode json, String token, long micros) {
        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    private static Answer send(String method, String url, String bearer, Object body, Map<String, String> headers) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(JsonHttp.request(method, url, body, bearer, headers, Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? StoryApi.JSON.createObjectNode()
                    : StoryApi.JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response.headers().firstValue("OpenCredit-Consistency").orElse(null),
                    (System.nanoTime() - start) / 1000);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(String token) {
        return token == null ? Map.of() : Map.of("OpenCredit-Consistency", token);
    }

    /** Wrong answers and first-read latencies, per pair of services. */
    private static final class Tally {
        final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> wrong = new ConcurrentHashMap<>();
        final List<String> examples = Collections.synchronizedList(new ArrayList<>());

        void read(String pair, Answer answer, boolean right, String why) {
            latencies.computeIfAbsent(pair, k -> Collections.synchronizedList(new ArrayList<>())).add(answer.micros());
            AtomicInteger count = wrong.computeIfAbsent(pair, k -> new AtomicInteger());
            if (!right) {
                count.incrementAndGet();
                if (examples.size() < 20) {
                    examples.add(pair + ": " + why + " -> " + answer);
                }
            }
        }

        String report() {
            StringBuilder text = new StringBuilder(String.format("%-44s %7s %6s %10s %10s%n", "write -> first read", "chains", "wrong", "p50 ms", "p99 ms"));
            new TreeMap<>(latencies).forEach((pair, list) -> {
                List<Long> sorted = new ArrayList<>(list);
                Collections.sort(sorted);
                text.append(String.format("%-44s %7d %6d %10.1f %10.1f%n", pair, sorted.size(), wrong.get(pair).get(),
                        sorted.get(sorted.size() / 2) / 1000.0, sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1000.0));
            });
            return text.toString();
        }

        int wrongTotal() {
            return wrong.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @Test
    void R1_R2_every_read_right_after_a_write_sees_it() throws Exception {
        Tally tally = new Tally();
        ExecutorService chains = Executors.newFixedThreadPool(PARALLEL);
        ExecutorService reads = Executors.newFixedThreadPool(PARALLEL * 4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
            running.add(chains.submit(() -> chain(tally, reads)));
        }
        for (Future<?> chain : running) {
            chain.get();
        }
        chains.shutdown();
        reads.shutdown();
        System.out.println("read your writes, " + CHAINS + " chains per pair:\n" + tally.report());
        tally.examples.forEach(example -> System.out.println("  wrong: " + example));
        assertEquals(0, tally.wrongTotal(), "wrong answers:\n" + tally.report() + String.join("\n", tally.examples));
    }

    private void chain(Tally tally, ExecutorService reads) {
        String email = email("ryw");
        String customer = customer(email);
        String key = api.issueKey(10, "USD");
        Answer activation = send("POST", api.activation + "/activations", customer,
                Map.of("keyCode", key, "newSubscription", newSubscription(email, "NO")), Map.of());
        if (activation.status() != 201) {
            throw new AssertionError("activating: " + activation);
        }
        String subscription = activation.json().path("subscriptionId").asText();
        String tokenId = activation.json().path("tokenId").asText();
        BigDecimal credit = new BigDecimal(activation.json().path("amount").asText());
        Instant now = Instant.now().minusSeconds(1); // the suite clock is not moved in this run

        // the activation, then at once, side by side: usage and a card top-up (R1, no token: meters and the payment
        // provider hold none), the balance and the notifications (R2, with the activation's token)
        String firstUsage = "ryw-" + UUID.randomUUID();
        CompletableFuture<Answer> usage = CompletableFuture.supplyAsync(() -> send("POST", api.gateway + "/usage", meter(),
                Map.of("records", List.of(usageRecord(firstUsage, subscription, BACKUP, "1", now))), Map.of()), reads);
        String body = payment("ryw-" + UUID.randomUUID(), subscription, TOP_UP.toPlainString(), "USD", now);
        CompletableFuture<Answer> topUp = CompletableFuture.supplyAsync(() -> send("POST", api.gateway + "/payments/confirmations", null,
                body, Map.of(PaymentSignature.HEADER, signature(Instant.now().getEpochSecond(), body, StoryApi.WEBHOOK_SECRET))), reads);
        CompletableFuture<Answer> balance = CompletableFuture.supplyAsync(() -> send("GET",
                api.ledger + "/subscriptions/" + subscription + "/balance", customer, null, with(activation.token())), reads);
        CompletableFuture<Answer> notifications = CompletableFuture.supplyAsync(() -> send("GET",
                api.alerting + "/subscriptions/" + subscription + "/notifications", customer, null, with(activation.token())), reads);

        Answer used = usage.join();
        tally.read("activation -> gateway usage (R1)", used, used.status() == 202 && used.json().path("accepted").asInt() == 1,
                "the usage record was not accepted");
        Answer paid = topUp.join();
        tally.read("activation -> gateway payment (R1)", paid, paid.status() == 201, "the top-up was not credited");
        Answer read = balance.join();
        tally.read("activation -> ledger balance (R2)", read, read.status() == 200 && read.json().path("tokens").toString().contains(tokenId),
                "the balance does not hold the activation's token");
        Answer sent = notifications.join();
        tally.read("activation -> alerting notifications (R2)", sent, sent.status() == 200 && sent.json().isArray(),
                "the notifications of the subscription were not answered");

        // usage with its token, then the balance: it includes the credit, the top-up and both usage records
        String tokens = activation.token() + "," + paid.token();
        Answer second = send("POST", api.gateway + "/usage", meter(),
                Map.of("records", List.of(usageRecord("ryw-" + UUID.randomUUID(), subscription, BACKUP, "1", now))), with(tokens));
        if (second.status() != 202 || second.json().path("accepted").asInt() != 1) {
            throw new AssertionError("usage not accepted: " + second);
        }
        BigDecimal expected = credit.add(paid.status() == 201 ? TOP_UP : BigDecimal.ZERO)
                .subtract(BACKUP_PRICE.multiply(BigDecimal.valueOf(used.status() == 202 ? 2 : 1)));
        Answer after = send("GET", api.ledger + "/subscriptions/" + subscription + "/balance", customer, null, with(second.token()));
        tally.read("usage -> ledger balance (R2)", after, after.status() == 200
                        && new BigDecimal(after.json().path("remaining").asText("-1")).compareTo(expected) == 0,
                "the balance is not " + expected);

        // an alert change, then its read
        Answer alert = send("PUT", api.ledger + "/subscriptions/" + subscription + "/alerts/1", customer,
                Map.of("threshold", "7.50", "recipients", List.of(email)), Map.of());
        if (alert.status() != 200) {
            throw new AssertionError("setting an alert: " + alert);
        }
        Answer alerts = send("GET", api.ledger + "/subscriptions/" + subscription + "/alerts/1", customer, null, with(alert.token()));
        tally.read("alert change -> ledger alert (R2)", alerts, alerts.status() == 200
                && new BigDecimal(alerts.json().path("threshold").asText("-1")).compareTo(new BigDecimal("7.50")) == 0, "the alert is not 7.50");
    }
}
