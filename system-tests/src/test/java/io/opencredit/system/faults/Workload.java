package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.PaymentSignature;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.LocalTokens;
import io.opencredit.local.SuitePorts;
import io.opencredit.system.faults.InvariantChecker.Alert;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import io.opencredit.system.faults.InvariantChecker.Meter;
import io.opencredit.system.faults.InvariantChecker.Plan;
import io.opencredit.system.faults.InvariantChecker.SentUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic of the fault run, all of it derived from the seed: subscriptions with two or three
 * tokens (keys, and a card top-up for every third), an armed credit alert each, and then a stream
 * of usage batches at a modest rate. Every batch is sent again until the gateway answers it (a
 * crash mid-request is answered by the retry, as duplicates), so every record ends up definitively
 * accepted; that set is what I1 holds the suite to. All credit comes before any usage, so a
 * subscription's balance only falls during the run (see {@link InvariantChecker}).
 */
final class Workload {

    private final String gateway;
    private final String activation;
    private final String ledger;
    private final SuiteClient http = new SuiteClient();
    private final LocalTokens tokens;
    private final long seed;
    private final Random random;
    private final Inputs inputs;
    private final String operator;
    private final String meterToken;
    private final Map<UUID, String> customers = new LinkedHashMap<>();
    private final Map<UUID, BigDecimal> perRecordAmount = new LinkedHashMap<>();
    private final List<Meter> eligibleMeters = new ArrayList<>();
    private Meter ineligibleMeter;
    private final List<List<Map<String, Object>>> sentBatches = new ArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean running = true;
    private long usageCounter;
    /** When the workload saw each subscription's activation answered (its creation is no later). */
    private final Map<UUID, Instant> createdBy = new java.util.concurrent.ConcurrentHashMap<>();

    Workload(SuitePorts ports, LocalTokens tokens, long seed, Inputs inputs) {
        this.gateway = ports.apiUrl("billing-gateway");
        this.activation = ports.apiUrl("activation-service");
        this.ledger = ports.apiUrl("ledger-service");
        this.tokens = tokens;
        this.seed = seed;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.inputs = inputs;
        this.operator = tokens.mint("operator", "operator@opencredit.local", Duration.ofHours(2));
        this.meterToken = tokens.mint("meter", "meter@opencredit.local", Duration.ofHours(2));
    }

    List<UUID> subscriptions() {
        return List.copyOf(customers.keySet());
    }

    String customerToken(UUID subscription) {
        return customers.get(subscription);
    }

    int batchesSent() {
        return batches.get();
    }

    long recordsSent() {
        return records.get();
    }

    long retries() {
        return retries.get();
    }

    /** Creates the subscriptions, waits until the ledger holds their tokens, arms their alerts. */
    void setUp(int subscriptions, long expectedRecordsPerSubscription) throws Exception {
        String reader = tokens.mint("customer", "reader@example.com", Duration.ofHours(2));
        for (JsonNode meter : http.get(gateway + "/prices", reader).expectOk("reading prices").body()) {
            JsonNode usd = meter.path("prices").path("USD");
            if (usd.isMissingNode()) {
                continue;
            }
            Meter m = new Meter(meter.path("meterId").asText(), meter.path("eligible").asBoolean(), new BigDecimal(usd.asText()));
            inputs.meters.put(m.meterId(), m);
            if (m.eligible() && m.unitPrice().signum() > 0 && eligibleMeters.size() < 3) {
                eligibleMeters.add(m);
            } else if (!m.eligible() && m.unitPrice().signum() > 0 && ineligibleMeter == null) {
                ineligibleMeter = m;
            }
        }
        if (eligibleMeters.isEmpty() || ineligibleMeter == null) {
            throw new IllegalStateException("the price catalogue lacks an eligible or an ineligible USD meter");
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<UUID, BigDecimal> credit = new LinkedHashMap<>();
        Map<UUID, Integer> tokenCount = new LinkedHashMap<>();
        for (int i = 0; i < subscriptions; i++) {
            String email = "fault-" + Long.toHexString(seed) + "-" + i + "@example.com";
            String customer = tokens.mint("customer", email, Duration.ofHours(2));
            int units1 = 1 + random.nextInt(2);
            int units2 = 1 + random.nextInt(2);
            String key1 = issueKey(units1, today);
            String key2 = issueKey(units2, today);
            Map<String, Object> account = Map.of("email", email, "createdOn", "2020-01-15");
            Map<String, Object> newSubscription = Map.of("name", "Fault run " + i, "country", "NO", "cloud", "public", "account", account);
            UUID subscription = UUID.fromString(http.retrying(Duration.ofSeconds(30),
                            () -> http.post(activation + "/activations", customer, Map.of("keyCode", key1, "newSubscription", newSubscription)))
                    .expectOk("activation").body().path("subscriptionId").asText());
            createdBy.put(subscription, Instant.now()); // the activation answered: the subscription was created before this
            http.retrying(Duration.ofSeconds(30), () -> http.post(activation + "/activations", customer,
                    Map.of("keyCode", key2, "subscriptionId", subscription.toString()))).expectOk("second activation");
            BigDecimal total = new BigDecimal(100 * (units1 + units2));
            int count = 2;
            if (i % 3 == 0) {
                topUp(subscription, "50.00");
                total = total.add(new BigDecimal("50"));
                count++;
            }
            customers.put(subscription, customer);
            credit.put(subscription, total);
            tokenCount.put(subscription, count);
        }
        int i = 0;
        for (UUID subscription : customers.keySet()) {
            String customer = customers.get(subscription);
            int expectedTokens = tokenCount.get(subscription);
            awaitBalance(subscription, b -> b.path("tokens").size() == expectedTokens, "its " + expectedTokens + " tokens");
            BigDecimal threshold = credit.get(subscription).multiply(new BigDecimal(20 + random.nextInt(50)))
                    .divide(new BigDecimal("100"), 2, RoundingMode.HALF_EVEN);
            String email = "fault-" + Long.toHexString(seed) + "-" + i + "@example.com";
            List<String> recipients = List.of("watch-" + Long.toHexString(seed) + "-" + i + "@example.com", email);
            JsonNode alert = http.retrying(Duration.ofSeconds(30), () -> http.put(ledger + "/subscriptions/" + subscription + "/alerts/1", customer,
                    Map.of("threshold", threshold.toPlainString(), "recipients", recipients))).expectOk("configuring an alert").body();
            if (!alert.path("armed").asBoolean()) {
                throw new IllegalStateException("alert of " + subscription + " not armed: " + alert);
            }
            inputs.plans.put(subscription, new Plan(subscription, email, List.of(new Alert(1, threshold, recipients))));
            // spread the subscriptions' fates: some stay well above their alert, some end in overage
            double fate = 0.3 + 1.2 * i / Math.max(1, subscriptions - 1);
            perRecordAmount.put(subscription, credit.get(subscription).multiply(BigDecimal.valueOf(fate))
                    .divide(BigDecimal.valueOf(expectedRecordsPerSubscription), 6, RoundingMode.HALF_EVEN));
            i++;
        }
        // the gateway learns subscriptions from activation.events: one accepted record each says it knows them
        for (UUID subscription : customers.keySet()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                List<Map<String, Object>> probe = List.of(record(subscription));
                if (send(probe, true)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway never accepted usage for " + subscription);
                }
                Thread.sleep(500);
            }
        }
    }

    private String issueKey(int units, String today) throws InterruptedException {
        Map<String, Object> request = Map.of("units", units, "currency", "USD", "purchasedOn", today, "resellerId", "reseller-faults");
        return http.retrying(Duration.ofSeconds(30), () -> http.post(activation + "/keys", operator, request))
                .expectOk("issuing a key").body().path("code").asText();
    }

    private void topUp(UUID subscription, String amount) throws Exception {
        String body = SuiteClient.write(Map.of("paymentReference", "pay-" + UUID.randomUUID(), "subscriptionId", subscription.toString(),
                "amount", amount, "currency", "USD", "paidAt", Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS).toString()));
        long t = Instant.now().getEpochSecond();
        String signature = PaymentSignature.header(LocalSuite.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), t, body.getBytes(StandardCharsets.UTF_8));
        // the gateway must know the subscription first (it reads activation.events): 404 until then
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SuiteClient.Answer answer = http.postRaw(gateway + "/payments/confirmations", body, Map.of(PaymentSignature.HEADER, signature));
        while (!answer.ok() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            answer = http.postRaw(gateway + "/payments/confirmations", body, Map.of(PaymentSignature.HEADER, signature));
        }
        answer.expectOk("card top-up");
    }

    JsonNode awaitBalance(UUID subscription, java.util.function.Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        SuiteClient.Answer answer = null;
        while (System.nanoTime() < deadline) {
            answer = http.get(ledger + "/subscriptions/" + subscription + "/balance", customers.get(subscription));
            if (answer.ok() && until.test(answer.body())) {
                return answer.body();
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(subscription + ": waited in vain for " + what + "; last answer " + answer);
    }

    /** The final balance of a subscription, read from any ledger instance that answers. */
    JsonNode balance(UUID subscription) throws InterruptedException {
        return http.retrying(Duration.ofSeconds(60), () -> http.get(ledger + "/subscriptions/" + subscription + "/balance",
                customers.get(subscription))).expectOk("final balance").body();
    }

    private Map<String, Object> record(UUID subscription) {
        boolean ineligible = random.nextInt(10) == 0;
        Meter meter = ineligible ? ineligibleMeter : eligibleMeters.get(random.nextInt(eligibleMeters.size()));
        BigDecimal amount = perRecordAmount.get(subscription).multiply(BigDecimal.valueOf(0.5 + random.nextDouble()));
        BigDecimal quantity = amount.divide(meter.unitPrice(), 6, RoundingMode.HALF_EVEN).max(new BigDecimal("0.000001"));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", "u-" + Long.toHexString(seed) + "-" + (usageCounter++));
        record.put("subscriptionId", subscription.toString());
        record.put("meterId", meter.meterId());
        record.put("quantity", quantity.toPlainString());
        Instant usageTime = Instant.now().minusSeconds(1);
        Instant created = createdBy.get(subscription);
        if (created != null && usageTime.isBefore(created)) {
            // never before the subscription (T6 refuses it): the first batches may follow its creation within a second
            usageTime = created.plusMillis(1);
        }
        record.put("usageTime", usageTime.truncatedTo(ChronoUnit.MILLIS).toString());
        return record;
    }

    /**
     * Posts one batch until the gateway answers it; records what it accepted. With {@code probing},
     * a "not-found" refusal (the gateway does not know the subscription yet) returns false instead
     * of counting as a refusal.
     */
    private boolean send(List<Map<String, Object>> batch, boolean probing) throws InterruptedException {
        Map<String, Object> body = Map.of("records", batch);
        SuiteClient.Answer answer = http.post(gateway + "/usage", meterToken, body);
        while (answer.retryable()) {
            retries.incrementAndGet();
            Thread.sleep(200);
            answer = http.post(gateway + "/usage", meterToken, body);
        }
        answer.expectOk("posting usage");
        java.util.Set<Integer> refused = new java.util.HashSet<>();
        for (JsonNode rejected : answer.body().path("rejected")) {
            int index = rejected.path("index").asInt();
            if (probing && rejected.toString().contains("not-found")) {
                return false;
            }
            refused.add(index);
            inputs.refusals.add(batch.get(index) + ": " + rejected.path("problem"));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!refused.contains(i)) {
                Map<String, Object> r = batch.get(i);
                inputs.accept(new SentUsage(UUID.fromString((String) r.get("subscriptionId")), (String) r.get("id"),
                        (String) r.get("meterId"), new BigDecimal((String) r.get("quantity"))));
            }
        }
        synchronized (sentBatches) {
            sentBatches.add(batch);
        }
        records.addAndGet(batch.size());
        return true;
    }

    /** Sends usage batches at {@code recordsPerSecond} until {@link #stop()}. */
    void run(int batchSize, int recordsPerSecond) {
        List<UUID> subs = subscriptions();
        long pause = Math.max(1, 1000L * batchSize / recordsPerSecond);
        try {
            while (running) {
                long started = System.currentTimeMillis();
                List<Map<String, Object>> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(record(subs.get(random.nextInt(subs.size()))));
                }
                send(batch, false);
                batches.incrementAndGet();
                long rest = pause - (System.currentTimeMillis() - started);
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
    }

    /**
     * Re-sends an earlier, already accepted batch (same ids, same content) and returns the gateway's
     * answer: all of it must come back as duplicates (T5).
     */
    JsonNode resendEarlierBatch(Random faultRandom) throws InterruptedException {
        List<Map<String, Object>> batch;
        synchronized (sentBatches) {
            batch = sentBatches.get(faultRandom.nextInt(sentBatches.size()));
        }
        SuiteClient.Answer answer = http.retrying(Duration.ofSeconds(120), () -> http.post(gateway + "/usage", meterToken, Map.of("records", batch)));
        return ((com.fasterxml.jackson.databind.node.ObjectNode) answer.expectOk("re-sending a batch").body()).put("size", batch.size());
    }
}
