package io.opencredit.billing.bench;

import io.agroal.api.AgroalDataSource;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.CpuMeter;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Usage intake throughput, end to end (HTTP in, intake log, outbox, published to Kafka):
 * {@code ./mvnw -o -pl billing-gateway test -Dtest=UsageBenchmark -Dbilling.bench=true}
 * with {@code -Dbilling.bench.batches=200 -Dbilling.bench.clients=4} (the defaults). Each batch holds
 * 1000 records, 5% of them repeats of records of the previous batch (duplicates: accepted once).
 * Prints accepted records/s at the HTTP answer and once the outbox relay has published everything.
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing_bench")})
@EnabledIfSystemProperty(named = "billing.bench", matches = "true")
class UsageBenchmark {

    /** The benchmark's own HTTP clients (a fixed pool) and the JDK HTTP client's threads; every other thread but the broker's is the service. */
    private static final Map<String, java.util.regex.Pattern> CLIENTS =
            Map.of("clients", java.util.regex.Pattern.compile("pool-\\d+-thread-\\d+|HttpClient-.*"));

    /** Batches sent before measuring, so that compiling the intake path (JIT) falls outside the measured window. */
    private static final int WARM_UP_BATCHES = 50;

    @Inject
    SubscriptionStore store;

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/api/v1/usage")
    URL usage;

    @Test
    void batches_of_1000_with_5_percent_duplicates() throws Exception {
        int batches = Integer.getInteger("billing.bench.batches", 200);
        int clients = Integer.getInteger("billing.bench.clients", 4);
        int subscriptions = 100;
        List<UUID> subs = new ArrayList<>();
        Instant created = clock.now().minus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < subscriptions; i++) {
                UUID id = UUID.randomUUID();
                subs.add(id);
                store.created(id, new SubscriptionCreated("bench", "NO", "public", "USD", "bench@example.com",
                        LocalDate.parse("2020-01-01"), "en", "bench@example.com", created));
            }
        });
        String usageTime = clock.now().minus(Duration.ofMinutes(1)).toString();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder(160_000).append("{\"records\":[");
            for (int i = 0; i < 1000; i++) {
                // the last 50 records repeat records of the previous batch (same id, same content)
                int batch = i >= 950 && b > 0 ? b - 1 : b;
                int index = i >= 950 && b > 0 ? i - 950 : i;
                UUID sub = subs.get((batch * 1000 + index) % subscriptions);
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"id\":\"").append(run).append('-').append(batch).append('-').append(index)
                        .append("\",\"subscriptionId\":\"").append(sub)
                        .append("\",\"meterId\":\"vm-d2s-v5-linux\",\"quantity\":\"1.5\",\"usageTime\":\"").append(usageTime).append("\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        String token = TestTokens.bearer(TestTokens.meter());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // warm-up (not counted): batches of fresh ids until the JIT has compiled the intake path
        for (int w = 0; w < WARM_UP_BATCHES; w++) {
            send(http, token, bodies.get(w % bodies.size()).replace(run, run + "w" + w));
        }
        awaitOutboxEmpty(Duration.ofMinutes(2));

        CpuMeter cpu = new CpuMeter(backendPid());
        double jvmCpuStart = CpuMeter.jvmSeconds();
        Map<String, Double> rolesStart = CpuMeter.threadSecondsByRole(CLIENTS, "service");
        double postgresCpuStart = cpu.postgresSeconds();
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int b = client; b < batches; b += clients) {
                    String answer = send(http, token, bodies.get(b));
                    accepted.addAndGet(number(answer, "accepted"));
                    duplicates.addAndGet(number(answer, "duplicates"));
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        long httpDone = System.nanoTime();
        awaitOutboxEmpty(Duration.ofMinutes(10));
        long published = System.nanoTime();
        double jvmCpu = CpuMeter.jvmSeconds() - jvmCpuStart;
        Map<String, Double> roles = CpuMeter.threadSecondsByRole(CLIENTS, "service");
        double postgresCpu = cpu.postgresSeconds() - postgresCpuStart;
        pool.shutdown();
        double httpSeconds = (httpDone - start) / 1e9;
        double endToEndSeconds = (published - start) / 1e9;
        System.out.printf("%nBILLING BENCHMARK: %d batches x 1000 records (5%% duplicates), %d clients, after %d warm-up batches; JVM %s%n",
                batches, clients, WARM_UP_BATCHES, CpuMeter.jvmFlags());
        System.out.printf("  accepted %d, duplicates %d%n", accepted.get(), duplicates.get());
        System.out.printf("  HTTP answered:     %.1f s, %.0f accepted records/s%n", httpSeconds, accepted.get() / httpSeconds);
        System.out.printf("  all published:     %.1f s, %.0f accepted records/s end to end%n%n", endToEndSeconds, accepted.get() / endToEndSeconds);
        System.out.printf("  CPU until published: JVM (service, Kafka broker, clients) %.1f s, PostgreSQL %.1f s:"
                + " %.0f + %.0f = %.0f us per accepted record%n", jvmCpu, postgresCpu, jvmCpu * 1e6 / accepted.get(),
                postgresCpu * 1e6 / accepted.get(), (jvmCpu + postgresCpu) * 1e6 / accepted.get());
        double perRecord = 1e6 / accepted.get();
        double service = roles.get("service") - rolesStart.get("service");
        double broker = roles.get("broker") - rolesStart.get("broker");
        double clientThreads = roles.get("clients") - rolesStart.get("clients");
        System.out.printf("  JVM CPU by thread: service %.0f, Kafka broker %.0f, benchmark clients %.0f, GC/JIT/other %.0f us per accepted record%n",
                service * perRecord, broker * perRecord, clientThreads * perRecord, (jvmCpu - service - broker - clientThreads) * perRecord);
        System.out.printf("  load average at the end: %s%n%n", loadAverage());
    }

    private String send(HttpClient http, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(usage.toString()))
                .header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("usage answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":") + field.length() + 3;
        int end = at;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(at, end));
    }

    private long backendPid() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private void awaitOutboxEmpty(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM oc_outbox")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the outbox was not drained within " + timeout);
    }
}
