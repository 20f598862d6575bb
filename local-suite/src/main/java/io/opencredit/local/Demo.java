package io.opencredit.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.PaymentSignature;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code ./opencredit demo}: the whole story against a running suite, narrated — keys, activation,
 * FIFO across two tokens, the 30% and subscription alerts, expiry warning and expiry through the
 * suite clock, suspension at zero, and reactivation by a card top-up — with the emails that arrive.
 */
public final class Demo {

    private final SuitePorts ports;
    private final String activationApi;
    private final String ledgerApi;
    private final String gatewayApi;
    private final String alertingApi;
    private final Http http = new Http();
    private final String operator;
    private final String customer;
    private final String meter;
    private final String email;
    private int step;

    private Demo(SuitePorts ports, LocalTokens tokens, String email) {
        this.ports = ports;
        this.activationApi = ports.apiUrl(Service.ACTIVATION.module);
        this.ledgerApi = ports.apiUrl(Service.LEDGER.module);
        this.gatewayApi = ports.apiUrl(Service.BILLING_GATEWAY.module);
        this.alertingApi = ports.apiUrl(Service.ALERTING.module);
        this.email = email;
        this.operator = tokens.mint("operator", "operator@opencredit.local", Duration.ofHours(1));
        this.customer = tokens.mint("customer", email, Duration.ofHours(1));
        this.meter = tokens.mint("meter", "meter@opencredit.local", Duration.ofHours(1));
    }

    static int run(Path root, List<String> args) {
        try {
            String email = OpenCredit.option(args, "--email", "alice-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com");
            new Demo(SuitePorts.standard(), new LocalTokens(root), email).story(!args.contains("--short"));
            return 0;
        } catch (Exception e) {
            System.out.println();
            System.out.println("The story stopped: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Runs the story against the suite listening on {@code ports} (the short one skips the clock
     * jumps); throws with the reason if a step fails.
     */
    public static void runStory(SuitePorts ports, Path root, String email, boolean full) throws Exception {
        new Demo(ports, new LocalTokens(root), email).story(full);
    }

    private void story(boolean full) throws Exception {
        say("A reseller's distributor issues two OSA keys of 1 unit each (USD: 100 credit per unit)");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Object> keyRequest = Map.of("units", 1, "currency", "USD", "purchasedOn", today, "resellerId", "reseller-demo");
        String first = http.post(activationApi + "/keys", operator, keyRequest).expectOk("issuing a key").body().path("code").asText();
        String second = http.post(activationApi + "/keys", operator, keyRequest).expectOk("issuing a key").body().path("code").asText();
        detail("keys " + first + " and " + second);

        say("The customer " + email + " activates the first key into a new subscription");
        Map<String, Object> account = Map.of("email", email, "createdOn", "2020-01-15");
        Map<String, Object> newSubscription = Map.of("name", "Contoso Demo", "country", "NO", "cloud", "public", "account", account);
        JsonNode activation = http.post(activationApi + "/activations", customer, Map.of("keyCode", first, "newSubscription", newSubscription))
                .expectOk("activation").body();
        String subscription = activation.path("subscriptionId").asText();
        detail("subscription " + subscription + ", token " + activation.path("tokenId").asText() + " of "
                + activation.path("amount").asText() + " " + activation.path("currency").asText() + ", expires " + activation.path("expiresAt").asText());

        say("...and adds the second key to the same subscription");
        http.post(activationApi + "/activations", customer, Map.of("keyCode", second, "subscriptionId", subscription)).expectOk("second activation");
        JsonNode balance = awaitBalance(subscription, b -> b.path("tokens").size() == 2, "two tokens");
        printBalance(balance);

        say("The customer asks to be told when the total falls to 120.00 USD");
        http.put(ledgerApi + "/subscriptions/" + subscription + "/alerts/1", customer,
                Map.of("threshold", "120.00", "recipients", List.of(email))).expectOk("configuring an alert");

        JsonNode meterInfo = eligibleMeter();
        BigDecimal price = new BigDecimal(meterInfo.path("prices").path("USD").asText());
        say("Usage worth 75.00 USD of " + meterInfo.path("meterId").asText() + " (" + price + " USD per " + meterInfo.path("unit").asText() + ")");
        meterUsage(subscription, meterInfo, new BigDecimal("75"), price);
        balance = awaitBalance(subscription, b -> decimal(b, "remaining").compareTo(new BigDecimal("125.5")) < 0, "usage applied");
        printBalance(balance);
        detail("the first token is at 25% of its value: a TokenBalanceLow email is due");

        say("Usage worth 30.00 USD more: FIFO finishes the first token and moves to the second");
        meterUsage(subscription, meterInfo, new BigDecimal("30"), price);
        balance = awaitBalance(subscription, b -> decimal(b, "remaining").compareTo(new BigDecimal("96")) < 0, "usage applied");
        printBalance(balance);
        detail("the total fell below 120.00: the subscription alert fires");
        showMail(subscription, 2);

        if (full) {
            say("The suite clock moves 336 days ahead: 30 days before the tokens expire");
            advance("P336D");
            showMail(subscription, 3);

            say("...and 31 days more: the tokens expire, what they held is forfeited, the subscription is suspended at zero");
            advance("P31D");
            balance = awaitBalance(subscription, b -> "SUSPENDED".equals(b.path("status").asText()), "suspension");
            printBalance(balance);
        } else {
            say("Usage worth 200.00 USD more than is left: overage, and the subscription is suspended");
            meterUsage(subscription, meterInfo, new BigDecimal("200"), price);
            balance = awaitBalance(subscription, b -> "SUSPENDED".equals(b.path("status").asText()), "suspension");
            printBalance(balance);
        }

        say("The customer tops up 150.00 USD by card: overage first, then the subscription is reactivated");
        topUp(subscription, "150.00");
        balance = awaitBalance(subscription, b -> "ACTIVE".equals(b.path("status").asText()), "reactivation");
        printBalance(balance);
        showMail(subscription, 1);
        say("The end. Every email is also kept under .opencredit/mail.");
    }

    private JsonNode eligibleMeter() {
        JsonNode prices = http.get(gatewayApi + "/prices", customer).expectOk("reading prices").body();
        for (JsonNode meterInfo : prices) {
            if (meterInfo.path("eligible").asBoolean(false) && meterInfo.path("prices").has("USD")) {
                return meterInfo;
            }
        }
        throw new IllegalStateException("no eligible meter in the price catalogue");
    }

    private void meterUsage(String subscription, JsonNode meterInfo, BigDecimal amount, BigDecimal price) {
        BigDecimal quantity = amount.divide(price, 6, RoundingMode.HALF_EVEN);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", "demo-" + UUID.randomUUID());
        record.put("subscriptionId", subscription);
        record.put("meterId", meterInfo.path("meterId").asText());
        record.put("quantity", quantity.toPlainString());
        record.put("usageTime", clock());
        JsonNode answer = http.post(gatewayApi + "/usage", meter, Map.of("records", List.of(record))).expectOk("metering usage").body();
        if (answer.path("accepted").asInt() != 1) {
            throw new IllegalStateException("usage not accepted: " + answer);
        }
    }

    private void topUp(String subscription, String amount) throws Exception {
        String body = Http.write(Map.of("paymentReference", "pay-" + UUID.randomUUID(), "subscriptionId", subscription,
                "amount", amount, "currency", "USD", "paidAt", clock()));
        long t = Instant.now().getEpochSecond();
        String signature = PaymentSignature.header(LocalSuite.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), t, body.getBytes(StandardCharsets.UTF_8));
        http.postRaw(gatewayApi + "/payments/confirmations", body, Map.of(PaymentSignature.HEADER, signature))
                .expectOk("card top-up");
    }

    private void advance(String duration) throws InterruptedException {
        JsonNode clock = http.post(ledgerApi + "/ops/clock/advance", operator, Map.of("duration", duration)).expectOk("advancing the clock").body();
        String offset = clock.path("offset").asText();
        detail("suite clock now " + clock.path("now").asText() + " (offset " + offset + "); waiting until every service agrees");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Service service : Service.all()) {
            while (!offset.equals(http.get(ports.apiUrl(service.module) + "/ops/clock", null).body().path("offset").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.module + " did not follow the clock");
                }
                Thread.sleep(200);
            }
        }
        Thread.sleep(6000); // the ledger's scheduler fires due events within a few seconds
    }

    private String clock() {
        return http.get(ledgerApi + "/ops/clock", null).body().path("now").asText(Instant.now().toString());
    }

    private JsonNode awaitBalance(String subscription, Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Http.Answer answer = null;
        while (System.nanoTime() < deadline) {
            answer = http.get(ledgerApi + "/subscriptions/" + subscription + "/balance", customer);
            if (answer.ok() && until.test(answer.body())) {
                return answer.body();
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("waited in vain for " + what + "; last balance: " + (answer == null ? "none" : answer.body()));
    }

    private void showMail(String subscription, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode notifications = null;
        while (System.nanoTime() < deadline) {
            // the first page, oldest first (issue 22: {items, next}); a demo subscription has far fewer than 100 emails
            notifications = http.get(alertingApi + "/subscriptions/" + subscription + "/notifications", customer).body().path("items");
            long sent = 0;
            for (JsonNode n : notifications) {
                sent += "SENT".equals(n.path("status").asText()) ? 1 : 0;
            }
            if (sent >= atLeast) {
                break;
            }
            Thread.sleep(500);
        }
        detail("emails so far:");
        if (notifications != null) {
            for (JsonNode n : notifications) {
                detail("  [" + n.path("status").asText() + "] " + n.path("type").asText() + " to " + n.path("recipients")
                        + ": " + n.path("subject").asText());
            }
        }
    }

    private void printBalance(JsonNode balance) {
        detail("balance: " + balance.path("remaining").asText() + " " + balance.path("currency").asText() + ", overage "
                + balance.path("overage").asText() + ", status " + balance.path("status").asText());
        for (JsonNode token : balance.path("tokens")) {
            detail("  token " + token.path("tokenId").asText().substring(0, 8) + " " + token.path("remaining").asText() + " of "
                    + token.path("original").asText() + " (" + token.path("status").asText() + ", expires " + token.path("expiresAt").asText() + ")");
        }
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asText("0"));
    }

    private void say(String text) {
        System.out.println();
        System.out.println(++step + ". " + text);
    }

    private static void detail(String text) {
        System.out.println("     " + text);
    }
}
