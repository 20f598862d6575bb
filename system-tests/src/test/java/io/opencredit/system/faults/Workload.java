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
 * accepted; that set is what I1 holds the suite to. All credit from keys and cards comes before any
 * usage; during the run an operator corrects balances (F4: adjustments up and down, usage voids),
 * which is why {@link ReferenceLedger} replays each subscription in the ledger's order.
 */
final class Workload {

    private final String gateway;
    /** Both gateways' API URLs: usage batches and webhooks alternate between them, a failed call moves to the other. */
    private final List<String> gateways;
    private final Topics topics;
    private final String activation;
    private final String ledger;
    /** Both ledger instances' API URLs: corrections alternate between them when one does not answer. */
    private final List<String> ledgers;
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
    /** Subscriptions that only receive card top-ups during the run (no usage): their balances only rise. */
    private final List<UUID> wallets = new ArrayList<>();
    private final List<Payment> confirmed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong viaHttp = new AtomicLong();
    private final AtomicLong viaIntake = new AtomicLong();
    private final AtomicLong intakeDuplicates = new AtomicLong();
    private final AtomicLong intakeMalformed = new AtomicLong();
    private final AtomicLong webhooks = new AtomicLong();
    private final AtomicLong webhookRedeliveries = new AtomicLong();
    private final AtomicLong adjustments = new AtomicLong();
    private final AtomicLong voids = new AtomicLong();
    private final AtomicLong correctionRepeats = new AtomicLong();
    private final AtomicLong correctionRetries = new AtomicLong();
    /** Usage ids voided (or being voided), never voided twice by the workload. */
    private final java.util.Set<String> voided = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Records accepted so far (HTTP or intake), for duplicates sent on the other path. */
    private final List<Map<String, Object>> acceptedRecords = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When the workload saw each subscription's activation answered (its creation is no later). */
    private final Map<UUID, Instant> createdBy = new java.util.concurrent.ConcurrentHashMap<>();

    Workload(SuitePorts ports, String secondGateway, String secondLedger, Topics topics, LocalTokens tokens, long seed, Inputs inputs) {
        this.gateway = ports.apiUrl("billing-gateway");
        this.gateways = List.of(gateway, secondGateway);
        this.topics = topics;
        this.activation = ports.apiUrl("activation-service");
        this.ledger = ports.apiUrl("ledger-service");
        this.ledgers = List.of(ledger, secondLedger);
        this.tokens = tokens;
        this.seed = seed;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.inputs = inputs;
        this.operator = tokens.mint("operator", "operator@opencredit.local", Duration.ofHours(2));
        this.meterToken = tokens.mint("meter", "meter@opencredit.local", Duration.ofHours(2));
    }

    /** The subscriptions that receive usage. */
    List<UUID> subscriptions() {
        return customers.keySet().stream().filter(s -> !wallets.contains(s)).toList();
    }

    /** Every subscription of the run: those with usage and the top-up-only wallets. */
    List<UUID> allSubscriptions() {
        return List.copyOf(customers.keySet());
    }

    /** The run's totals of the traffic (usage by path, intake duplicates and poison, webhooks). */
    Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("usage accepted via HTTP", viaHttp.get());
        totals.put("usage accepted via intake", viaIntake.get());
        totals.put("intake duplicates sent", intakeDuplicates.get());
        totals.put("intake malformed sent", intakeMalformed.get());
        totals.put("payments confirmed", (long) inputs.payments.size());
        totals.put("webhook posts", webhooks.get());
        totals.put("webhook redeliveries", webhookRedeliveries.get());
        totals.put("adjustments made", adjustments.get());
        totals.put("usage voids made", voids.get());
        totals.put("corrections repeated", correctionRepeats.get());
        totals.put("correction posts retried", correctionRetries.get());
        return totals;
    }

    String customerToken(UUID subscription) {
        return customers.get(subscription);
    }

    // ---- for ReadYourWritesProbe ----------------------------------------------------------------

    /** A fresh valid usage record of the subscription, as the load sends them. */
    Map<String, Object> usageRecordOf(UUID subscription) {
        return record(subscription);
    }

    String meterToken() {
        return meterToken;
    }

    String gatewayUrl(int i) {
        return gateways.get(i % gateways.size());
    }

    String ledgerUrl() {
        return ledger;
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
    void setUp(int subscriptions, int walletCount, long expectedRecordsPerSubscription) throws Exception {
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
        for (int i = 0; i < subscriptions + walletCount; i++) {
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
            if (i % 3 == 0 || i >= subscriptions) {
                topUp(subscription, "50.00"); // a wallet's first top-up also waits until the gateway knows it
                total = total.add(new BigDecimal("50"));
                count++;
            }
            customers.put(subscription, customer);
            if (i >= subscriptions) {
                wallets.add(subscription);
            }
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
            double fate = wallets.contains(subscription) ? 0 : 0.3 + 1.2 * i / Math.max(1, subscriptions - 1);
            perRecordAmount.put(subscription, credit.get(subscription).multiply(BigDecimal.valueOf(fate))
                    .divide(BigDecimal.valueOf(expectedRecordsPerSubscription), 6, RoundingMode.HALF_EVEN));
            i++;
        }
        // the gateway learns subscriptions from activation.events: one accepted record each says it knows them
        for (UUID subscription : subscriptions()) {
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

    /** A payment confirmation as the provider sends it: the raw body, signed again at every delivery. */
    record Payment(String reference, UUID subscription, String amount, String body) {
    }

    private void topUp(UUID subscription, String amount) throws Exception {
        Payment payment = newPayment(subscription, amount);
        // the gateway must know the subscription first (it reads activation.events): 404 until then
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SuiteClient.Answer answer = deliver(payment, gateway);
        while (!answer.ok() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            answer = deliver(payment, gateway);
        }
        answer.expectOk("card top-up");
        confirmed(payment);
    }

    private Payment newPayment(UUID subscription, String amount) {
        String reference = "pay-" + UUID.randomUUID();
        String body = SuiteClient.write(Map.of("paymentReference", reference, "subscriptionId", subscription.toString(),
                "amount", amount, "currency", "USD", "paidAt", Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS).toString()));
        return new Payment(reference, subscription, amount, body);
    }

    /** One delivery of a payment webhook to a gateway, freshly signed (the signature is valid 5 minutes). */
    SuiteClient.Answer deliver(Payment payment, String gatewayUrl) {
        webhooks.incrementAndGet();
        long t = Instant.now().getEpochSecond();
        String signature = PaymentSignature.header(LocalSuite.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), t,
                payment.body().getBytes(StandardCharsets.UTF_8));
        return http.postRaw(gatewayUrl + "/payments/confirmations", payment.body(), Map.of(PaymentSignature.HEADER, signature));
    }

    private void confirmed(Payment payment) {
        inputs.payments.put(payment.reference(), new InvariantChecker.Payment(payment.reference(), payment.subscription(),
                new BigDecimal(payment.amount())));
        confirmed.add(payment);
    }

    /**
     * A card top-up of a wallet posted to {@code first}; as a payment provider does, it is delivered
     * again (to the other gateway) until some gateway confirms it. Returns the payment once confirmed.
     */
    Payment pay(String first) throws InterruptedException {
        UUID wallet = wallets.get(random.nextInt(wallets.size()));
        Payment payment = newPayment(wallet, (1 + random.nextInt(40)) + "." + (10 + random.nextInt(90)));
        confirmUntilOk(payment, first);
        return payment;
    }

    /** Delivers until a gateway answers 2xx (alternating gateways), then counts the payment as confirmed. */
    void confirmUntilOk(Payment payment, String first) throws InterruptedException {
        String target = first;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        SuiteClient.Answer answer = deliver(payment, target);
        while (answer.retryable() && System.nanoTime() < deadline) {
            webhookRedeliveries.incrementAndGet();
            Thread.sleep(200);
            target = other(target);
            answer = deliver(payment, target);
        }
        answer.expectOk("payment " + payment.reference());
        confirmed(payment);
    }

    /**
     * A confirmed payment delivered once more (the provider did not see the answer): it must be
     * answered as success and change nothing.
     */
    void redeliver(Payment payment, String gatewayUrl) throws InterruptedException {
        webhookRedeliveries.incrementAndGet();
        SuiteClient.Answer answer = http.retrying(Duration.ofMinutes(3), () -> deliver(payment, gatewayUrl));
        if (!answer.ok()) {
            inputs.refusals.add("a redelivered webhook for the confirmed payment " + payment.reference() + " got " + answer);
        }
    }

    /** A payment confirmed earlier, for redelivery; null if none yet. */
    Payment earlierPayment(Random faultRandom) {
        return confirmed.isEmpty() ? null : confirmed.get(faultRandom.nextInt(confirmed.size()));
    }

    String operatorToken() {
        return operator;
    }

    String gateway(int index) {
        return gateways.get(index);
    }

    String other(String gatewayUrl) {
        return gatewayUrl.equals(gateways.get(0)) ? gateways.get(1) : gateways.get(0);
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

    private synchronized Map<String, Object> record(UUID subscription) {
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
        // probes go to the first gateway (both read one database); the stream alternates, a failure moves to the other
        String target = probing ? gateway : gateways.get(batches.get() % 2);
        SuiteClient.Answer answer = http.post(target + "/usage", meterToken, body);
        while (answer.retryable()) {
            retries.incrementAndGet();
            Thread.sleep(200);
            target = other(target);
            answer = http.post(target + "/usage", meterToken, body);
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
                acceptedRecords.add(r);
                viaHttp.incrementAndGet();
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
                int sent = batches.incrementAndGet();
                if (sent % 25 == 0 && !wallets.isEmpty()) {
                    // a card top-up now and then, to either gateway; every third one is delivered twice
                    Payment payment = pay(gateways.get(sent / 25 % 2));
                    if (sent % 75 == 0) {
                        redeliver(payment, other(gateways.get(sent / 25 % 2)));
                    }
                }
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
     * Publishes usage to {@code billing.usage-intake} until {@link #stop()}: every half second a few
     * valid records, now and then a copy of a record accepted before (on either path, a duplicate
     * that must not count twice), and now and then a malformed one that must end in the {@code .dlq}.
     */
    void runIntake(int recordsPerRound) {
        int round = 0;
        try {
            while (running) {
                long started = System.currentTimeMillis();
                intakeBurst(recordsPerRound);
                round++;
                if (round % 7 == 0) {
                    Map<String, Object> copy;
                    synchronized (acceptedRecords) {
                        copy = acceptedRecords.isEmpty() ? null : acceptedRecords.get(random.nextInt(acceptedRecords.size()));
                    }
                    if (copy != null) {
                        publishUntilAcked((String) copy.get("subscriptionId"), SuiteClient.write(copy).getBytes(StandardCharsets.UTF_8));
                        intakeDuplicates.incrementAndGet();
                    }
                }
                if (round % 11 == 0) {
                    publishMalformed(round / 11);
                }
                long rest = 500 - (System.currentTimeMillis() - started);
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code count} new, valid usage records on the intake topic, each counted as accepted once the broker has it. */
    void intakeBurst(int count) throws InterruptedException {
        List<UUID> subs = subscriptions();
        for (int i = 0; i < count; i++) {
            Map<String, Object> r = record(subs.get(random.nextInt(subs.size())));
            publishUntilAcked((String) r.get("subscriptionId"), SuiteClient.write(r).getBytes(StandardCharsets.UTF_8));
            inputs.accept(new SentUsage(UUID.fromString((String) r.get("subscriptionId")), (String) r.get("id"),
                    (String) r.get("meterId"), new BigDecimal((String) r.get("quantity"))));
            acceptedRecords.add(r);
            viaIntake.incrementAndGet();
        }
    }

    /** Sends until the broker acknowledges (a broker restart may fail a send); the same record again is a duplicate at worst. */
    private InvariantChecker.Source publishUntilAcked(String key, byte[] value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                return topics.publishIntake(key, value);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker never acknowledged an intake record", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** One malformed intake record of six kinds in turn; where it landed goes to the poison the checker looks for in the .dlq. */
    private void publishMalformed(int n) throws InterruptedException {
        UUID subscription = subscriptions().get(random.nextInt(subscriptions().size()));
        Map<String, Object> valid = record(subscription);
        String key = subscription.toString();
        byte[] value;
        switch (n % 6) {
            case 0 -> value = ("not json " + n).getBytes(StandardCharsets.UTF_8);
            case 1 -> value = null;
            case 2 -> {
                key = UUID.randomUUID().toString(); // the key does not match the record's subscription
                value = SuiteClient.write(valid).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> value = ("[" + SuiteClient.write(valid) + "]").getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                valid.remove("meterId");
                value = SuiteClient.write(valid).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                valid.put("quantity", "-1");
                value = SuiteClient.write(valid).getBytes(StandardCharsets.UTF_8);
            }
        }
        inputs.injectedPoison.add(publishUntilAcked(key, value));
        intakeMalformed.incrementAndGet();
    }

    // ---- F4: operator corrections during the faults ---------------------------------------------------------

    /**
     * Corrects balances as an operator would until {@link #stop()}, one correction every {@code everyMillis}: in
     * turn a usage void, a positive adjustment (every third a large one), a void and a negative adjustment, on usage
     * subscriptions drawn from the seed. Each is sent until a ledger answers it (alternating instances; idempotent by
     * reference or usage id, so a retry after a fault is safe); every fifth answered one is sent once more and must
     * change nothing; a voided record goes to the intake again and must stay voided (T5).
     */
    void runCorrections(long everyMillis) {
        Random draw = new Random(seed ^ 0xF4L);
        int round = 0;
        try {
            while (running) {
                long started = System.currentTimeMillis();
                List<UUID> subs = subscriptions();
                UUID subscription = subs.get(draw.nextInt(subs.size()));
                switch (round % 4) {
                    case 0, 2 -> voidEarlierUsage(draw);
                    // every third credit is large: enough to pay a suspended subscription's overage and reactivate it (S2),
                    // re-arming its alert (A3), which the usage then crosses again
                    case 1 -> adjust(subscription, new BigDecimal(((round / 4) % 3 == 2 ? 100 + draw.nextInt(150) : 2 + draw.nextInt(14))
                            + "." + (10 + draw.nextInt(90))), round);
                    default -> adjust(subscription, new BigDecimal("-" + (1 + draw.nextInt(6)) + "." + (10 + draw.nextInt(90))), round);
                }
                round++;
                long rest = everyMillis - (System.currentTimeMillis() - started);
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void adjust(UUID subscription, BigDecimal amount, int round) throws InterruptedException {
        String reference = "adj-" + Long.toHexString(seed) + "-" + round;
        Map<String, Object> body = Map.of("amount", amount.toPlainString(), "currency", "USD", "reference", reference,
                "reason", amount.signum() > 0 ? "fault run: goodwill credit" : "fault run: usage billed twice by a meter");
        String path = "/subscriptions/" + subscription + "/adjustments";
        // known before it is sent: a crash may apply it without an answer
        inputs.adjustments.put(reference, new InvariantChecker.Correction(subscription, reference, amount, "unanswered"));
        String outcome = correct(path, body, round, java.util.Set.of("F4-not-enough-credit"), Duration.ZERO);
        inputs.adjustments.put(reference, new InvariantChecker.Correction(subscription, reference, amount, outcome));
        adjustments.incrementAndGet();
    }

    /** Voids an eligible usage record accepted a few seconds ago or earlier (so likely applied), not voided before. */
    private void voidEarlierUsage(Random draw) throws InterruptedException {
        Map<String, Object> record = null;
        synchronized (acceptedRecords) {
            int old = acceptedRecords.size() - 400;
            for (int attempt = 0; attempt < 20 && old > 0 && record == null; attempt++) {
                Map<String, Object> candidate = acceptedRecords.get(draw.nextInt(old));
                Meter meter = inputs.meters.get((String) candidate.get("meterId"));
                BigDecimal amount = InvariantChecker.rate(new BigDecimal((String) candidate.get("quantity")), meter.unitPrice());
                if (meter.eligible() && amount.signum() > 0 && !voided.contains((String) candidate.get("id"))) {
                    record = candidate;
                }
            }
        }
        if (record == null) {
            return;
        }
        String usageId = (String) record.get("id");
        voided.add(usageId);
        UUID subscription = UUID.fromString((String) record.get("subscriptionId"));
        inputs.voids.put(usageId, new InvariantChecker.Correction(subscription, usageId, null, "unanswered"));
        // a 404 means the ledger has not applied the usage yet (a paused instance, a lagging partition): asked again
        String outcome = correct("/subscriptions/" + subscription + "/usage/" + usageId + "/void",
                Map.of("reason", "fault run: the meter counted a test cluster"), voids.get(), java.util.Set.of("F4-nothing-to-give-back"),
                Duration.ofSeconds(90));
        inputs.voids.put(usageId, new InvariantChecker.Correction(subscription, usageId, null, outcome));
        voids.incrementAndGet();
        if (outcome.equals(InvariantChecker.Correction.APPLIED)) {
            publishUntilAcked(subscription.toString(), SuiteClient.write(record).getBytes(StandardCharsets.UTF_8));
            intakeDuplicates.incrementAndGet();
        }
    }

    /**
     * Posts one correction until a ledger answers it and returns the outcome: {@code applied} (201), a refusal slug the
     * rules allow ({@code allowed}), or {@code not-found} after {@code awaitFound} of 404s. Anything else is a problem.
     */
    private String correct(String path, Map<String, Object> body, long n, java.util.Set<String> allowed, Duration awaitFound)
            throws InterruptedException {
        String target = ledgers.get((int) (n % 2));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long foundBy = System.nanoTime() + awaitFound.toNanos();
        SuiteClient.Answer answer = http.post(target + path, operator, body);
        while ((answer.retryable() && System.nanoTime() < deadline) || (answer.status() == 404 && System.nanoTime() < foundBy)) {
            correctionRetries.incrementAndGet();
            Thread.sleep(answer.status() == 404 ? 1000 : 200);
            target = other(target, ledgers);
            answer = http.post(target + path, operator, body);
        }
        if (answer.status() == 201) {
            if (n % 5 == 0) {
                // the operator did not see the answer and sends it again: the first result, nothing applied twice
                correctionRepeats.incrementAndGet();
                String again = other(target, ledgers);
                SuiteClient.Answer repeat = http.retrying(Duration.ofMinutes(2), () -> http.post(again + path, operator, body));
                if (repeat.status() != 201) {
                    inputs.correctionProblems.add("a repeat of " + path + " " + body + " got " + repeat);
                }
            }
            return InvariantChecker.Correction.APPLIED;
        }
        if (answer.status() == 404 && !awaitFound.isZero()) {
            return InvariantChecker.Correction.NOT_FOUND;
        }
        for (String slug : allowed) {
            if (answer.status() == 422 && answer.body() != null && answer.body().path("type").asText().endsWith(slug)) {
                return slug;
            }
        }
        inputs.correctionProblems.add(path + " " + body + " answered " + answer);
        return "refused: HTTP " + answer.status();
    }

    private static String other(String url, List<String> pair) {
        return url.equals(pair.get(0)) ? pair.get(1) : pair.get(0);
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
        String target = gateways.get(faultRandom.nextInt(2));
        SuiteClient.Answer answer = http.retrying(Duration.ofSeconds(120), () -> http.post(target + "/usage", meterToken, Map.of("records", batch)));
        return ((com.fasterxml.jackson.databind.node.ObjectNode) answer.expectOk("re-sending a batch").body()).put("size", batch.size());
    }
}
