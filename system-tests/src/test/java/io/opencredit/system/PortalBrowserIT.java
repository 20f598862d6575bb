package io.opencredit.system;

import static io.opencredit.system.StoryApi.customer;
import static io.opencredit.system.StoryApi.email;
import static io.opencredit.system.StoryApi.operator;
import static io.opencredit.system.StoryApi.usageRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Money;
import io.opencredit.events.MoneyFormat;
import io.opencredit.local.Console;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.SuitePorts;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The portal (SPEC §11, issue 17) in a real headless Chromium against the whole suite started as
 * {@code ./opencredit up} starts it: a customer's, a reseller's and an operator's journey, the language switch,
 * and another tenant's subscription by URL. Every page is kept as a screenshot under
 * {@code target/portal-screenshots} and checked with axe-core for serious accessibility violations.
 * <p>
 * Skipped, saying why, where no chromium and chromedriver are installed; {@code .ci/run} installs them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserIT {

    private static final String VM = "vm-d2s-v5-linux";
    private static final String BACKUP = "backup-instance";

    private static LocalSuite suite;
    private static Path state;
    private static StoryApi api;
    private static Browser browser;
    private static String portal;

    /** The customer journey's subscription and its administrator, for the journeys after it. */
    private static String subscriptionId;
    private static String owner;

    @BeforeAll
    static void startSuiteAndBrowser() throws Exception {
        Assumptions.assumeTrue(Browser.missing().isEmpty(), () -> "portal browser tests skipped: " + Browser.missing().orElse(""));
        Path root = Path.of("..").toAbsolutePath().normalize();
        state = Files.createTempDirectory("opencredit-portal-test");
        suite = new LocalSuite(root, state).withPorts(SuitePorts.free()).withPortal(SuitePorts.freePort()).withServiceSnapshots();
        try {
            suite.start(true, new Console());
        } catch (Exception e) {
            suite.close();
            suite = null;
            throw e;
        }
        api = new StoryApi(suite);
        portal = suite.portalUrl();
        browser = new Browser(portal);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (suite != null) {
            suite.close();
        }
        Path apps = state == null ? null : state.resolve("apps");
        if (apps != null && Files.isDirectory(apps)) {
            try (var paths = Files.walk(apps)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Screenshot and accessibility check of the page the browser shows. */
    private static void keep(String name) {
        browser.screenshot(name);
        List<String> violations = browser.seriousAccessibilityViolations();
        assertTrue(violations.isEmpty(), "axe-core: serious accessibility violations on " + name + ": " + violations);
    }

    private static String money(String amount, String currency) {
        return MoneyFormat.withCurrency(Money.of(new BigDecimal(amount), currency), Locale.ENGLISH);
    }

    private static JsonNode balance() {
        return api.balanceReply(subscriptionId, customer(owner)).expect(200, "the balance").json();
    }

    /** The chart's balance series as the page received it (the server's aggregation). */
    @SuppressWarnings("unchecked")
    private static List<Object> chartBalances() {
        // the balance series' points: the x axis also carries the projection's and the forecast's, as nulls here
        return (List<Object>) browser.script(
                "return JSON.parse(document.getElementById('chart-data').textContent).data[1].filter(v => v !== null);");
    }

    @Test
    @Order(10)
    void Portal_customer_signs_in_activates_a_key_sees_balance_and_chart_which_follow_usage() {
        owner = email("portal-customer");
        String key = api.issueKey(10, "USD");
        browser.open("/subscriptions");
        assertEquals("/sign-in", browser.path(), "no session: the sign-in page");
        keep("00-sign-in");
        browser.signIn("customer", owner);
        assertEquals("/subscriptions", browser.path());
        keep("01-subscriptions-empty");

        browser.type("#keyCode", key);
        browser.type("#name", "Portal story");
        browser.type("#country", "NO");
        browser.submit("#activate-button");
        assertTrue(browser.path().startsWith("/subscriptions/"), "after activating: " + browser.path());
        subscriptionId = browser.path().substring("/subscriptions/".length(), "/subscriptions/".length() + 36);

        JsonNode before = api.awaitBalance(subscriptionId, customer(owner), "the key's credit", b -> b.path("tokens").size() == 1);
        String expected = money(before.path("remaining").asText(), "USD");
        browser.waitFor("the balance " + expected + " on the page", () -> {
            browser.open("/subscriptions/" + subscriptionId);
            return browser.text("#balance").equals(expected);
        });
        assertTrue(browser.text("#tokens").contains(key), "the token of key " + key + " is listed");
        browser.waitFor("the chart drawn", () -> Boolean.TRUE.equals(browser.script("return !!(window.burnDown && document.querySelector('#chart canvas'));")));
        int pointsBefore = chartBalances().size();
        keep("02-subscription");

        api.usage(List.of(usageRecord("portal-" + UUID.randomUUID(), subscriptionId, VM, "10", api.now()),
                usageRecord("portal-" + UUID.randomUUID(), subscriptionId, BACKUP, "3", api.now())));
        StoryApi.await("both usages on the statement", () -> api.statement(subscriptionId, customer(owner)),
                entries -> entries.stream().filter(e -> e.path("type").asText().equals("CreditConsumed")).count() == 2);
        // the page must show what the API shows, read at the same moment
        browser.waitFor("the balance after usage, as the API shows it", () -> {
            browser.open("/subscriptions/" + subscriptionId);
            String apiBalance = money(balance().path("remaining").asText(), "USD");
            return browser.text("#balance").equals(apiBalance) && !apiBalance.equals(expected);
        });
        JsonNode after = balance();
        List<Object> balances = chartBalances();
        // the chart's x values are whole seconds: usage within the second of "now" shares its point, so the point count
        // need not grow; the chart follows usage when it starts at the key's credit and ends at the balance after it
        assertTrue(balances.size() >= pointsBefore, "the chart kept its points: " + pointsBefore + " -> " + balances.size());
        assertEquals(0, new BigDecimal(balances.get(0).toString()).compareTo(new BigDecimal(before.path("remaining").asText())),
                "the chart starts at the key's credit: " + balances);
        // the balance series ends now; after it only the projection has values
        Object last = balances.stream().filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElseThrow();
        assertEquals(0, new BigDecimal(last.toString()).compareTo(new BigDecimal(after.path("remaining").asText())),
                "the chart ends at the balance: " + balances);
        assertTrue(browser.text("#usage").contains(VM) && browser.text("#usage").contains(BACKUP), browser.text("#usage"));
        assertTrue(browser.find("#run-out").getText().matches(".*\\d{4}.*"), "a run-out date from the burn rate: " + browser.text("#run-out"));
        keep("03-subscription-after-usage");
    }

    @Test
    @Order(20)
    void Portal_customer_sets_an_alert_and_sees_the_APIs_validation_message_for_a_sixth() {
        browser.open("/subscriptions/" + subscriptionId);
        browser.type("#number", "1");
        browser.type("#threshold", "5");
        browser.type("#recipient1", owner);
        browser.submit("#save-alert");
        browser.waitFor("alert 1 listed", () -> browser.text("#alert-table").contains("5.00 USD"));
        assertEquals("5", new BigDecimal(api.get(api.ledger + "/subscriptions/" + subscriptionId + "/alerts/1", customer(owner))
                .expect(200, "alert 1").json().path("threshold").asText()).stripTrailingZeros().toPlainString());

        browser.type("#number", "6");
        browser.type("#threshold", "2");
        browser.submit("#save-alert");
        String error = browser.text("#number-error");
        assertTrue(error.contains("at most 5"), "the API's message next to the number: " + error);
        assertEquals("true", browser.find("#number").getAttribute("aria-invalid"));
        assertEquals(1, api.get(api.ledger + "/subscriptions/" + subscriptionId + "/alerts", customer(owner)).json().size(),
                "a refused alert changes nothing");
        keep("04-alert-validation");
    }

    @Test
    @Order(25)
    void Portal_F1_customer_sets_the_forecast_warning_next_to_the_alerts_and_sees_the_ledgers_message_for_a_bad_value() {
        browser.open("/subscriptions/" + subscriptionId);
        assertEquals("14", browser.text("#current-warning-days"), "the ledger's default warning days");
        assertEquals("7", browser.text("#current-burn-window-days"), "the ledger's default burn window");
        browser.type("#warning-days", "30");
        browser.type("#burn-window-days", "10");
        browser.submit("#save-forecast-alert");
        browser.waitFor("the new warning shown", () -> browser.text("#current-warning-days").equals("30"));
        JsonNode forecast = api.forecast(subscriptionId, customer(owner)).expect(200, "the forecast").json();
        assertEquals(30, forecast.path("warningDays").asInt(), forecast.toString());
        assertEquals(10, forecast.path("burnWindowDays").asInt(), forecast.toString());

        browser.type("#warning-days", "400");
        browser.submit("#save-forecast-alert");
        String error = browser.text("#warning-days-error");
        assertTrue(error.contains("365"), "the ledger's message next to the warning days: " + error);
        assertEquals("true", browser.find("#warning-days").getAttribute("aria-invalid"));
        assertEquals(30, api.forecast(subscriptionId, customer(owner)).json().path("warningDays").asInt(), "a refused change changes nothing");
        keep("04b-forecast-warning");
    }

    @Test
    @Order(27)
    void Portal_F4_customer_sees_an_operators_adjustment_on_the_statement_and_in_the_balance() {
        JsonNode adjusted = api.adjust(subscriptionId, StoryApi.operator(), Map.of("amount", "25", "currency", "USD",
                "reason", "goodwill for the outage", "reference", "portal-" + UUID.randomUUID()), false).expect(201, "an adjustment").json();
        String expected = money(adjusted.path("remaining").asText(), "USD");
        browser.waitFor("the adjusted balance " + expected + " on the page", () -> {
            browser.open("/subscriptions/" + subscriptionId);
            return browser.text("#balance").equals(expected);
        });
        String statement = browser.text("#statement");
        assertTrue(statement.contains("Credit added by an operator") && statement.contains("goodwill for the outage"),
                "the adjustment and its reason on the statement: " + statement);
        assertTrue(browser.text("#tokens").contains("Adjustment by an operator"), "the adjustment's token: " + browser.text("#tokens"));
        Object last = chartBalances().stream().filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElseThrow();
        assertEquals(0, new BigDecimal(last.toString()).compareTo(new BigDecimal(adjusted.path("remaining").asText())),
                "the chart ends at the adjusted balance: " + chartBalances());
        keep("04c-adjustment");
    }

    @Test
    @Order(30)
    void Portal_customer_exports_the_statement_as_CSV_with_a_row_per_ledger_entry() throws Exception {
        browser.open("/subscriptions/" + subscriptionId);
        String href = browser.find("#csv").getAttribute("href");
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", "oc_session=" + browser.sessionCookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode());
        List<String> lines = csv.body().lines().toList();
        List<JsonNode> entries = api.statement(subscriptionId, customer(owner));
        assertEquals(entries.size() + 1, lines.size(), "a header and one row per entry:\n" + csv.body());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String[] cells = lines.get(i + 1).split(",", -1);
            assertEquals(entry.path("sequence").asText(), cells[0]);
            assertEquals(entry.path("type").asText(), cells[2]);
            JsonNode amount = entry.path("payload").path("amount");
            if (amount.isObject()) {
                assertEquals(0, new BigDecimal(amount.path("amount").asText()).compareTo(new BigDecimal(cells[3])),
                        "amount of entry " + entry);
            }
        }
        assertEquals(browser.text("#entry-count"), Integer.toString(entries.size()));
    }

    @Test
    @Order(40)
    void Portal_another_tenants_subscription_by_URL_is_the_404_page() throws Exception {
        String stranger = email("portal-stranger");
        browser.signIn("customer", stranger);
        browser.open("/subscriptions/" + subscriptionId);
        assertTrue(browser.text("h1").startsWith("Not found"), browser.text("h1"));
        assertTrue(!browser.driver.getPageSource().contains("Portal story"), "nothing of the subscription shows");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(portal + "/subscriptions/" + subscriptionId))
                .header("Cookie", "oc_session=" + browser.sessionCookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, answer.statusCode());
        keep("05-not-found");
    }

    @Test
    @Order(50)
    void Portal_reseller_sees_the_keys_it_sold_the_co_administered_subscription_and_the_key_in_it() {
        String reseller = email("portal-reseller");
        api.addCoAdministrator(customer(owner), subscriptionId, reseller);
        // a reseller is its sign-in email: the operator issues its keys with that email (other letters) as resellerId
        String sold = api.post(api.activation + "/keys", operator(), java.util.Map.of("units", 2, "currency", "USD",
                "purchasedOn", java.time.LocalDate.ofInstant(api.now(), java.time.ZoneOffset.UTC).toString(),
                "resellerId", reseller.toUpperCase(Locale.ROOT))).expect(201, "a key sold by the reseller").json().path("code").asText();
        browser.signIn("reseller", reseller);
        assertEquals("/reseller", browser.path());
        assertTrue(browser.text("#sold-keys").contains(sold), "the key it sold: " + browser.text("#sold-keys"));
        assertEquals(1, browser.all("#sold-keys tbody tr").size(), "only its own keys");
        assertTrue(browser.text("#co-subscriptions").contains("Portal story"), browser.text("#co-subscriptions"));
        assertTrue(browser.all("#keys tbody tr").size() == 1, "the one key activated into it");
        keep("06-reseller");
    }

    @Test
    @Order(60)
    void Portal_operator_issues_a_key_sees_services_and_moves_the_suite_clock() {
        browser.signIn("operator", email("portal-operator"));
        assertEquals("/operator", browser.path());
        browser.type("#units", "3");
        browser.type("#currency", "EUR");
        browser.type("#resellerId", "reseller-portal");
        browser.submit("#issue-button");
        String code = browser.text("#issued-code");
        JsonNode key = api.get(api.activation + "/keys/" + code, operator()).expect(200, "the issued key").json();
        assertEquals("ISSUED", key.path("status").asText());
        assertEquals(3, key.path("units").asInt());
        assertEquals(4, browser.all("#services tbody tr").size(), "every service's dead letters and lag");
        keep("07-operator");

        browser.type("#units", "0");
        browser.submit("#issue-button");
        assertTrue(!browser.text("#units-error").isBlank(), "the API's message next to units");

        String offsetBefore = browser.text("#clock-offset");
        browser.type("#duration", "PT1H");
        browser.submit("#advance");
        browser.waitFor("the clock moved", () -> !browser.text("#clock-offset").equals(offsetBefore));
        Duration offset = StoryApi.offset(api.get(api.ledger + "/ops/clock", null).json());
        assertTrue(offset.compareTo(Duration.ofHours(1)) >= 0, "the suite clock moved by the hour: " + offset);
    }

    @Test
    @Order(70)
    void Portal_speaks_Norwegian_with_Norwegian_amounts_after_the_switch() {
        browser.signIn("customer", owner);
        browser.open("/subscriptions/" + subscriptionId);
        String english = browser.text("#balance");
        browser.submit("a[hreflang=nb]");
        assertEquals("Saldo", browser.text("#balance-heading"));
        String norwegian = browser.text("#balance");
        String remaining = balance().path("remaining").asText();
        // WebDriver reads the no-break space between thousands as a plain space
        assertEquals(MoneyFormat.withCurrency(Money.of(new BigDecimal(remaining), "USD"), Locale.forLanguageTag("nb"))
                .replace(MoneyFormat.NO_BREAK_SPACE, ' '), norwegian.replace(MoneyFormat.NO_BREAK_SPACE, ' '));
        assertTrue(!english.equals(norwegian) || !english.contains("."), english + " / " + norwegian);
        keep("08-subscription-norwegian");
        browser.submit("a[hreflang=en]");
        assertEquals("Balance", browser.text("#balance-heading"));
    }
}
