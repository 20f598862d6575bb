package io.opencredit.system.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.PaymentSignature;
import io.opencredit.local.LocalSuite;
import io.opencredit.system.security.Api.Reply;
import io.opencredit.system.security.Api.Service;
import io.opencredit.testkit.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The callers and the data of the matrix, created through the public API only: tenant A (a customer
 * and the reseller she made co-administrator), tenant B (a reseller who created a subscription for
 * its customer, S6), the operator and a meter. Every subscription is visible to its administrators
 * in every service before the matrix runs (the read models are fed by events).
 */
final class Tenants {

    /** The callers of the matrix, in the order of its columns. */
    enum Who {
        OPERATOR("operator"),
        CUSTOMER("customer"),
        RESELLER("reseller"),
        METER("meter"),
        ANONYMOUS("anonymous"),
        OTHER_CUSTOMER("other customer"),
        OTHER_RESELLER("other reseller");

        final String label;

        Who(String label) {
            this.label = label;
        }
    }

    static final String WEBHOOK_SECRET = LocalSuite.WEBHOOK_SECRET;
    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    final Api api;
    final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final AtomicInteger sequence = new AtomicInteger();

    final String customerEmail = "ann-" + run + "@tenant-a.example";
    final String resellerEmail = "rita-" + run + "@reseller-a.example";
    final String otherCustomerEmail = "bob-" + run + "@tenant-b.example";
    final String otherResellerEmail = "rob-" + run + "@reseller-b.example";

    final String operator = TestTokens.operator();
    final String meter = TestTokens.meter();
    final String customer = TestTokens.customer(customerEmail);
    final String reseller = TestTokens.reseller(resellerEmail);
    final String otherCustomer = TestTokens.customer(otherCustomerEmail);
    final String otherReseller = TestTokens.reseller(otherResellerEmail);

    /** Tenant A's subscription (USD, NO); the reseller is its co-administrator. */
    String subscription;
    /** Tenant A's second subscription, for the Enterprise Agreement link (it forfeits credit). */
    String eaSubscription;
    /** Tenant B's subscription, created by its reseller for its customer. */
    String otherSubscription;
    /** A key the customer activated into {@link #subscription}. */
    String activatedKey;
    /** A key issued and never activated. */
    String issuedKey;
    /** An eligible meter of the price catalogue. */
    String meterId;

    Tenants(Api api) {
        this.api = api;
    }

    String token(Who who) {
        return switch (who) {
            case OPERATOR -> operator;
            case CUSTOMER -> customer;
            case RESELLER -> reseller;
            case METER -> meter;
            case ANONYMOUS -> null;
            case OTHER_CUSTOMER -> otherCustomer;
            case OTHER_RESELLER -> otherReseller;
        };
    }

    String email(Who who) {
        return switch (who) {
            case OPERATOR -> TestTokens.OPERATOR_EMAIL;
            case CUSTOMER -> customerEmail;
            case RESELLER -> resellerEmail;
            case METER -> TestTokens.METER_EMAIL;
            case ANONYMOUS -> "anonymous-" + run + "@nowhere.example";
            case OTHER_CUSTOMER -> otherCustomerEmail;
            case OTHER_RESELLER -> otherResellerEmail;
        };
    }

    /** Creates both tenants and waits until every service knows who administers what. */
    Tenants create() throws InterruptedException {
        issuedKey = issueKey(1);
        activatedKey = issueKey(1);
        subscription = api.post(Service.ACTIVATION, "/activations", customer,
                        Map.of("keyCode", activatedKey, "newSubscription", newSubscription("Tenant A", customerEmail)))
                .expect(201, "tenant A: the customer activates a key into a new subscription").json().path("subscriptionId").asText();
        api.post(Service.ACTIVATION, "/subscriptions/" + subscription + "/co-administrators", customer, Map.of("email", resellerEmail))
                .expect(201, "tenant A: the customer makes her reseller co-administrator");
        eaSubscription = api.post(Service.ACTIVATION, "/activations", customer,
                        Map.of("keyCode", issueKey(1), "newSubscription", newSubscription("Tenant A (EA)", customerEmail)))
                .expect(201, "tenant A: a second subscription").json().path("subscriptionId").asText();
        api.post(Service.ACTIVATION, "/subscriptions/" + eaSubscription + "/co-administrators", customer, Map.of("email", resellerEmail))
                .expect(201, "tenant A: the reseller administers the second subscription too");
        otherSubscription = api.post(Service.ACTIVATION, "/activations", otherReseller,
                        Map.of("keyCode", issueKey(1), "newSubscription", newSubscription("Tenant B", otherCustomerEmail)))
                .expect(201, "tenant B: the reseller creates a subscription for its customer").json().path("subscriptionId").asText();
        meterId = eligibleMeter();
        for (String token : List.of(customer, reseller)) {
            awaitVisible(Service.LEDGER, "/subscriptions/" + subscription + "/balance", token);
            awaitVisible(Service.ALERTING, "/subscriptions/" + subscription + "/notifications", token);
            awaitVisible(() -> api.post(Service.BILLING, "/estimates", token, estimate(subscription)), "billing estimates for " + subscription);
        }
        for (String token : List.of(otherCustomer, otherReseller)) {
            awaitVisible(Service.ACTIVATION, "/subscriptions/" + otherSubscription, token);
            awaitVisible(Service.LEDGER, "/subscriptions/" + otherSubscription + "/balance", token);
            awaitVisible(Service.ALERTING, "/subscriptions/" + otherSubscription + "/notifications", token);
            awaitVisible(() -> api.post(Service.BILLING, "/estimates", token, estimate(otherSubscription)),
                    "billing estimates for " + otherSubscription);
        }
        return this;
    }

    String issueKey(int units) {
        return api.post(Service.ACTIVATION, "/keys", operator, keyRequest(units))
                .expect(201, "the operator issues a key").json().path("code").asText();
    }

    static Map<String, Object> keyRequest(int units) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("units", units);
        request.put("currency", "USD");
        request.put("purchasedOn", LocalDate.now(ZoneOffset.UTC).toString());
        request.put("resellerId", "reseller-security");
        return request;
    }

    static Map<String, Object> newSubscription(String name, String accountEmail) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("email", accountEmail);
        account.put("createdOn", "2020-01-15");
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("name", name);
        subscription.put("country", "NO");
        subscription.put("cloud", "public");
        subscription.put("account", account);
        return subscription;
    }

    Map<String, Object> estimate(String subscriptionId) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (subscriptionId != null) {
            request.put("subscriptionId", subscriptionId);
        }
        request.put("currency", "USD");
        request.put("lines", List.of(Map.of("meterId", meterId, "quantityPerDay", "1")));
        return request;
    }

    /** One usage record of quantity 0 (it changes no balance), timed on the suite clock. */
    Map<String, Object> usageRecord(String subscriptionId) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", unique("usage"));
        record.put("subscriptionId", subscriptionId);
        record.put("meterId", meterId);
        record.put("quantity", "0");
        record.put("usageTime", suiteNow().toString());
        return record;
    }

    Map<String, Object> payment(String subscriptionId, String amount) {
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("paymentReference", unique("pay"));
        payment.put("subscriptionId", subscriptionId);
        payment.put("amount", amount);
        payment.put("currency", "USD");
        payment.put("paidAt", suiteNow().toString());
        return payment;
    }

    /** The header value of SPEC S5 for this raw body, signed now with {@code secret}. */
    static String signature(String secret, long t, byte[] body) {
        return PaymentSignature.header(secret.getBytes(StandardCharsets.UTF_8), t, body);
    }

    static String signature(byte[] body) {
        return signature(WEBHOOK_SECRET, Instant.now().getEpochSecond(), body);
    }

    Instant suiteNow() {
        JsonNode clock = api.get(Service.LEDGER, "/ops/clock", null).expect(200, "the suite clock").json();
        return Instant.parse(clock.path("now").asText());
    }

    String unique(String prefix) {
        return prefix + "-" + run + "-" + sequence.incrementAndGet();
    }

    String newEmail(String prefix) {
        return unique(prefix) + "@co-admins.example";
    }

    private String eligibleMeter() {
        for (JsonNode meterInfo : api.get(Service.BILLING, "/prices", customer).expect(200, "the price catalogue").json()) {
            if (meterInfo.path("eligible").asBoolean(false) && meterInfo.path("prices").has("USD")) {
                return meterInfo.path("meterId").asText();
            }
        }
        throw new IllegalStateException("no eligible meter in the price catalogue");
    }

    private void awaitVisible(Service service, String path, String token) throws InterruptedException {
        awaitVisible(() -> api.get(service, path, token), service.module + " " + path);
    }

    /** Waits (bounded) until an administrator's read answers 200: the services learn about subscriptions from events. */
    private static void awaitVisible(Supplier<Reply> read, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        Reply last = read.get();
        while (last.status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the administrator never saw " + what + " (events not propagated?); last answer " + last);
            }
            Thread.sleep(250);
            last = read.get();
        }
    }
}
