package io.opencredit.system;

import static io.opencredit.system.StoryApi.await;
import static io.opencredit.system.StoryApi.customer;
import static io.opencredit.system.StoryApi.email;
import static io.opencredit.system.StoryApi.ofType;
import static io.opencredit.system.StoryApi.reseller;
import static io.opencredit.system.StoryApi.usageRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.local.Console;
import io.opencredit.local.Demo;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.MailCapture;
import io.opencredit.local.SuitePorts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts the suite exactly as {@code ./opencredit up} does (embedded broker, PostgreSQL and SMTP,
 * four service JVMs) and proves, through the public HTTP API and the mail that arrives at the
 * suite's SMTP server, every rule of SPEC §2 that crosses a service boundary: one test per rule or
 * small group, each on subscriptions of its own (unique emails).
 * <p>
 * The suite clock is shared and only moves forward: tests that move it (C2, A2, T8, S3, C1) run
 * last ({@link Order} 100 and up), and every test reads "now" from the suite clock at its start, so
 * each holds whatever jumps ran before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteStoryIT {

    /** 5.000000 in every currency's price per the catalogue's USD seed: exact amounts without rounding. */
    private static final String BACKUP = "backup-instance";
    private static final String DISK = "storage-disk-p10";
    private static final String VM = "vm-d2s-v5-linux";
    private static final String MARKETPLACE = "marketplace-firewall";

    private static LocalSuite suite;
    private static Path root;
    private static Path state;
    private static StoryApi api;

    @BeforeAll
    static void startSuite() throws Exception {
        root = Path.of("..").toAbsolutePath().normalize();
        state = Files.createTempDirectory("opencredit-system-test");
        awaitQuietBuilds(root);
        // free ports, so that another run on this machine cannot collide; copies of the built services,
        // taken at start: other engineers rebuild this working tree meanwhile
        suite = new LocalSuite(root, state).withPorts(SuitePorts.free()).withServiceSnapshots();
        try {
            suite.start(true, new Console());
        } catch (Exception e) {
            suite.close();
            suite = null;
            throw e;
        }
        api = new StoryApi(suite);
    }

    /**
     * Waits (up to 5 minutes) until no service's {@code target/quarkus-app} has changed for 20 s and
     * each holds a runnable jar, so that the snapshot the suite takes is not of a half-written build.
     */
    static void awaitQuietBuilds(Path root) throws Exception {
        List<String> modules = List.of("activation-service", "billing-gateway", "ledger-service", "alerting-service");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            long newest = 0;
            boolean complete = true;
            for (String module : modules) {
                Path app = root.resolve(module).resolve("target/quarkus-app");
                complete &= Files.exists(app.resolve("quarkus-run.jar")) && Files.isDirectory(app.resolve("lib/main"))
                        && Files.isDirectory(app.resolve("app"));
                if (Files.isDirectory(app)) {
                    try (var paths = Files.walk(app)) {
                        newest = Math.max(newest, paths.mapToLong(p -> p.toFile().lastModified()).max().orElse(0));
                    }
                }
            }
            if (complete && System.currentTimeMillis() - newest > 20_000) {
                return;
            }
            if (System.nanoTime() > deadline) {
                return; // start anyway: the suite's own checks say what is missing
            }
            Thread.sleep(2000);
        }
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
        // the snapshots of the services are large; the logs, mail and data stay for a look after a failure
        Path apps = state == null ? null : state.resolve("apps");
        if (apps != null && Files.isDirectory(apps)) {
            try (var paths = Files.walk(apps)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A subscription of the story: its id, its account administrator and her token, the first activation's answer. */
    private record Sub(String id, String email, String token, JsonNode activation) {
    }

    private static Sub subscription(String who, int units, String currency, String country) {
        String email = email(who);
        JsonNode activation = api.newCustomerSubscription(email, units, currency, country);
        return new Sub(activation.path("subscriptionId").asText(), email, customer(email), activation);
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    /** An amount as the API writes it: a JSON string, or a Money object {amount, currency} holding one. */
    private static BigDecimal amount(JsonNode node) {
        JsonNode value = node.isObject() ? node.path("amount") : node;
        assertTrue(value.isTextual(), "an amount must be a JSON string (M1), got " + value + " in " + node);
        return new BigDecimal(value.asText());
    }

    private static void assertMoney(String expected, JsonNode actual, String what) {
        BigDecimal value = amount(actual);
        assertEquals(0, dec(expected).compareTo(value), what + ": expected " + expected + ", got " + value);
    }

    private static boolean remainingIs(JsonNode balance, String expected) {
        return balance.path("remaining").isTextual() && dec(expected).compareTo(dec(balance.path("remaining").asText())) == 0;
    }

    private static List<JsonNode> tokens(JsonNode balance) {
        List<JsonNode> tokens = new ArrayList<>();
        balance.path("tokens").forEach(tokens::add);
        return tokens;
    }

    private static JsonNode token(JsonNode balance, String tokenId) {
        return tokens(balance).stream().filter(t -> tokenId.equals(t.path("tokenId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no token " + tokenId + " in " + balance));
    }

    private static JsonNode only(List<JsonNode> entries, String what) {
        assertEquals(1, entries.size(), "exactly one " + what + ", got " + entries);
        return entries.get(0);
    }

    private static List<JsonNode> forUsage(List<JsonNode> entries, String type, String usageId) {
        return ofType(entries, type).stream().filter(e -> usageId.equals(e.path("payload").path("usageId").asText())).toList();
    }

    private static Set<String> recipients(List<MailCapture.Mail> mails) {
        return mails.stream().flatMap(m -> m.recipients().stream()).map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static String meterPrice(String meterId, String currency) {
        for (JsonNode meter : api.prices(customer(email("prices"))).expect(200, "reading prices").json()) {
            if (meterId.equals(meter.path("meterId").asText())) {
                JsonNode price = meter.path("prices").path(currency);
                assertTrue(price.isTextual(), "a unit price is a JSON string (M1): " + meter);
                return price.asText();
            }
        }
        throw new AssertionError("no meter " + meterId + " in the catalogue");
    }

    /** Waits until the alerting-service knows {@code email} as an administrator of the subscription (S6). */
    private static void awaitAlertingKnows(String subscriptionId, String token) {
        await("the alerting-service knowing the subscription's administrator", () -> api.notifications(subscriptionId, token),
                reply -> reply.status() == 200);
    }

    /**
     * Waits for the one email per recipient that a ledger event causes, and checks that exactly those
     * recipients got exactly one each once nothing is pending any more (A4: at most once per event).
     */
    private static void assertOneMailEach(Sub sub, String eventId, String type, Set<String> expectedRecipients) {
        api.awaitMailFor(eventId, expectedRecipients.size(), type);
        api.awaitNothingPending(sub.id(), sub.token());
        List<MailCapture.Mail> mails = api.mailFor(eventId);
        assertEquals(expectedRecipients, recipients(mails), type + " mail recipients: " + mails);
        assertEquals(expectedRecipients.size(), mails.size(), "one " + type + " email per recipient, no duplicate: " + mails);
    }

    // ---- the short story (./opencredit demo) -------------------------------------------------------

    @Test
    @Order(1)
    void the_short_story_runs_across_all_four_services() throws Exception {
        Demo.runStory(suite.ports(), root, "story-" + System.nanoTime() + "@example.com", false);
    }

    // ---- money -------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void M1_amounts_are_exact_decimal_strings_rounded_half_even_at_six_digits() {
        Sub sub = subscription("m1", 1, "USD", "NO");
        assertEquals(0, dec("19.71").compareTo(dec(meterPrice(DISK, "USD"))), "the catalogue price, exactly");
        // 0.000150 x 19.71 = 0.0029565: half-even at 6 digits is 0.002956 (half-up, or a double, gives 0.002957)
        String usageId = api.meterNow(sub.id(), DISK, "0.000150");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "the usage applied",
                b -> !remainingIs(b, "100"));
        assertTrue(balance.path("remaining").isTextual(), "remaining is a JSON string: " + balance);
        assertEquals("USD", balance.path("currency").asText(), "the currency is a separate field");
        assertMoney("99.997044", balance.path("remaining"), "remaining after a half-even rounded debit");
        assertMoney("99.997044", tokens(balance).get(0).path("remaining"), "the token's remaining");
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        JsonNode recorded = only(forUsage(statement, "UsageRecorded", usageId), "UsageRecorded");
        assertMoney("0.002956", recorded.path("payload").path("amount"), "the gateway's rating of 0.000150 x 19.71");
        JsonNode consumed = only(forUsage(statement, "CreditConsumed", usageId), "CreditConsumed");
        assertMoney("0.002956", consumed.path("payload").path("amount"), "the ledger's debit");
        assertEquals("USD", consumed.path("payload").path("amount").path("currency").asText("USD"));
    }

    @Test
    @Order(11)
    void M2_key_credit_is_units_times_the_currency_amount_on_the_ledger() {
        JsonNode currencies = api.currencies(customer(email("m2"))).expect(200, "reading currencies").json();
        Map<String, String> expected = Map.ofEntries(Map.entry("USD", "100"), Map.entry("EUR", "93"), Map.entry("GBP", "79"),
                Map.entry("NOK", "1070"), Map.entry("SEK", "1090"), Map.entry("DKK", "695"), Map.entry("CHF", "89"),
                Map.entry("JPY", "15500"), Map.entry("CAD", "140"), Map.entry("AUD", "155"), Map.entry("BRL", "520"));
        for (Map.Entry<String, String> currency : expected.entrySet()) {
            JsonNode row = null;
            for (JsonNode c : currencies) {
                if (currency.getKey().equals(c.path("currency").asText())) {
                    row = c;
                }
            }
            assertTrue(row != null, "GET /currencies lists " + currency.getKey() + ": " + currencies);
            assertEquals(0, dec(currency.getValue()).compareTo(dec(row.path("creditPerUnit").asText())),
                    currency.getKey() + " credit per unit: " + row);
        }
        // 3 units of NOK and 2 of JPY: the activation's amount is what the ledger's token holds
        Sub nok = subscription("m2-nok", 3, "NOK", "NO");
        assertMoney("3210", nok.activation().path("amount"), "3 x 1070 NOK at activation");
        Sub jpy = subscription("m2-jpy", 2, "JPY", "SE");
        assertMoney("31000", jpy.activation().path("amount"), "2 x 15500 JPY at activation");
        JsonNode nokBalance = api.awaitBalance(nok.id(), nok.token(), "the NOK token", b -> b.path("tokens").size() == 1);
        assertEquals("NOK", nokBalance.path("currency").asText());
        assertMoney("3210", nokBalance.path("remaining"), "NOK remaining");
        assertMoney("3210", tokens(nokBalance).get(0).path("original"), "NOK token original (no tax added or taken)");
        JsonNode jpyBalance = api.awaitBalance(jpy.id(), jpy.token(), "the JPY token", b -> b.path("tokens").size() == 1);
        assertEquals("JPY", jpyBalance.path("currency").asText());
        assertMoney("31000", jpyBalance.path("remaining"), "JPY remaining");
    }

    @Test
    @Order(12)
    void M3_the_first_activation_fixes_the_currency_for_keys_top_ups_and_prices() {
        Sub sub = subscription("m3", 1, "EUR", "DE");
        // a USD key into the EUR subscription (activation-service)
        String usdKey = api.issueKey(1, "USD");
        StoryApi.Reply key = api.activate(sub.token(), Map.of("keyCode", usdKey, "subscriptionId", sub.id()));
        assertEquals(422, key.status(), "a USD key into an EUR subscription: " + key);
        assertEquals("M3-currency-mismatch", key.problem(), key.toString());
        // a USD card top-up (the gateway knows the currency from activation.events)
        StoryApi.Reply card = api.topUp("m3-" + UUID.randomUUID(), sub.id(), "10.00", "USD");
        assertEquals(422, card.status(), "a USD top-up of an EUR subscription: " + card);
        assertEquals("M3-currency-mismatch", card.problem(), card.toString());
        // usage is priced in the subscription's currency: 2 x 4.65 EUR
        assertEquals(0, dec("4.65").compareTo(dec(meterPrice(BACKUP, "EUR"))), "5.00 USD x 93 / 100");
        String usageId = api.meterNow(sub.id(), BACKUP, "2");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "the usage applied", b -> !remainingIs(b, "93"));
        assertEquals("EUR", balance.path("currency").asText());
        assertMoney("83.700000", balance.path("remaining"), "93 EUR - 9.30 EUR");
        assertEquals(1, tokens(balance).size(), "the refused key and top-up added no token: " + balance);
        JsonNode recorded = only(forUsage(api.statement(sub.id(), sub.token()), "UsageRecorded", usageId), "UsageRecorded");
        assertEquals("EUR", recorded.path("payload").path("amount").path("currency").asText(), recorded.toString());
    }

    // ---- keys -------------------------------------------------------------------------------------

    @Test
    @Order(15)
    void K4_a_repeated_activation_adds_credit_once_and_another_request_for_the_key_is_409() {
        String email = email("k4");
        String key = api.issueKey(1, "USD");
        Map<String, Object> request = Map.of("keyCode", key, "newSubscription", StoryApi.newSubscription(email, "NO"));
        JsonNode first = api.activate(customer(email), request).expect(201, "the activation").json();
        JsonNode again = api.activate(customer(email), request).expect(201, "the same activation again").json();
        assertEquals(first, again, "the original result");
        String id = first.path("subscriptionId").asText();
        // the same key for another new subscription (a different request; repeating into the subscription it
        // went into counts as the same request, per the activation-service's decision)
        StoryApi.Reply stolen = api.activate(customer(email),
                Map.of("keyCode", key, "newSubscription", StoryApi.newSubscription(email, "SE")));
        assertEquals(409, stolen.status(), "another request for a used key: " + stolen);
        assertEquals("K4-key-already-activated", stolen.problem(), stolen.toString());
        // a later key into the same subscription is the barrier: once the ledger has it, it has everything before
        api.addKey(customer(email), id, 1, "USD");
        JsonNode balance = api.awaitBalance(id, customer(email), "the second key", b -> b.path("tokens").size() >= 2);
        assertEquals(2, tokens(balance).size(), "one token per activated key, the repeat added none: " + balance);
        assertMoney("200", balance.path("remaining"), "remaining");
    }

    // ---- tokens, usage and FIFO -------------------------------------------------------------------

    @Test
    @Order(19)
    void T1_each_key_and_each_card_payment_becomes_a_twelve_month_token_on_the_ledger() {
        Sub sub = subscription("t1", 2, "USD", "NO");
        JsonNode activation = sub.activation();
        Instant activatedAt = Instant.parse(activation.path("activatedAt").asText());
        Instant expiresAt = Instant.parse(activation.path("expiresAt").asText());
        assertEquals(ZonedDateTime.ofInstant(activatedAt, ZoneOffset.UTC).plusMonths(12).toInstant(), expiresAt,
                "expires-at = activated-at + 12 calendar months UTC: " + activation);
        String reference = "t1-" + UUID.randomUUID();
        JsonNode card = api.topUp(reference, sub.id(), "25.50", "USD").expect(201, "a card top-up").json();
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "two tokens", b -> b.path("tokens").size() == 2);

        JsonNode key = token(balance, activation.path("tokenId").asText());
        assertEquals("OSA_KEY", key.path("source").asText());
        assertEquals(activation.path("keyCode").asText(), key.path("keyCode").asText(), "the key code on the token");
        assertMoney("200", key.path("original"), "original");
        assertMoney("200", key.path("remaining"), "remaining");
        assertEquals(activatedAt, Instant.parse(key.path("activatedAt").asText()));
        assertEquals(expiresAt, Instant.parse(key.path("expiresAt").asText()));
        assertEquals("ACTIVE", key.path("status").asText());

        JsonNode cardToken = token(balance, card.path("tokenId").asText());
        assertEquals("CREDIT_CARD", cardToken.path("source").asText());
        assertEquals(reference, cardToken.path("paymentReference").asText());
        assertMoney("25.50", cardToken.path("original"), "card token original");
        Instant cardActivated = Instant.parse(cardToken.path("activatedAt").asText());
        assertEquals(ZonedDateTime.ofInstant(cardActivated, ZoneOffset.UTC).plusMonths(12).toInstant(),
                Instant.parse(cardToken.path("expiresAt").asText()), "card credit is valid 12 months too: " + cardToken);
        assertMoney("225.50", balance.path("remaining"), "total");
    }

    @Test
    @Order(20)
    void T2_usage_spanning_two_tokens_is_paid_first_in_first_out() {
        Sub sub = subscription("t2", 1, "USD", "NO");
        String first = sub.activation().path("tokenId").asText();
        String second = api.addKey(sub.token(), sub.id(), 1, "USD").path("tokenId").asText();
        api.awaitBalance(sub.id(), sub.token(), "two tokens", b -> b.path("tokens").size() == 2);
        // 26 x 5.00 = 130.00: all of the earlier-expiring token, then 30.00 of the later one
        String usageId = api.meterNow(sub.id(), BACKUP, "26");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "the usage applied", b -> !remainingIs(b, "200"));
        assertMoney("70", balance.path("remaining"), "remaining");
        assertEquals(first, tokens(balance).get(0).path("tokenId").asText(), "FIFO order: earliest expiry first");
        assertMoney("0", token(balance, first).path("remaining"), "first token");
        assertEquals("USED", token(balance, first).path("status").asText());
        assertMoney("70", token(balance, second).path("remaining"), "second token");
        assertEquals("ACTIVE", token(balance, second).path("status").asText());
        List<JsonNode> debits = forUsage(api.statement(sub.id(), sub.token()), "CreditConsumed", usageId);
        assertEquals(2, debits.size(), "one debit per token: " + debits);
        assertEquals(first, debits.get(0).path("payload").path("tokenId").asText(), "the first debit is the first token's");
        assertMoney("100", debits.get(0).path("payload").path("amount"), "first debit");
        assertEquals(second, debits.get(1).path("payload").path("tokenId").asText());
        assertMoney("30", debits.get(1).path("payload").path("amount"), "second debit");
        assertMoney("70", debits.get(1).path("payload").path("tokenRemaining"), "second token after the debit");
    }

    @Test
    @Order(21)
    void T3_usage_is_priced_by_the_catalogue_in_the_subscription_currency() {
        Sub sub = subscription("t3", 1, "USD", "NO");
        String price = meterPrice(VM, "USD");
        BigDecimal expected = dec("123.456789").multiply(dec(price)).setScale(6, RoundingMode.HALF_EVEN);
        assertEquals(0, dec("11.851852").compareTo(expected), "123.456789 x " + price);
        String usageId = api.meterNow(sub.id(), VM, "123.456789");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "the usage applied", b -> !remainingIs(b, "100"));
        assertMoney("88.148148", balance.path("remaining"), "100 - 11.851852");
        JsonNode recorded = only(forUsage(api.statement(sub.id(), sub.token()), "UsageRecorded", usageId), "UsageRecorded");
        assertEquals(VM, recorded.path("payload").path("meterId").asText());
        assertMoney(price, recorded.path("payload").path("unitPrice"), "unit price from the catalogue");
        assertMoney("11.851852", recorded.path("payload").path("amount"), "quantity x unit price");
        assertEquals(0, dec("123.456789").compareTo(dec(recorded.path("payload").path("quantity").asText())), recorded.toString());
    }

    @Test
    @Order(22)
    void T4_ineligible_usage_is_billed_to_card_never_taken_from_credit() {
        Sub sub = subscription("t4", 1, "USD", "NO");
        // 10 hours of a Marketplace appliance at 0.50 USD
        String usageId = api.meterNow(sub.id(), MARKETPLACE, "10");
        List<JsonNode> statement = api.awaitEntries(sub.id(), sub.token(), "UsageBilledToCard", 1);
        JsonNode billed = only(forUsage(statement, "UsageBilledToCard", usageId), "UsageBilledToCard");
        assertMoney("5.00", billed.path("payload").path("amount"), "billed to card");
        assertTrue(forUsage(statement, "CreditConsumed", usageId).isEmpty(), "no credit taken: " + statement);
        JsonNode recorded = only(forUsage(statement, "UsageRecorded", usageId), "UsageRecorded");
        assertFalse(recorded.path("payload").path("eligible").asBoolean(true), "recorded as not eligible: " + recorded);
        JsonNode balance = api.balanceReply(sub.id(), sub.token()).expect(200, "balance").json();
        assertMoney("100", balance.path("remaining"), "credit untouched");
        assertMoney("0", balance.path("overage"), "no overage");
        assertEquals("ACTIVE", balance.path("status").asText());
    }

    @Test
    @Order(23)
    void T5_the_same_usage_id_is_applied_once_and_other_content_is_refused() {
        Sub sub = subscription("t5", 1, "USD", "NO");
        String id = "t5-" + UUID.randomUUID();
        Instant at = api.now();
        Map<String, Object> record = usageRecord(id, sub.id(), BACKUP, "2", at);
        JsonNode first = api.usage(List.of(record));
        assertEquals(1, first.path("accepted").asInt(), first.toString());
        JsonNode again = api.usage(List.of(record));
        assertEquals(0, again.path("accepted").asInt(), again.toString());
        assertEquals(1, again.path("duplicates").asInt(), "the repeat is a duplicate: " + again);
        JsonNode twiceInOneBatch = api.usage(List.of(record, record));
        assertEquals(0, twiceInOneBatch.path("accepted").asInt(), twiceInOneBatch.toString());
        JsonNode conflict = api.usage(List.of(usageRecord(id, sub.id(), BACKUP, "3", at)));
        assertEquals(0, conflict.path("accepted").asInt(), conflict.toString());
        assertEquals(1, conflict.path("rejected").size(), conflict.toString());
        assertTrue(conflict.path("rejected").get(0).toString().contains("T5-usage-id-conflict"), conflict.toString());
        assertTrue(conflict.path("rejected").get(0).toString().contains("409"), "409 for other content: " + conflict);
        // a later record of the same subscription: once the ledger has it, it has everything sent before
        String barrier = api.meterNow(sub.id(), BACKUP, "1");
        List<JsonNode> statement = await("the barrier usage on the ledger", () -> api.statement(sub.id(), sub.token()),
                entries -> !forUsage(entries, "UsageRecorded", barrier).isEmpty());
        assertEquals(1, forUsage(statement, "UsageRecorded", id).size(), "applied once: " + statement);
        assertEquals(1, forUsage(statement, "CreditConsumed", id).size(), "debited once: " + statement);
        assertMoney("85", api.balanceReply(sub.id(), sub.token()).json().path("remaining"), "100 - 10 - 5");
    }

    @Test
    @Order(24)
    void T5_the_same_usage_sent_over_http_and_the_kafka_intake_is_applied_once() throws Exception {
        Sub sub = subscription("t5-kafka", 1, "USD", "NO");
        api.awaitBalance(sub.id(), sub.token(), "the ledger knowing the subscription", b -> remainingIs(b, "100"));
        String id = "t5k-" + UUID.randomUUID();
        Map<String, Object> record = usageRecord(id, sub.id(), BACKUP, "2", api.now());
        assertEquals(1, api.usage(List.of(record)).path("accepted").asInt(), "accepted over HTTP");
        Map<String, Object> barrier = usageRecord("t5k-barrier-" + UUID.randomUUID(), sub.id(), BACKUP, "1", api.now());
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            // the meter publishes the same record twice more on billing.usage-intake, then a new one
            for (Map<String, Object> value : List.of(record, record, barrier)) {
                producer.send(new ProducerRecord<>("billing.usage-intake", sub.id(), StoryApi.json(value))).get();
            }
        }
        List<JsonNode> statement = await("the barrier usage from the intake topic on the ledger",
                () -> api.statement(sub.id(), sub.token()),
                entries -> !forUsage(entries, "UsageRecorded", (String) barrier.get("id")).isEmpty());
        assertEquals(1, forUsage(statement, "UsageRecorded", id).size(), "applied once: " + statement);
        assertMoney("85", api.balanceReply(sub.id(), sub.token()).json().path("remaining"), "100 - 10 once - 5");
    }

    @Test
    @Order(25)
    void T6_usage_in_the_future_too_late_or_before_the_subscription_is_refused() {
        Sub sub = subscription("t6", 1, "USD", "NO");
        Instant created = Instant.parse(sub.activation().path("activatedAt").asText());
        Instant now = api.now();
        List<Map<String, Object>> records = List.of(
                usageRecord("t6-future-" + UUID.randomUUID(), sub.id(), BACKUP, "1", now.plus(Duration.ofMinutes(6))),
                usageRecord("t6-late-" + UUID.randomUUID(), sub.id(), BACKUP, "1", now.minus(Duration.ofHours(73))),
                usageRecord("t6-before-" + UUID.randomUUID(), sub.id(), BACKUP, "1", created.minus(Duration.ofSeconds(2))),
                usageRecord("t6-soon-" + UUID.randomUUID(), sub.id(), BACKUP, "2", now.plus(Duration.ofMinutes(4))),
                usageRecord("t6-now-" + UUID.randomUUID(), sub.id(), BACKUP, "3", now));
        JsonNode answer = api.usage(records);
        assertEquals(2, answer.path("accepted").asInt(), "only the last two are accepted: " + answer);
        JsonNode rejected = answer.path("rejected");
        assertEquals(3, rejected.size(), answer.toString());
        assertRejected(rejected, 0, "T6-usage-in-the-future");
        assertRejected(rejected, 1, "T6-usage-too-late");
        assertRejected(rejected, 2, "T6-usage-before-subscription");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "the accepted usage applied", b -> remainingIs(b, "75"));
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        assertEquals(2, ofType(statement, "UsageRecorded").size(), "only accepted usage reaches the ledger: " + statement);
        assertMoney("0", balance.path("overage"), "overage");
    }

    private static void assertRejected(JsonNode rejected, int index, String slug) {
        for (JsonNode r : rejected) {
            if (r.path("index").asInt() == index) {
                assertTrue(r.toString().contains(slug), "record " + index + " refused as " + slug + ": " + r);
                return;
            }
        }
        fail("record " + index + " was not rejected: " + rejected);
    }

    @Test
    @Order(26)
    void T7_overage_is_recorded_and_the_next_key_pays_it_first() {
        Sub sub = subscription("t7", 1, "USD", "NO");
        String usageId = api.meterNow(sub.id(), BACKUP, "26"); // 130.00 of 100.00
        JsonNode suspended = api.awaitBalance(sub.id(), sub.token(), "suspension", b -> "SUSPENDED".equals(b.path("status").asText()));
        assertMoney("0", suspended.path("remaining"), "remaining");
        assertMoney("30", suspended.path("overage"), "what the tokens could not pay");
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        JsonNode overage = only(forUsage(statement, "OverageRecorded", usageId), "OverageRecorded");
        assertMoney("30", overage.path("payload").path("amount"), "overage of the usage");
        // the next credit is a key (activation-service -> ledger): overage first, the rest remains
        String newToken = api.addKey(sub.token(), sub.id(), 1, "USD").path("tokenId").asText();
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "reactivation", b -> "ACTIVE".equals(b.path("status").asText()));
        assertMoney("70", balance.path("remaining"), "100 - 30 overage");
        assertMoney("0", balance.path("overage"), "overage settled");
        assertMoney("70", token(balance, newToken).path("remaining"), "the new token paid the overage");
        JsonNode settled = only(ofType(api.statement(sub.id(), sub.token()), "OverageSettled"), "OverageSettled");
        assertEquals(newToken, settled.path("payload").path("tokenId").asText());
        assertMoney("30", settled.path("payload").path("amount"), "settled");
    }

    // ---- alerts -----------------------------------------------------------------------------------

    @Test
    @Order(30)
    void A1_thirty_percent_email_arrives_once() {
        Sub sub = subscription("a1", 1, "USD", "NO");
        String coAdmin = email("a1-reseller");
        api.addCoAdministrator(sub.token(), sub.id(), coAdmin);
        awaitAlertingKnows(sub.id(), reseller(coAdmin));
        // 69.99 used: 30.01 left, above 30%: no alert
        api.meterNow(sub.id(), BACKUP, "13.998");
        api.awaitBalance(sub.id(), sub.token(), "30.01 left", b -> remainingIs(b, "30.01"));
        assertTrue(ofType(api.statement(sub.id(), sub.token()), "TokenBalanceLow").isEmpty(), "no alert above 30%");
        // 0.01 more: exactly 30% -> one TokenBalanceLow and one email to the admin and the co-administrator
        api.meterNow(sub.id(), BACKUP, "0.002");
        JsonNode low = only(ofType(api.awaitEntries(sub.id(), sub.token(), "TokenBalanceLow", 1), "TokenBalanceLow"), "TokenBalanceLow");
        assertMoney("30", low.path("payload").path("remaining"), "remaining at the alert");
        String eventId = low.path("eventId").asText();
        api.awaitMailFor(eventId, 2, "TokenBalanceLow");
        // more usage on the same token: no second alert; an A3 alert that fires afterwards is the barrier
        api.putAlert(sub.id(), 1, sub.token(),
                Map.of("threshold", "20.00", "recipients", List.of(sub.email()))).expect(200, "setting an A3 alert");
        api.meterNow(sub.id(), BACKUP, "1"); // 25.00
        api.meterNow(sub.id(), BACKUP, "1.2"); // 19.00: the A3 alert fires
        JsonNode creditLow = only(ofType(api.awaitEntries(sub.id(), sub.token(), "SubscriptionCreditLow", 1), "SubscriptionCreditLow"),
                "SubscriptionCreditLow");
        api.awaitMailFor(creditLow.path("eventId").asText(), 1, "SubscriptionCreditLow");
        assertEquals(1, ofType(api.statement(sub.id(), sub.token()), "TokenBalanceLow").size(), "A1 fires once per token");
        assertOneMailEach(sub, eventId, "TokenBalanceLow", Set.of(sub.email(), coAdmin));
        // F1: so much usage in one day also brings the run-out within 14 days, which is a mail of its own
        Set<String> forecasts = ofType(api.statement(sub.id(), sub.token()), "CreditDepletionForecast").stream()
                .map(e -> e.path("eventId").asText()).collect(Collectors.toSet());
        assertEquals(2, api.mailTo(sub.email()).stream().filter(m -> !forecasts.contains(m.eventId())).count(),
                "the admin got the A1 and the A3 email, nothing else but a forecast: " + api.mailTo(sub.email()));
        JsonNode notifications = StoryApi.notificationList(api.notifications(sub.id(), reseller(coAdmin)).expect(200, "notifications").json());
        long listed = 0;
        for (JsonNode n : notifications) {
            listed += "TokenBalanceLow".equals(n.path("type").asText()) ? 1 : 0;
        }
        assertEquals(2, listed, "the alerting-service lists one TokenBalanceLow email per recipient: " + notifications);
    }

    @Test
    @Order(31)
    void A3_credit_alert_emails_its_own_addresses_once_and_rearms_above_the_threshold() {
        Sub sub = subscription("a3", 1, "USD", "NO");
        String first = email("a3-finance");
        String second = email("a3-cto");
        api.awaitBalance(sub.id(), sub.token(), "the ledger knowing the subscription", b -> remainingIs(b, "100"));
        JsonNode alert = api.putAlert(sub.id(), 1, sub.token(),
                Map.of("threshold", "50.00", "recipients", List.of(first, second))).expect(200, "setting an A3 alert").json();
        assertTrue(alert.path("armed").asBoolean(), "armed above the threshold: " + alert);
        api.meterNow(sub.id(), BACKUP, "11"); // 55.00: 45.00 left
        JsonNode fired = only(ofType(api.awaitEntries(sub.id(), sub.token(), "SubscriptionCreditLow", 1), "SubscriptionCreditLow"),
                "SubscriptionCreditLow");
        assertMoney("50", fired.path("payload").path("threshold"), "threshold");
        assertMoney("45", fired.path("payload").path("remaining"), "remaining");
        assertOneMailEach(sub, fired.path("eventId").asText(), "SubscriptionCreditLow", Set.of(first, second));
        // a card top-up above the threshold re-arms it; the next fall fires again
        api.topUp("a3-" + UUID.randomUUID(), sub.id(), "20.00", "USD").expect(201, "a card top-up");
        api.awaitBalance(sub.id(), sub.token(), "65.00 after the top-up", b -> remainingIs(b, "65"));
        api.meterNow(sub.id(), BACKUP, "4"); // 20.00: 45.00 left
        List<JsonNode> both = ofType(api.awaitEntries(sub.id(), sub.token(), "SubscriptionCreditLow", 2), "SubscriptionCreditLow");
        assertEquals(2, both.size(), "once per crossing: " + both);
        assertOneMailEach(sub, both.get(1).path("eventId").asText(), "SubscriptionCreditLow", Set.of(first, second));
        assertTrue(api.mailTo(sub.email()).stream().noneMatch(m -> both.stream()
                        .anyMatch(e -> e.path("eventId").asText().equals(m.eventId()))),
                "the credit alert goes to its own addresses only, not to the admin");
        assertEquals(2, api.mailTo(first).size(), "two crossings, two emails: " + api.mailTo(first));
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Test
    @Order(40)
    void S1_S2_suspended_at_zero_reactivated_by_card_credit() {
        Sub sub = subscription("s1", 1, "USD", "NO");
        api.meterNow(sub.id(), BACKUP, "20"); // exactly 100.00: zero
        JsonNode suspended = api.awaitBalance(sub.id(), sub.token(), "suspension", b -> "SUSPENDED".equals(b.path("status").asText()));
        assertMoney("0", suspended.path("remaining"), "remaining");
        assertMoney("0", suspended.path("overage"), "overage");
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        JsonNode suspension = only(ofType(statement, "SubscriptionSuspended"), "SubscriptionSuspended");
        Instant suspendedAt = Instant.parse(suspension.path("payload").path("suspendedAt").asText());
        assertEquals(suspendedAt.plus(Duration.ofDays(90)), Instant.parse(suspension.path("payload").path("deprovisionAt").asText()),
                "data kept 90 days: " + suspension);
        assertOneMailEach(sub, suspension.path("eventId").asText(), "SubscriptionSuspended", Set.of(sub.email()));
        // usage while suspended is overage (T7)
        String overageUsage = api.meterNow(sub.id(), BACKUP, "2");
        api.awaitBalance(sub.id(), sub.token(), "overage 10.00", b -> dec(b.path("overage").asText()).compareTo(dec("10")) == 0);
        assertTrue(forUsage(api.statement(sub.id(), sub.token()), "CreditConsumed", overageUsage).isEmpty(), "no token pays it");
        // card credit within the 90 days: overage settled first, then reactivated
        String cardToken = api.topUp("s2-" + UUID.randomUUID(), sub.id(), "50.00", "USD").expect(201, "a card top-up")
                .json().path("tokenId").asText();
        JsonNode active = api.awaitBalance(sub.id(), sub.token(), "reactivation", b -> "ACTIVE".equals(b.path("status").asText()));
        assertMoney("40", active.path("remaining"), "50 - 10 overage");
        assertMoney("0", active.path("overage"), "overage");
        assertMoney("40", token(active, cardToken).path("remaining"), "the card token paid the overage");
        statement = api.statement(sub.id(), sub.token());
        JsonNode settled = only(ofType(statement, "OverageSettled"), "OverageSettled");
        JsonNode reactivated = only(ofType(statement, "SubscriptionReactivated"), "SubscriptionReactivated");
        assertTrue(settled.path("sequence").asLong() < reactivated.path("sequence").asLong(), "overage settled, then reactivated");
        assertMoney("10", reactivated.path("payload").path("overageSettled"), "overage settled");
        assertMoney("40", reactivated.path("payload").path("remaining"), "remaining at reactivation");
        assertOneMailEach(sub, reactivated.path("eventId").asText(), "SubscriptionReactivated", Set.of(sub.email()));
    }

    @Test
    @Order(41)
    void S4_K8_linking_to_an_enterprise_agreement_forfeits_credit_and_takes_no_more_keys() {
        Sub sub = subscription("s4", 1, "USD", "NO");
        String second = api.addKey(sub.token(), sub.id(), 1, "USD").path("tokenId").asText();
        String first = sub.activation().path("tokenId").asText();
        api.meterNow(sub.id(), BACKUP, "6"); // 30.00: 70 + 100 left
        api.awaitBalance(sub.id(), sub.token(), "170.00 left", b -> remainingIs(b, "170"));
        // without acknowledgement: 409 stating what would be lost, as the ledger last reported it
        StoryApi.Reply refused = await("the activation-service stating the ledger's 170.00",
                () -> api.linkToEnterpriseAgreement(sub.id(), sub.token(), Map.of("enrollmentNumber", "EA-" + sub.id().substring(0, 8), "acknowledgeCreditForfeit", false)),
                reply -> reply.status() != 409 || dec(reply.json().path("amountForfeited").asText("-1")).compareTo(dec("170")) == 0);
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("S4-credit-forfeit-not-acknowledged", refused.problem(), refused.toString());
        assertEquals("USD", refused.json().path("currency").asText(), refused.toString());
        assertEquals("ACTIVE", api.balanceReply(sub.id(), sub.token()).json().path("status").asText(), "nothing changed");
        // acknowledged: linked; the ledger forfeits every token's remainder
        api.linkToEnterpriseAgreement(sub.id(), sub.token(), Map.of("enrollmentNumber", "EA-" + sub.id().substring(0, 8), "acknowledgeCreditForfeit", true))
                .expect(200, "the acknowledged EA link");
        JsonNode linked = api.awaitBalance(sub.id(), sub.token(), "the EA link", b -> "LINKED_TO_EA".equals(b.path("status").asText()));
        assertMoney("0", linked.path("remaining"), "remaining");
        assertEquals("FORFEITED", token(linked, first).path("status").asText());
        assertEquals("FORFEITED", token(linked, second).path("status").asText());
        List<JsonNode> forfeits = ofType(api.statement(sub.id(), sub.token()), "CreditForfeited");
        assertEquals(2, forfeits.size(), "one CreditForfeited per token: " + forfeits);
        Map<String, BigDecimal> byToken = forfeits.stream().collect(Collectors.toMap(
                f -> f.path("payload").path("tokenId").asText(), f -> amount(f.path("payload").path("amount"))));
        assertEquals(0, dec("70").compareTo(byToken.get(first)), "first token forfeits 70: " + forfeits);
        assertEquals(0, dec("100").compareTo(byToken.get(second)), "second token forfeits 100: " + forfeits);
        // K8: no more keys; and no card credit either (the gateway knows the link from activation.events)
        String key = api.issueKey(1, "USD");
        StoryApi.Reply more = api.activate(sub.token(), Map.of("keyCode", key, "subscriptionId", sub.id()));
        assertEquals(409, more.status(), more.toString());
        assertEquals("K8-subscription-linked-to-ea", more.problem(), more.toString());
        StoryApi.Reply card = await("the gateway refusing card credit for the linked subscription",
                () -> api.topUp("s4-" + UUID.randomUUID(), sub.id(), "10.00", "USD"), reply -> reply.status() != 201);
        assertEquals(422, card.status(), card.toString());
        assertEquals(2, tokens(api.balanceReply(sub.id(), sub.token()).json()).size(), "no new token");
    }

    @Test
    @Order(42)
    void S5_card_top_up_is_refused_in_listed_countries_and_credited_once_when_signed() {
        Sub brazil = subscription("s5-br", 1, "BRL", "BR");
        StoryApi.Reply refused = api.topUp("s5-br-" + UUID.randomUUID(), brazil.id(), "50.00", "BRL");
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("S5-card-top-up-refused-in-country", refused.problem(), refused.toString());

        Sub sub = subscription("s5", 1, "USD", "NO");
        String reference = "s5-" + UUID.randomUUID();
        String body = StoryApi.payment(reference, sub.id(), "40.00", "USD", api.now());
        long t = Instant.now().getEpochSecond();
        assertEquals(401, api.confirmPayment(body, null).status(), "unsigned");
        assertEquals(401, api.confirmPayment(body.replace("40.00", "4000.00"), StoryApi.signature(t, body, StoryApi.WEBHOOK_SECRET)).status(),
                "tampered body");
        assertEquals(401, api.confirmPayment(body, StoryApi.signature(t, body, "not-the-secret")).status(), "wrong secret");
        assertEquals(401, api.confirmPayment(body, StoryApi.signature(t - 360, body, StoryApi.WEBHOOK_SECRET)).status(), "6 minutes old");
        JsonNode credited = await("the gateway knowing the subscription",
                () -> api.confirmPayment(body, StoryApi.signature(Instant.now().getEpochSecond(), body, StoryApi.WEBHOOK_SECRET)),
                reply -> reply.status() != 404).expect(201, "the signed confirmation").json();
        StoryApi.Reply repeat = api.confirmPayment(body, StoryApi.signature(Instant.now().getEpochSecond(), body, StoryApi.WEBHOOK_SECRET));
        assertEquals(200, repeat.status(), "the same payment reference answers the first answer: " + repeat);
        assertEquals(credited.path("tokenId").asText(), repeat.json().path("tokenId").asText());
        // a barrier: a second, different payment; once the ledger has it, it has everything before
        api.topUp("s5-barrier-" + UUID.randomUUID(), sub.id(), "1.00", "USD").expect(201, "the barrier payment");
        JsonNode balance = api.awaitBalance(sub.id(), sub.token(), "both card tokens", b -> b.path("tokens").size() >= 3);
        assertMoney("141", balance.path("remaining"), "100 + 40 once + 1; nothing from the refused confirmations");
        long cardTokens = tokens(balance).stream().filter(tk -> reference.equals(tk.path("paymentReference").asText())).count();
        assertEquals(1, cardTokens, "the payment reference is credited once: " + balance);
        assertEquals(3, tokens(balance).size(), balance.toString());
        JsonNode brazilBalance = api.awaitBalance(brazil.id(), brazil.token(), "the BRL key", b -> b.path("tokens").size() == 1);
        assertMoney("520", brazilBalance.path("remaining"), "the refused top-up added nothing");
    }

    @Test
    @Order(43)
    void S6_a_reseller_creates_a_subscription_for_a_customer_and_both_administer_it_everywhere() {
        String customerEmail = email("s6-customer");
        String resellerEmail = email("s6-reseller");
        String stranger = email("s6-stranger");
        String key = api.issueKey(1, "USD");
        // a reseller naming itself as the account is refused
        StoryApi.Reply own = api.activate(reseller(resellerEmail),
                Map.of("keyCode", key, "newSubscription", StoryApi.newSubscription(resellerEmail, "NO")));
        assertEquals(422, own.status(), own.toString());
        JsonNode activation = api.activate(reseller(resellerEmail),
                Map.of("keyCode", key, "newSubscription", StoryApi.newSubscription(customerEmail, "NO"))).expect(201, "activation by the reseller").json();
        String id = activation.path("subscriptionId").asText();
        JsonNode subscription = api.subscription(id, customer(customerEmail)).expect(200, "the customer's subscription").json();
        assertEquals(customerEmail, subscription.path("accountEmail").asText());
        assertTrue(subscription.path("coAdministrators").toString().contains(resellerEmail), subscription.toString());
        for (String token : List.of(customer(customerEmail), reseller(resellerEmail))) {
            api.awaitBalance(id, token, "the administrators seeing the balance", b -> remainingIs(b, "100"));
            await("the administrators seeing the notifications", () -> api.notifications(id, token), r -> r.status() == 200);
            await("the administrators getting an estimate", () -> api.estimate(token,
                    Map.of("subscriptionId", id, "currency", "USD", "lines", List.of(Map.of("meterId", BACKUP, "quantityPerDay", "1")))),
                    r -> r.status() == 200);
        }
        // everyone else gets 404 from every service
        String foreign = customer(stranger);
        assertEquals(404, api.subscription(id, foreign).status(), "activation");
        assertEquals(404, api.balanceReply(id, foreign).status(), "ledger balance");
        assertEquals(404, api.notifications(id, foreign).status(), "alerting notifications");
        assertEquals(404, api.estimate(foreign, Map.of("subscriptionId", id, "currency", "USD",
                "lines", List.of(Map.of("meterId", BACKUP, "quantityPerDay", "1")))).status(), "gateway estimate");
        // the co-administrator adds credit for the customer
        api.addKey(reseller(resellerEmail), id, 1, "USD");
        api.awaitBalance(id, customer(customerEmail), "the reseller's key", b -> remainingIs(b, "200"));
    }

    // ---- beyond the peers (SPEC §10) ----------------------------------------------------------------

    @Test
    @Order(50)
    void F1_forecast_email_arrives_once_per_crossing_and_again_after_the_forecast_moved_beyond() {
        Sub sub = subscription("f1", 1, "USD", "NO");
        api.awaitBalance(sub.id(), sub.token(), "the ledger knowing the subscription", b -> remainingIs(b, "100"));
        JsonNode quiet = api.forecast(sub.id(), sub.token()).expect(200, "the forecast without usage").json();
        assertMoney("0", quiet.path("burnPerDay"), "no usage, no burn");
        assertTrue(quiet.path("runsOutOn").isMissingNode() || quiet.path("runsOutOn").isNull(), "no run-out day without burn: " + quiet);
        // 50.00 in a day: 50 / 7 days = 7.142857 a day, so the remaining 50.00 last 7 days: inside the 14-day warning
        api.meterNow(sub.id(), BACKUP, "10");
        List<JsonNode> statement = api.awaitEntries(sub.id(), sub.token(), "CreditDepletionForecast", 1);
        JsonNode warning = only(ofType(statement, "CreditDepletionForecast"), "CreditDepletionForecast");
        JsonNode forecast = api.forecast(sub.id(), sub.token()).expect(200, "the forecast").json();
        assertMoney("7.142857", forecast.path("burnPerDay"), "eligible usage of the last 7 days, per day");
        assertEquals(forecast.path("runsOutOn").asText(), warning.path("payload").path("runsOutOn").asText(),
                "the email's run-out day is the forecast's: " + warning + " / " + forecast);
        int daysLeft = warning.path("payload").path("daysLeft").asInt();
        assertTrue(daysLeft >= 6 && daysLeft <= 8, "about 7 days left: " + warning);
        assertOneMailEach(sub, warning.path("eventId").asText(), "CreditDepletionForecast", Set.of(sub.email()));
        // more usage while inside the warning: no second warning
        api.meterNow(sub.id(), BACKUP, "1");
        api.awaitBalance(sub.id(), sub.token(), "45.00 left", b -> remainingIs(b, "45"));
        assertEquals(1, ofType(api.statement(sub.id(), sub.token()), "CreditDepletionForecast").size(), "once per crossing");
        // credit moves the run-out beyond 14 days (145 / 7.857143 = 18.5 days): re-armed; usage brings it within again
        api.topUp("f1-" + UUID.randomUUID(), sub.id(), "100.00", "USD").expect(201, "a card top-up");
        api.awaitBalance(sub.id(), sub.token(), "145.00 after the top-up", b -> remainingIs(b, "145"));
        assertEquals(1, ofType(api.statement(sub.id(), sub.token()), "CreditDepletionForecast").size(), "no warning beyond 14 days");
        api.meterNow(sub.id(), BACKUP, "4"); // 125.00 at 75 / 7 = 10.714286 a day: 11.7 days
        List<JsonNode> both = ofType(api.awaitEntries(sub.id(), sub.token(), "CreditDepletionForecast", 2), "CreditDepletionForecast");
        assertEquals(2, both.size(), "one warning per crossing: " + both);
        assertOneMailEach(sub, both.get(1).path("eventId").asText(), "CreditDepletionForecast", Set.of(sub.email()));
        assertOneMailEach(sub, warning.path("eventId").asText(), "CreditDepletionForecast", Set.of(sub.email()));
    }

    @Test
    @Order(51)
    void F2_a_late_usage_changes_the_balance_as_of_its_time_only_as_known_after_it_arrived() throws Exception {
        Sub sub = subscription("f2", 1, "USD", "NO");
        Instant activatedAt = Instant.parse(sub.activation().path("activatedAt").asText());
        Instant lateUsageTime = activatedAt.plusSeconds(1);
        Instant between = activatedAt.plusSeconds(2);
        api.awaitBalance(sub.id(), sub.token(), "the ledger knowing the subscription", b -> remainingIs(b, "100"));
        while (!api.now().isAfter(activatedAt.plusSeconds(3))) {
            Thread.sleep(200);
        }
        api.meterNow(sub.id(), BACKUP, "2"); // 10.00 now
        api.awaitBalance(sub.id(), sub.token(), "90.00 left", b -> remainingIs(b, "90"));
        Instant knownBefore = api.now();
        Thread.sleep(50);
        String late = "f2-late-" + UUID.randomUUID();
        JsonNode answer = api.usage(List.of(usageRecord(late, sub.id(), BACKUP, "1", lateUsageTime))); // 5.00, a second after activation
        assertEquals(1, answer.path("accepted").asInt(), "the late usage is accepted: " + answer);
        api.awaitBalance(sub.id(), sub.token(), "85.00 left", b -> remainingIs(b, "85"));

        assertMoney("85", api.balanceAt(sub.id(), sub.token(), null, null).expect(200, "now").json().path("remaining"), "live");
        assertMoney("90", api.balanceAt(sub.id(), sub.token(), null, knownBefore).expect(200, "known before").json().path("remaining"),
                "as known before the late usage arrived");
        assertMoney("95", api.balanceAt(sub.id(), sub.token(), between, null).expect(200, "as of between").json().path("remaining"),
                "as of a moment after the late usage's time, as known now");
        assertMoney("100", api.balanceAt(sub.id(), sub.token(), between, knownBefore).expect(200, "as of between, known before")
                .json().path("remaining"), "as of that moment, as known before it arrived: neither usage");
        JsonNode lateEntry = only(forUsage(api.statement(sub.id(), sub.token()), "UsageRecorded", late), "UsageRecorded of the late usage");
        assertEquals(lateUsageTime, Instant.parse(lateEntry.path("effectiveAt").asText()), "effective at its usage time: " + lateEntry);
        assertTrue(Instant.parse(lateEntry.path("recordedAt").asText()).isAfter(knownBefore), "recorded when it arrived: " + lateEntry);
    }

    @Test
    @Order(52)
    void F3_dry_runs_answer_their_events_and_balance_and_change_nothing() {
        Sub sub = subscription("f3", 1, "USD", "NO");
        String usage = api.meterNow(sub.id(), BACKUP, "2");
        JsonNode before = api.awaitBalance(sub.id(), sub.token(), "90.00 left", b -> remainingIs(b, "90"));
        Set<String> eventsBefore = api.statement(sub.id(), sub.token()).stream().map(e -> e.path("eventId").asText()).collect(Collectors.toSet());
        Duration offset = StoryApi.offset(api.clock(api.ledger).expect(200, "clock").json());
        String operator = StoryApi.operator();

        JsonNode take = api.adjust(sub.id(), operator, Map.of("amount", "-30", "currency", "USD", "reason", "dry", "reference", "f3-take"), true)
                .expect(200, "an adjustment's dry run").json();
        assertDryRun(take, "CreditAdjusted", "60");
        assertDryRun(api.voidUsage(sub.id(), usage, operator, "metered twice", true).expect(200, "a void's dry run").json(), "UsageVoided", "100");
        assertDryRun(api.putAlert(sub.id(), 1, sub.token(), Map.of("threshold", "80", "recipients", List.of(sub.email())), true)
                .expect(200, "an alert's dry run").json(), "AlertRuleSet", "90");
        JsonNode advance = api.advanceClockDryRun(Map.of("duration", "P400D"), sub.id()).expect(200, "the clock advance's dry run").json();
        assertDryRun(advance, "TokenExpired", "0");
        JsonNode link = await("the activation-service's dry run of the EA link",
                () -> api.linkToEnterpriseAgreement(sub.id(), sub.token(),
                        Map.of("enrollmentNumber", "EA-" + sub.id().substring(0, 8), "acknowledgeCreditForfeit", true), true),
                reply -> reply.status() == 200).json();
        assertTrue(link.path("dryRun").asBoolean(), link.toString());
        assertEquals("SubscriptionLinkedToEnterpriseAgreement", link.path("events").path(0).path("type").asText(), link.toString());
        assertEquals("LINKED_TO_EA", link.path("balanceAfter").path("status").asText(), link.toString());

        // a real usage as the barrier: once the ledger shows it, anything a dry run had sent would show too
        String barrier = api.meterNow(sub.id(), BACKUP, "1");
        JsonNode after = api.awaitBalance(sub.id(), sub.token(), "the barrier usage", b -> remainingIs(b, "85"));
        assertEquals("ACTIVE", after.path("status").asText(), after.toString());
        assertEquals(tokens(before).size(), tokens(after).size(), "no token added or forfeited: " + after);
        List<JsonNode> added = api.statement(sub.id(), sub.token()).stream()
                .filter(e -> !eventsBefore.contains(e.path("eventId").asText())).toList();
        assertFalse(forUsage(added, "UsageRecorded", barrier).isEmpty(), added.toString());
        assertTrue(added.stream().allMatch(e -> Set.of("UsageRecorded", "CreditConsumed", "BalanceChanged").contains(e.path("type").asText())),
                "the ledger stored and published only the barrier usage's events: " + added);
        assertEquals(0, api.alerts(sub.id(), sub.token()).expect(200, "alerts").json().size(), "no alert was set");
        assertEquals("ACTIVE", api.subscription(sub.id(), sub.token()).expect(200, "the subscription").json().path("status").asText(),
                "not linked to an EA");
        for (String service : api.services) {
            assertEquals(offset, StoryApi.offset(api.clock(service).expect(200, "clock").json()), "the clock did not move at " + service);
        }
    }

    private static void assertDryRun(JsonNode answer, String eventType, String remainingAfter) {
        assertTrue(answer.path("dryRun").asBoolean(), answer.toString());
        List<String> types = new ArrayList<>();
        answer.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertTrue(types.contains(eventType), "the dry run lists " + eventType + ": " + answer);
        assertMoney(remainingAfter, answer.path("balanceAfter").path("remaining"), "the balance the dry run would leave");
    }

    @Test
    @Order(53)
    void F4_adjustments_add_and_take_credit_once_and_a_void_returns_the_debits_to_their_token() {
        Sub sub = subscription("f4", 1, "USD", "NO");
        String first = sub.activation().path("tokenId").asText();
        String usage = api.meterNow(sub.id(), BACKUP, "4"); // 20.00
        api.awaitBalance(sub.id(), sub.token(), "80.00 left", b -> remainingIs(b, "80"));
        String operator = StoryApi.operator();
        Map<String, Object> give = Map.of("amount", "50", "currency", "USD", "reason", "goodwill", "reference", "f4-give-" + sub.id());
        assertEquals(403, api.adjust(sub.id(), sub.token(), give, false).status(), "operators only");
        JsonNode given = api.adjust(sub.id(), operator, give, false).expect(201, "a positive adjustment").json();
        assertMoney("130", given.path("remaining"), "80 + 50");
        JsonNode adjustment = tokens(given).stream().filter(t -> "ADJUSTMENT".equals(t.path("source").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no ADJUSTMENT token: " + given));
        assertMoney("50", adjustment.path("original"), "the adjustment token");
        Instant activated = Instant.parse(adjustment.path("activatedAt").asText());
        assertEquals(activated.atZone(ZoneOffset.UTC).plusMonths(12).toInstant(), Instant.parse(adjustment.path("expiresAt").asText()),
                "valid 12 months: " + adjustment);
        assertMoney("130", api.adjust(sub.id(), operator, give, false).expect(201, "the same adjustment again").json().path("remaining"),
                "once per reference");
        StoryApi.Reply reused = api.adjust(sub.id(), operator, Map.of("amount", "60", "currency", "USD", "reason", "goodwill",
                "reference", give.get("reference")), false);
        assertEquals(409, reused.status(), reused.toString());
        JsonNode taken = api.adjust(sub.id(), operator, Map.of("amount", "-30", "currency", "USD", "reason", "double key",
                "reference", "f4-take-" + sub.id()), false).expect(201, "a negative adjustment").json();
        assertMoney("100", taken.path("remaining"), "130 - 30");
        assertMoney("50", token(taken, first).path("remaining"), "taken first in, first out: from the key's token");
        JsonNode voided = api.voidUsage(sub.id(), usage, operator, "metered twice", false).expect(201, "a void").json();
        assertMoney("120", voided.path("remaining"), "the usage's 20.00 back");
        assertMoney("70", token(voided, first).path("remaining"), "back to the token it came from");
        assertMoney("120", api.voidUsage(sub.id(), usage, operator, "metered twice", false).expect(201, "the same void again").json()
                .path("remaining"), "once per usage id");
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        assertEquals(2, ofType(statement, "CreditAdjusted").size(), "two adjustments on the statement: " + statement);
        assertEquals(1, ofType(statement, "UsageVoided").size(), "one void on the statement: " + statement);
        assertMoney("120", api.balanceReply(sub.id(), sub.token()).expect(200, "balance").json().path("remaining"), "the balance");
    }

    @Test
    @Order(54)
    void F5_a_webhook_receives_the_subscriptions_events_signed_as_standard_webhooks_say() throws Exception {
        Sub sub = subscription("f5", 1, "USD", "NO");
        List<Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(Map.of("id", String.valueOf(headers.getFirst("webhook-id")), "timestamp", String.valueOf(headers.getFirst("webhook-timestamp")),
                    "signature", String.valueOf(headers.getFirst("webhook-signature")), "body", body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            await("the alerting-service knowing the subscription", () -> api.notifications(sub.id(), sub.token()), r -> r.status() == 200);
            JsonNode endpoint = api.registerWebhook(sub.token(), Map.of("url", url, "eventTypes", List.of("CreditConsumed"), "subscriptionId", sub.id()))
                    .expect(201, "registering a webhook endpoint").json();
            String secret = endpoint.path("secret").asText();
            assertTrue(secret.startsWith("whsec_"), endpoint.toString());
            String usage = api.meterNow(sub.id(), BACKUP, "2");
            JsonNode consumed = only(forUsage(api.awaitEntries(sub.id(), sub.token(), "CreditConsumed", 1), "CreditConsumed", usage), "CreditConsumed");
            String eventId = consumed.path("eventId").asText();
            Map<String, String> delivery = await("the webhook delivery of " + eventId, () -> received.stream()
                    .filter(r -> eventId.equals(r.get("id"))).findFirst(), java.util.Optional::isPresent).orElseThrow();
            byte[] key = java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(
                    (delivery.get("id") + "." + delivery.get("timestamp") + "." + delivery.get("body")).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(List.of(delivery.get("signature").split(" ")).contains(expected),
                    "signed with the endpoint's secret: " + delivery.get("signature") + " vs " + expected);
            JsonNode envelope = StoryApi.JSON.readTree(delivery.get("body"));
            assertEquals(sub.id(), envelope.path("subscriptionId").asText(), envelope.toString());
            assertEquals("CreditConsumed", envelope.path("type").asText(), envelope.toString());
            JsonNode log = await("the delivery logged as DELIVERED", () -> api.webhookDeliveries(endpoint.path("id").asText(), sub.token()),
                    r -> r.status() == 200 && r.json().path("items").toString().contains("DELIVERED")).json();
            JsonNode logged = log.path("items").get(0);
            assertEquals(eventId, logged.path("eventId").asText(), log.toString());
            assertEquals(204, logged.path("lastStatusCode").asInt(), log.toString());
            assertEquals(1, received.stream().filter(r -> eventId.equals(r.get("id"))).count(), "delivered once: " + received);
        } finally {
            receiver.stop(0);
        }
    }

    // ---- time (the shared clock only moves forward: these run last) ------------------------------

    @Test
    @Order(100)
    void C2_clock_advance_moves_every_service() {
        Duration before = StoryApi.offset(api.clock(api.ledger).expect(200, "clock").json());
        Duration after = api.advance(Duration.ofDays(1));
        assertEquals(before.plus(Duration.ofDays(1)), after, "the offset only grows, by exactly the advance");
        for (String service : api.services) {
            JsonNode clock = api.clock(service).expect(200, "clock of " + service).json();
            Instant now = Instant.parse(clock.path("now").asText());
            Instant wall = Instant.now();
            assertTrue(Duration.between(wall.plus(after), now).abs().compareTo(Duration.ofSeconds(30)) < 0,
                    service + " reads the suite clock: " + clock);
        }
        // each service acts on it: the activation instant, usage a day ahead of the wall clock, the card token
        Sub sub = subscription("c2", 1, "USD", "NO");
        Instant activatedAt = Instant.parse(sub.activation().path("activatedAt").asText());
        assertTrue(activatedAt.isAfter(Instant.now().plus(after).minus(Duration.ofMinutes(1))), "activation on the suite clock: " + activatedAt);
        api.meterNow(sub.id(), BACKUP, "1"); // usage time a day ahead of the wall clock: accepted only on the suite clock
        JsonNode card = api.topUp("c2-" + UUID.randomUUID(), sub.id(), "10.00", "USD").expect(201, "a card top-up").json();
        assertTrue(Instant.parse(card.path("activatedAt").asText()).isAfter(Instant.now().plus(after).minus(Duration.ofMinutes(1))),
                "card credit on the suite clock: " + card);
        api.awaitBalance(sub.id(), sub.token(), "usage and top-up", b -> remainingIs(b, "105"));
        // the alerting-service dates its emails on the suite clock too
        api.putAlert(sub.id(), 1, sub.token(),
                Map.of("threshold", "100.00", "recipients", List.of(sub.email()))).expect(200, "an A3 alert");
        api.meterNow(sub.id(), BACKUP, "2");
        JsonNode low = only(ofType(api.awaitEntries(sub.id(), sub.token(), "SubscriptionCreditLow", 1), "SubscriptionCreditLow"), "alert");
        api.awaitMailFor(low.path("eventId").asText(), 1, "SubscriptionCreditLow");
        JsonNode sent = api.awaitNothingPending(sub.id(), sub.token()).get(0);
        assertTrue(Instant.parse(sent.path("sentAt").asText()).isAfter(Instant.now().plus(after).minus(Duration.ofMinutes(1))),
                "sent-at on the suite clock: " + sent);
        // the clock only moves forward
        StoryApi.Reply back = api.advanceClock(StoryApi.operator(), Map.of("duration", "-PT1H"));
        assertEquals(422, back.status(), back.toString());
        assertEquals(after, StoryApi.offset(api.clock(api.ledger).json()), "unchanged");
    }

    @Test
    @Order(110)
    void A2_F1_expiry_warning_and_unused_credit_emails_arrive_once_thirty_days_before_expiry() {
        Sub sub = subscription("a2", 1, "USD", "NO");
        String coAdmin = email("a2-reseller");
        api.addCoAdministrator(sub.token(), sub.id(), coAdmin);
        awaitAlertingKnows(sub.id(), reseller(coAdmin));
        api.meterNow(sub.id(), BACKUP, "2"); // 90.00 left
        api.awaitBalance(sub.id(), sub.token(), "90.00 left", b -> remainingIs(b, "90"));
        Instant expiresAt = Instant.parse(sub.activation().path("expiresAt").asText());
        Instant warnAt = expiresAt.minus(Duration.ofDays(30));
        // F1: a day before, 5.00 of usage: 5 / 7 days = 0.714286 a day, which will not use up the 85.00 in 30 days
        api.advanceTo(warnAt.minus(Duration.ofDays(1)));
        api.meterNow(sub.id(), BACKUP, "1");
        api.awaitBalance(sub.id(), sub.token(), "85.00 left", b -> remainingIs(b, "85"));
        api.advanceTo(warnAt.plus(Duration.ofMinutes(1)));
        List<JsonNode> statement = api.awaitEntries(sub.id(), sub.token(), "TokenExpiring", 1);
        JsonNode expiring = only(ofType(statement, "TokenExpiring"), "TokenExpiring");
        assertMoney("85", expiring.path("payload").path("remaining"), "credit the token still holds");
        assertEquals(expiresAt, Instant.parse(expiring.path("payload").path("expiresAt").asText()));
        assertOneMailEach(sub, expiring.path("eventId").asText(), "TokenExpiring", Set.of(sub.email(), coAdmin));
        JsonNode unused = only(ofType(statement, "TokenWillExpireUnused"), "TokenWillExpireUnused");
        assertMoney("0.714286", unused.path("payload").path("burnPerDay"), "the burn of the last 7 days");
        assertMoney("63.57142", unused.path("payload").path("forecastUnused"), "85.00 - 30 days x 0.714286");
        assertEquals(expiresAt, Instant.parse(unused.path("payload").path("expiresAt").asText()));
        assertOneMailEach(sub, unused.path("eventId").asText(), "TokenWillExpireUnused", Set.of(sub.email(), coAdmin));
        for (JsonNode n : StoryApi.notificationList(api.notifications(sub.id(), sub.token()).json())) {
            if ("TokenExpiring".equals(n.path("type").asText())) {
                assertFalse(Instant.parse(n.path("sentAt").asText()).isBefore(warnAt), "not sent before 30 days before expiry: " + n);
            }
        }
        assertEquals("ACTIVE", api.balanceReply(sub.id(), sub.token()).json().path("status").asText(), "not expired yet");
    }

    @Test
    @Order(120)
    void T8_unused_credit_expires_after_twelve_months() {
        Sub sub = subscription("t8", 1, "USD", "NO");
        String tokenId = sub.activation().path("tokenId").asText();
        api.meterNow(sub.id(), BACKUP, "8"); // 60.00 left
        api.awaitBalance(sub.id(), sub.token(), "60.00 left", b -> remainingIs(b, "60"));
        Instant expiresAt = Instant.parse(sub.activation().path("expiresAt").asText());
        api.advanceTo(expiresAt.plus(Duration.ofMinutes(1)));
        JsonNode expired = api.awaitBalance(sub.id(), sub.token(), "the expiry", b -> "EXPIRED".equals(token(b, tokenId).path("status").asText()));
        assertMoney("0", token(expired, tokenId).path("remaining"), "nothing left on the token");
        assertMoney("0", expired.path("remaining"), "nothing left");
        assertEquals("SUSPENDED", expired.path("status").asText(), "zero by expiry suspends (S1)");
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        JsonNode event = only(ofType(statement, "TokenExpired"), "TokenExpired");
        assertMoney("60", event.path("payload").path("forfeited"), "the amount lost");
        assertEquals(expiresAt, Instant.parse(event.path("payload").path("expiredAt").asText()));
        assertOneMailEach(sub, event.path("eventId").asText(), "TokenExpired", Set.of(sub.email()));
        // no carry-over: new credit is just the new credit
        api.topUp("t8-" + UUID.randomUUID(), sub.id(), "10.00", "USD").expect(201, "a card top-up");
        JsonNode after = api.awaitBalance(sub.id(), sub.token(), "reactivation", b -> "ACTIVE".equals(b.path("status").asText()));
        assertMoney("10", after.path("remaining"), "the expired 60.00 is not carried over");
    }

    @Test
    @Order(130)
    void S3_K8_deprovisioned_ninety_days_after_suspension() {
        Sub sub = subscription("s3", 1, "USD", "NO");
        api.meterNow(sub.id(), BACKUP, "20");
        JsonNode suspended = api.awaitBalance(sub.id(), sub.token(), "suspension", b -> "SUSPENDED".equals(b.path("status").asText()));
        Instant suspendedAt = Instant.parse(suspended.path("suspendedAt").asText());
        assertEquals(suspendedAt.plus(Duration.ofDays(90)), Instant.parse(suspended.path("deprovisionAt").asText()));
        api.advanceTo(suspendedAt.plus(Duration.ofDays(90)).plus(Duration.ofMinutes(1)));
        api.awaitBalance(sub.id(), sub.token(), "deprovisioning", b -> "DEPROVISIONED".equals(b.path("status").asText()));
        JsonNode event = only(ofType(api.statement(sub.id(), sub.token()), "SubscriptionDeprovisioned"), "SubscriptionDeprovisioned");
        assertEquals(suspendedAt.plus(Duration.ofDays(90)), Instant.parse(event.path("payload").path("deprovisionedAt").asText()));
        assertOneMailEach(sub, event.path("eventId").asText(), "SubscriptionDeprovisioned", Set.of(sub.email()));
        // every service now refuses credit and usage for it
        await("the activation-service showing it deprovisioned", () -> api.subscription(sub.id(), sub.token()),
                r -> "DEPROVISIONED".equals(r.json().path("status").asText()));
        String key = api.issueKey(1, "USD");
        StoryApi.Reply more = api.activate(sub.token(), Map.of("keyCode", key, "subscriptionId", sub.id()));
        assertEquals(409, more.status(), more.toString());
        assertEquals("K8-subscription-deprovisioned", more.problem(), more.toString());
        JsonNode usage = await("the gateway refusing usage", () -> api.usage(List.of(
                        usageRecord("s3-" + UUID.randomUUID(), sub.id(), BACKUP, "1", api.now()))),
                answer -> answer.path("accepted").asInt() == 0);
        assertTrue(usage.path("rejected").toString().contains("S3-subscription-deprovisioned"), usage.toString());
        StoryApi.Reply card = api.topUp("s3-" + UUID.randomUUID(), sub.id(), "10.00", "USD");
        assertEquals(422, card.status(), card.toString());
        JsonNode balance = api.balanceReply(sub.id(), sub.token()).json();
        assertEquals("DEPROVISIONED", balance.path("status").asText());
        assertEquals(1, tokens(balance).size(), "no new token: " + balance);
    }

    @Test
    @Order(140)
    void C1_one_long_jump_fires_every_due_event_once_in_due_order() {
        Sub sub = subscription("c1", 1, "USD", "NO");
        api.meterNow(sub.id(), BACKUP, "2"); // 90.00 left
        api.awaitBalance(sub.id(), sub.token(), "90.00 left", b -> remainingIs(b, "90"));
        Instant expiresAt = Instant.parse(sub.activation().path("expiresAt").asText());
        api.advanceTo(expiresAt.plus(Duration.ofDays(91)));
        api.awaitBalance(sub.id(), sub.token(), "deprovisioning", b -> "DEPROVISIONED".equals(b.path("status").asText()));
        List<JsonNode> statement = api.statement(sub.id(), sub.token());
        List<String> timeDriven = List.of("TokenExpiring", "TokenExpired", "SubscriptionSuspended", "SubscriptionDeprovisioned");
        List<JsonNode> due = statement.stream().filter(e -> timeDriven.contains(e.path("type").asText())).toList();
        assertEquals(timeDriven, due.stream().map(e -> e.path("type").asText()).toList(), "each once, in due-time order: " + due);
        List<Instant> at = due.stream().map(e -> Instant.parse(e.path("occurredAt").asText())).toList();
        assertEquals(List.of(expiresAt.minus(Duration.ofDays(30)), expiresAt, expiresAt, expiresAt.plus(Duration.ofDays(90))), at,
                "each at its due time: " + due);
        for (JsonNode event : due) {
            api.awaitMailFor(event.path("eventId").asText(), 1, event.path("type").asText());
        }
        api.awaitNothingPending(sub.id(), sub.token());
        for (JsonNode event : due) {
            assertEquals(1, api.mailFor(event.path("eventId").asText()).size(), "one email for " + event);
        }
    }
}
