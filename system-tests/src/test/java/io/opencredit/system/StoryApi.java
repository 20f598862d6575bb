package io.opencredit.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.client.activation.api.ActivationsApi;
import io.opencredit.client.activation.api.KeysApi;
import io.opencredit.client.activation.api.SubscriptionsApi;
import io.opencredit.client.activation.model.ActivationRequest;
import io.opencredit.client.activation.model.CoAdministratorRequest;
import io.opencredit.client.activation.model.EnterpriseAgreementLinkRequest;
import io.opencredit.client.activation.model.IssueKeyRequest;
import io.opencredit.client.alerting.api.NotificationsApi;
import io.opencredit.client.alerting.api.WebhooksApi;
import io.opencredit.client.alerting.model.Registration;
import io.opencredit.client.billing.api.EstimatesApi;
import io.opencredit.client.billing.api.PricesApi;
import io.opencredit.client.billing.api.UsageApi;
import io.opencredit.client.billing.model.EstimateRequest;
import io.opencredit.client.billing.model.PaymentAnswer;
import io.opencredit.client.billing.model.UsageBatch;
import io.opencredit.client.ledger.api.LedgerApi;
import io.opencredit.client.ledger.model.AlertRequest;
import io.opencredit.client.ledger.model.BalanceView;
import io.opencredit.client.ledger.model.ClockAdvanceRequest;
import io.opencredit.client.ledger.model.DryRunView;
import io.opencredit.client.ledger.model.SettingsRequest;
import io.opencredit.events.PaymentSignature;
import io.opencredit.local.JsonHttp;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.MailCapture;
import io.opencredit.testkit.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The public API of the running local suite as the stories use it: the four services through the
 * Java client generated from the committed OpenAPI documents (clients/java, docs/openapi), with
 * test-kit's tokens, the signed payment webhook, the suite clock, and the mail that arrived at the
 * suite's SMTP server. The client reads every answer strictly (an undocumented field fails), so a
 * document that disagrees with the code fails the stories. Every wait has a deadline; nothing is
 * proven by sleeping. The plain HTTP methods stay for the tests that probe the transport itself.
 */
final class StoryApi {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String WEBHOOK_SECRET = LocalSuite.WEBHOOK_SECRET;
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final LocalSuite suite;
    /** The services' API roots ({@code http://localhost:<port>/api/v1}) on the suite's ports. */
    final String gateway;
    final String activation;
    final String ledger;
    final String alerting;
    final List<String> services;

    StoryApi(LocalSuite suite) {
        this.suite = suite;
        this.gateway = suite.apiUrl("billing-gateway");
        this.activation = suite.apiUrl("activation-service");
        this.ledger = suite.apiUrl("ledger-service");
        this.alerting = suite.apiUrl("alerting-service");
        this.services = List.of(gateway, activation, ledger, alerting);
        this.clients = new GeneratedClients(activation, gateway, ledger, alerting);
    }

    // ---- the generated client -----------------------------------------------------------------

    private final GeneratedClients clients;

    /** The answer of one generated-client call as a {@link Reply}: its status and its typed body, shown as JSON. */
    private static Reply call(GeneratedClients.Call call) {
        return GeneratedClients.reply(call);
    }

    /** The headers of a call as {@code token}: its bearer, or none. */
    private static Map<String, String> as(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    static <T> T model(Object request, Class<T> type) {
        return GeneratedClients.STRICT.convertValue(request, type);
    }

    // ---- plain HTTP ---------------------------------------------------------------------------

    /** One answer: status, raw body, and the body as JSON (an empty object when there is none or it is not JSON). */
    record Reply(int status, String body, JsonNode json) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Reply expect(int expected, String what) {
            if (status != expected) {
                throw new AssertionError(what + ": expected HTTP " + expected + ", got " + this);
            }
            return this;
        }

        /** The problem type's slug (the part after {@code /problems/}), or "" when the body is no problem. */
        String problem() {
            String type = json.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + (body == null ? "" : body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    Reply get(String url, String token) {
        return send("GET", url, token, null, Map.of());
    }

    Reply post(String url, String token, Object body) {
        return send("POST", url, token, body, Map.of());
    }

    Reply put(String url, String token, Object body) {
        return send("PUT", url, token, body, Map.of());
    }

    Reply send(String method, String url, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = JsonHttp.request(method, url, body, token, headers, Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String json(Object body) {
        return JsonHttp.json(body);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    // ---- callers ------------------------------------------------------------------------------

    /** A fresh, unique, lower-case email address for one story. */
    static String email(String who) {
        return (who + "-" + RUN + "-" + SEQUENCE.incrementAndGet() + "@example.com").toLowerCase(Locale.ROOT);
    }

    static String customer(String email) {
        return TestTokens.customer(email);
    }

    static String reseller(String email) {
        return TestTokens.reseller(email);
    }

    static String operator() {
        return TestTokens.operator();
    }

    static String meter() {
        return TestTokens.meter();
    }

    // ---- waiting ------------------------------------------------------------------------------

    /** Asks {@code probe} until {@code done} holds; fails with the last value after the deadline. */
    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return await(what, DEADLINE, probe, done);
    }

    static <T> T await(String what, Duration within, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = null;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within.toSeconds() + " s in vain for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    // ---- the suite clock (C2) ----------------------------------------------------------------

    /** The suite clock as the ledger sees it. */
    Instant now() {
        return Instant.parse(clock(ledger).expect(200, "reading the suite clock").json().path("now").asText());
    }

    static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The offset as a service reports it ({@code Duration} written as ISO text or as seconds). */
    static Duration offset(JsonNode clock) {
        JsonNode offset = clock.path("offset");
        if (offset.isTextual() && offset.asText().startsWith("P")) {
            return Duration.parse(offset.asText());
        }
        BigDecimal seconds = new BigDecimal(offset.asText());
        return Duration.ofSeconds(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    /** Advances the suite clock as operator and waits until every service reports the new offset. */
    Duration advance(Duration by) {
        JsonNode answer = advanceClock(operator(), Map.of("duration", by.toString()))
                .expect(200, "advancing the suite clock by " + by).json();
        Duration offset = offset(answer);
        for (String service : services) {
            await(service + " following the clock to offset " + offset, () -> clock(service),
                    reply -> reply.status() == 200 && offset(reply.json()).equals(offset));
        }
        return offset;
    }

    /** The suite clock as the service at {@code apiUrl} (one of {@link #services}) sees it; no token. */
    Reply clock(String apiUrl) {
        return call(clients.clock(apiUrl));
    }

    /** {@code POST /ops/clock/advance} on the ledger with {@code request} ({@code {duration}}). */
    Reply advanceClock(String token, Map<String, Object> request) {
        return call(() -> clients.ledgerOps().clockAdvanceResourceAdvanceWithHttpInfo(
                model(request, ClockAdvanceRequest.class), null, null, null, null, as(token)));
    }

    /** {@code POST /ops/clock/advance?dryRun=true&subscriptionId=} (F3): what the advance would do to one subscription. */
    Reply advanceClockDryRun(Map<String, Object> request, String subscriptionId) {
        return call(() -> clients.ledgerOps().clockAdvanceResourceAdvanceWithHttpInfo(model(request, ClockAdvanceRequest.class), true,
                UUID.fromString(subscriptionId), null, null, as(operator())));
    }

    /** Advances the suite clock until it reads {@code target} (plus the time the call takes). */
    void advanceTo(Instant target) {
        Duration by = Duration.between(now(), target);
        if (by.isNegative() || by.isZero()) {
            throw new AssertionError("the suite clock is already past " + target);
        }
        advance(by);
    }

    // ---- activation-service -------------------------------------------------------------------

    /** Issues a key as operator, purchased today on the suite clock; returns its code. */
    String issueKey(int units, String currency) {
        Map<String, Object> request = Map.of("units", units, "currency", currency,
                "purchasedOn", date(now()).toString(), "resellerId", "reseller-stories");
        return call(() -> new KeysApi(clients.activation()).keysResourceIssueWithHttpInfo(
                model(request, IssueKeyRequest.class), null, null, as(operator()))).expect(201, "issuing a key").json().path("code").asText();
    }

    static Map<String, Object> newSubscription(String accountEmail, String country) {
        return Map.of("name", "Story " + accountEmail, "country", country, "cloud", "public",
                "account", Map.of("email", accountEmail, "createdOn", "2020-01-15"));
    }

    /** A customer activates a fresh key into a new subscription of her own; returns the activation answer. */
    JsonNode newCustomerSubscription(String email, int units, String currency, String country) {
        String key = issueKey(units, currency);
        return activate(customer(email), Map.of("keyCode", key, "newSubscription", newSubscription(email, country)))
                .expect(201, "activating a key into a new subscription").json();
    }

    /** Activates a fresh key into an existing subscription; returns the activation answer. */
    JsonNode addKey(String token, String subscriptionId, int units, String currency) {
        String key = issueKey(units, currency);
        return activate(token, Map.of("keyCode", key, "subscriptionId", subscriptionId))
                .expect(201, "activating a key into " + subscriptionId).json();
    }

    /** {@code POST /activations} with {@code request} as the story writes it ({@code {keyCode, subscriptionId | newSubscription}}). */
    Reply activate(String token, Map<String, Object> request) {
        return call(() -> new ActivationsApi(clients.activation()).activationsResourceActivateWithHttpInfo(
                model(request, ActivationRequest.class), null, null, as(token)));
    }

    /** {@code GET /subscriptions/{id}} on the activation-service. */
    Reply subscription(String subscriptionId, String token) {
        return call(() -> new SubscriptionsApi(clients.activation()).subscriptionsResourceGetWithHttpInfo(subscriptionId, null, as(token)));
    }

    /** {@code POST /subscriptions/{id}/enterprise-agreement-link} with {@code {enrollmentNumber, acknowledgeCreditForfeit}}. */
    Reply linkToEnterpriseAgreement(String subscriptionId, String token, Map<String, Object> request) {
        return linkToEnterpriseAgreement(subscriptionId, token, request, null);
    }

    /** The EA link, as a dry run (F3) when {@code dryRun} is true. */
    Reply linkToEnterpriseAgreement(String subscriptionId, String token, Map<String, Object> request, Boolean dryRun) {
        return call(() -> new SubscriptionsApi(clients.activation()).subscriptionsResourceLinkWithHttpInfo(subscriptionId,
                model(request, EnterpriseAgreementLinkRequest.class), dryRun, null, null, as(token)));
    }

    void addCoAdministrator(String adminToken, String subscriptionId, String email) {
        Reply reply = call(() -> new SubscriptionsApi(clients.activation()).subscriptionsResourceAddCoAdministratorWithHttpInfo(
                subscriptionId, new CoAdministratorRequest().email(email), null, null, as(adminToken)));
        if (reply.status() != 201 && reply.status() != 200) {
            throw new AssertionError("adding co-administrator " + email + ": " + reply);
        }
    }

    // ---- billing-gateway ----------------------------------------------------------------------

    static Map<String, Object> usageRecord(String id, String subscriptionId, String meterId, String quantity, Instant at) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("subscriptionId", subscriptionId);
        record.put("meterId", meterId);
        record.put("quantity", quantity);
        record.put("usageTime", at.toString());
        return record;
    }

    /**
     * Posts usage records as the meter until the gateway knows the subscription (it learns it from
     * {@code activation.events}): an answer that rejects any record as an unknown subscription is
     * sent again (usage ids make that safe). Returns the final answer.
     */
    JsonNode usage(List<Map<String, Object>> records) {
        return await("the gateway knowing the subscription of " + records.get(0).get("subscriptionId"),
                () -> call(() -> new UsageApi(clients.billing()).usageResourcePostWithHttpInfo(
                        model(Map.of("records", records), UsageBatch.class), null, null, as(meter()))),
                reply -> reply.status() == 202 && !reply.json().path("rejected").toString().contains("not-found"))
                .json();
    }

    /** One usage record at the suite's now, which must be accepted. */
    String meterNow(String subscriptionId, String meterId, String quantity) {
        String id = "story-" + UUID.randomUUID();
        JsonNode answer = usage(List.of(usageRecord(id, subscriptionId, meterId, quantity, now())));
        if (answer.path("accepted").asInt() != 1) {
            throw new AssertionError("usage " + quantity + " of " + meterId + " not accepted: " + answer);
        }
        return id;
    }

    /** {@code GET /prices}: the price catalogue. */
    Reply prices(String token) {
        return call(() -> new PricesApi(clients.billing()).pricesResourcePricesWithHttpInfo(null, as(token)));
    }

    /** {@code GET /currencies}. */
    Reply currencies(String token) {
        return call(() -> new PricesApi(clients.billing()).pricesResourceCurrenciesWithHttpInfo(null, as(token)));
    }

    /** {@code POST /estimates} with {@code request} ({@code {subscriptionId?, currency, lines: [{meterId, quantityPerDay}]}}). */
    Reply estimate(String token, Map<String, Object> request) {
        return call(() -> new EstimatesApi(clients.billing()).estimatesResourceEstimateWithHttpInfo(
                model(request, EstimateRequest.class), null, as(token)));
    }

    /** The payment confirmation body, as the provider would send it. */
    static String payment(String reference, String subscriptionId, String amount, String currency, Instant paidAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paymentReference", reference);
        body.put("subscriptionId", subscriptionId);
        body.put("amount", amount);
        body.put("currency", currency);
        body.put("paidAt", paidAt.toString());
        return json(body);
    }

    /** The {@link PaymentSignature#HEADER} value for this body, signed at {@code t} (unix seconds) with {@code secret}. */
    static String signature(long t, String body, String secret) {
        return PaymentSignature.header(secret.getBytes(StandardCharsets.UTF_8), t, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a confirmation with the given signature header (none when null); no bearer token. The payment provider
     * signs the exact bytes it sends, which a generated client (it writes its own JSON) cannot; so the body goes as
     * plain HTTP and the answer is read against the document: a token ({@code PaymentAnswer}) or a problem.
     */
    Reply confirmPayment(String body, String signatureHeader) {
        Map<String, String> headers = signatureHeader == null ? Map.of() : Map.of(PaymentSignature.HEADER, signatureHeader);
        Reply reply = send("POST", gateway + "/payments/confirmations", null, body, headers);
        if (reply.ok()) {
            GeneratedClients.read(reply.body(), PaymentAnswer.class);
        }
        return reply;
    }

    /** Sends a correctly signed confirmation, again while the gateway does not know the subscription yet (404). */
    Reply topUp(String reference, String subscriptionId, String amount, String currency) {
        String body = payment(reference, subscriptionId, amount, currency, now());
        return await("the gateway knowing subscription " + subscriptionId,
                () -> confirmPayment(body, signature(Instant.now().getEpochSecond(), body, WEBHOOK_SECRET)),
                reply -> reply.status() != 404);
    }

    // ---- ledger-service -----------------------------------------------------------------------

    Reply balanceReply(String subscriptionId, String token) {
        return balanceAt(subscriptionId, token, null, null);
    }

    /** {@code GET balance?asOf=&knownAt=} (F2): the balance at {@code asOf} as the ledger knew it at {@code knownAt}; null: now. */
    Reply balanceAt(String subscriptionId, String token, Instant asOf, Instant knownAt) {
        return call(() -> new LedgerApi(clients.ledger()).subscriptionResourceBalanceWithHttpInfo(subscriptionId,
                asOf == null ? null : asOf.toString(), knownAt == null ? null : knownAt.toString(), null, as(token)));
    }

    /** {@code GET /subscriptions/{id}/forecast} (F1). */
    Reply forecast(String subscriptionId, String token) {
        return call(() -> new LedgerApi(clients.ledger()).forecastResourceForecastWithHttpInfo(subscriptionId, null, as(token)));
    }

    /** {@code PUT /subscriptions/{id}/forecast-alert} {@code {warningDays, burnWindowDays?}} (F1), a dry run (F3) when asked. */
    Reply putForecastAlert(String subscriptionId, String token, Map<String, Object> request, Boolean dryRun) {
        return call(() -> new LedgerApi(clients.ledger()).forecastResourceSettingsWithHttpInfo(subscriptionId,
                model(request, SettingsRequest.class), dryRun, null, as(token)));
    }

    /** {@code POST /subscriptions/{id}/adjustments} {@code {amount, currency, reason, reference}} as operator (F4), or its dry run. */
    Reply adjust(String subscriptionId, String token, Map<String, Object> request, boolean dryRun) {
        return correction(ledger + "/subscriptions/" + subscriptionId + "/adjustments", token, request, dryRun);
    }

    /** {@code POST /subscriptions/{id}/usage/{usageId}/void} {@code {reason}} as operator (F4), or its dry run. */
    Reply voidUsage(String subscriptionId, String usageId, String token, String reason, boolean dryRun) {
        return correction(ledger + "/subscriptions/" + subscriptionId + "/usage/" + usageId + "/void", token, Map.of("reason", reason), dryRun);
    }

    /**
     * A correction as plain HTTP, its answer read strictly as the document types it: 201 a {@code BalanceView}, 200 (a dry run)
     * a {@code DryRunView}. The generated method types every 2xx by the 200 (OpenAPI Generator takes the lowest success
     * status), so it cannot read the 201; clients/java/README.md says so.
     */
    private Reply correction(String url, String token, Map<String, Object> request, boolean dryRun) {
        Reply reply = post(url + (dryRun ? "?dryRun=true" : ""), token, request);
        if (reply.status() == 201) {
            GeneratedClients.read(reply.body(), BalanceView.class);
        } else if (reply.status() == 200) {
            GeneratedClients.read(reply.body(), DryRunView.class);
        }
        return reply;
    }

    /** Polls the ledger's balance (as {@code token}) until {@code done} holds. */
    JsonNode awaitBalance(String subscriptionId, String token, String what, Predicate<JsonNode> done) {
        return await(what + " on the ledger balance of " + subscriptionId, () -> balanceReply(subscriptionId, token),
                reply -> reply.status() == 200 && done.test(reply.json())).json();
    }

    /** The whole statement: every page, following {@code next}. */
    List<JsonNode> statement(String subscriptionId, String token) {
        List<JsonNode> list = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = statementPage(subscriptionId, token, after).expect(200, "reading the statement").json();
            page.path("entries").forEach(list::add);
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return list;
    }

    /** One {@code GET .../statement} page: the default 500 entries after the cursor {@code after} (null: the first). */
    Reply statementPage(String subscriptionId, String token, String after) {
        return call(() -> new LedgerApi(clients.ledger()).subscriptionResourceStatementWithHttpInfo(subscriptionId, after, null, null, null,
                null, as(token)));
    }

    /** {@code PUT /subscriptions/{id}/alerts/{n}} with {@code {threshold, recipients}}. */
    Reply putAlert(String subscriptionId, int n, String token, Map<String, Object> request) {
        return putAlert(subscriptionId, n, token, request, null);
    }

    /** The alert change, as a dry run (F3) when {@code dryRun} is true. */
    Reply putAlert(String subscriptionId, int n, String token, Map<String, Object> request, Boolean dryRun) {
        return call(() -> new LedgerApi(clients.ledger()).subscriptionResourcePutAlertWithHttpInfo(n, subscriptionId,
                model(request, AlertRequest.class), dryRun, null, as(token)));
    }

    /** {@code GET /subscriptions/{id}/alerts}. */
    Reply alerts(String subscriptionId, String token) {
        return call(() -> new LedgerApi(clients.ledger()).subscriptionResourceAlertsWithHttpInfo(subscriptionId, null, as(token)));
    }

    static List<JsonNode> ofType(List<JsonNode> entries, String type) {
        return entries.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** Waits until the statement holds at least {@code count} entries of {@code type}; returns the whole statement. */
    List<JsonNode> awaitEntries(String subscriptionId, String token, String type, int count) {
        return await(count + " " + type + " on the statement of " + subscriptionId, () -> statement(subscriptionId, token),
                entries -> ofType(entries, type).size() >= count);
    }

    // ---- alerting-service and the SMTP server -------------------------------------------------

    /** The subscription's emails: the first page ({@code {items, next}}, the default 100, oldest first), ample for a story. */
    Reply notifications(String subscriptionId, String token) {
        return call(() -> new NotificationsApi(clients.alerting()).notificationsResourceListWithHttpInfo(subscriptionId, null, null, null,
                as(token)));
    }

    /** The notifications of a {@link #notifications} page. */
    static JsonNode notificationList(JsonNode answer) {
        return answer.path("items");
    }

    /** {@code POST /webhooks/endpoints} {@code {url, eventTypes, subscriptionId?}} (F5): 201 with the endpoint's secret. */
    Reply registerWebhook(String token, Map<String, Object> request) {
        return call(() -> new WebhooksApi(clients.alerting()).webhooksResourceRegisterWithHttpInfo(model(request, Registration.class), null,
                as(token)));
    }

    /** {@code GET /webhooks/endpoints/{id}/deliveries}: the first page of the endpoint's delivery log. */
    Reply webhookDeliveries(String endpointId, String token) {
        return call(() -> new WebhooksApi(clients.alerting()).webhooksResourceDeliveriesWithHttpInfo(endpointId, null, null, null, as(token)));
    }

    /** Every email the suite's SMTP server accepted for {@code recipient}. */
    List<MailCapture.Mail> mailTo(String recipient) {
        return suite.receivedMail().stream()
                .filter(mail -> mail.recipients().stream().anyMatch(to -> to.toLowerCase(Locale.ROOT).contains(recipient)))
                .toList();
    }

    /** The emails the SMTP server accepted that were caused by the event {@code eventId}. */
    List<MailCapture.Mail> mailFor(String eventId) {
        return suite.receivedMail().stream().filter(mail -> eventId.equals(mail.eventId())).toList();
    }

    /** Waits until the SMTP server has accepted at least {@code count} emails caused by {@code eventId}. */
    List<MailCapture.Mail> awaitMailFor(String eventId, int count, String what) {
        return await(count + " email(s) of " + what + " (event " + eventId + ") at the SMTP server",
                () -> mailFor(eventId), mails -> mails.size() >= count);
    }

    /**
     * Waits until the alerting-service has nothing pending for the subscription any more (every
     * email it composed is SENT or finally refused), so that counting the mail afterwards is final; returns the emails
     * (the first page).
     */
    JsonNode awaitNothingPending(String subscriptionId, String token) {
        return await("no pending email for " + subscriptionId, () -> notifications(subscriptionId, token),
                reply -> {
                    if (reply.status() != 200) {
                        return false;
                    }
                    for (JsonNode n : notificationList(reply.json())) {
                        String status = n.path("status").asText();
                        if (status.equals("PENDING") || status.equals("SENDING")) {
                            return false;
                        }
                    }
                    return true;
                }).json().path("items");
    }
}
