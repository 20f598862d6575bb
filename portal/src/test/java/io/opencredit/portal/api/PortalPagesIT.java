package io.opencredit.portal.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.portal.client.ServiceApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portal's pages against stubbed services ({@link StubServices}): the local sign-in's token, the person's own
 * token on every API call, the 404 page, and the time a 10,000-entry subscription page takes on the server.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class PortalPagesIT {

    @TestHTTPResource("/")
    URL url;

    private static String signIn(String role, String email) {
        Response answer = given().redirects().follow(false).formParam("role", role).formParam("email", email)
                .when().post("/sign-in");
        assertThat(answer.statusCode()).isEqualTo(303);
        return answer.getCookie(Session.COOKIE);
    }

    @Test
    void Portal_local_sign_in_mints_the_token_opencredit_token_would_print() throws Exception {
        String token = signIn("customer", "Anna@Example.com");
        String[] parts = token.split("\\.");
        var claims = ServiceApi.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("https://opencredit.local/issuer");
        assertThat(claims.path("aud").toString()).contains("opencredit");
        assertThat(claims.path("upn").asText()).isEqualTo("anna@example.com");
        assertThat(claims.path("groups").toString()).isEqualTo("[\"customer\"]");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(8 * 3600);
        // signed with the development key the services trust: its public half verifies it
        String pem = Files.readString(Path.of("..", "common-runtime", "src", "main", "resources", "opencredit", "dev", "jwt-public.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void Portal_sign_in_refuses_an_unknown_role_or_a_malformed_email_and_sets_no_session() {
        given().redirects().follow(false).formParam("role", "admin").formParam("email", "a@example.com")
                .when().post("/sign-in").then().statusCode(400).header("Set-Cookie", (String) null);
        given().redirects().follow(false).formParam("role", "customer").formParam("email", "not-an-email")
                .when().post("/sign-in").then().statusCode(400).header("Set-Cookie", (String) null);
    }

    @Test
    void Portal_pages_need_a_session_and_send_everyone_else_to_sign_in() {
        for (String path : List.of("/subscriptions", "/subscriptions/" + StubServices.KNOWN, "/reseller", "/operator")) {
            given().redirects().follow(false).when().get(path).then().statusCode(303)
                    .header("Location", org.hamcrest.Matchers.endsWith("/sign-in"));
        }
        given().redirects().follow(false).cookie(Session.COOKIE, "garbage").when().get("/subscriptions").then().statusCode(303);
    }

    @Test
    void Portal_calls_the_API_with_the_persons_own_token_and_nothing_else() {
        String token = signIn("customer", "anna@example.com");
        StubServices.AUTHORIZATIONS.clear();
        given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200);
        assertThat(StubServices.AUTHORIZATIONS).isNotEmpty().allMatch(("Bearer " + token)::equals);
    }

    @Test
    void Tracing_a_page_and_every_service_call_it_makes_are_one_trace() {
        String token = signIn("customer", "tess@example.com");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        StubServices.TRACEPARENTS.clear();
        StubServices.STATEMENT_FOLLOW_UPS.set(0);
        // a caller's sampled traceparent is continued, as the services do; the page's calls are children of its span
        given().cookie(Session.COOKIE, token).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200);
        assertThat(StubServices.STATEMENT_FOLLOW_UPS.get()).as("pages followed on the client's threads").isPositive();
        assertThat(StubServices.TRACEPARENTS).isNotEmpty()
                .allMatch(header -> header.matches("00-" + traceId + "-[0-9a-f]{16}-01"), "of the caller's trace")
                .noneMatch(header -> header.contains("00f067aa0ba902b7"));
        // without a caller's context the page starts a trace of its own, and its calls still carry it
        StubServices.TRACEPARENTS.clear();
        given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200);
        assertThat(StubServices.TRACEPARENTS).isNotEmpty().allMatch(header -> header.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"))
                .extracting(header -> header.substring(3, 35)).containsOnly(StubServices.TRACEPARENTS.get(0).substring(3, 35));
    }

    @Test
    void Portal_an_unknown_or_foreign_subscription_is_the_404_page() {
        String token = signIn("customer", "bob@example.com");
        for (String id : List.of("0b7e1d9c-0000-4000-8000-000000000000", "not-a-uuid")) {
            String html = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + id).then().statusCode(404)
                    .contentType("text/html").extract().asString();
            assertThat(html).contains("Not found").doesNotContain("Stubbed");
        }
        given().cookie(Session.COOKIE, token).when().get("/subscriptions/0b7e1d9c-0000-4000-8000-000000000000/statement.csv")
                .then().statusCode(404);
    }

    @Test
    void Portal_subscription_page_shows_amounts_and_dates_in_the_persons_language_and_zone() {
        String token = signIn("customer", "anna@example.com");
        String english = given().cookie(Session.COOKIE, token).cookie(Page.ZONE_COOKIE, "Europe/Oslo")
                .when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200).extract().asString();
        assertThat(english).contains("5,000.50 EUR").contains("datetime=\"2027-01-01T00:00:00Z\"").contains("1 Jan 2027");
        String norwegian = given().cookie(Session.COOKIE, token).header("Accept-Language", "nb-NO,nb;q=0.9")
                .cookie(Page.ZONE_COOKIE, "Europe/Oslo")
                .when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200).extract().asString();
        assertThat(norwegian).contains("5\u00a0000,50 EUR").contains("Saldo").contains("1. jan. 2027");
    }

    @Test
    void Portal_subscription_page_lists_the_emails_of_every_page_the_alerting_service_answers() {
        String token = signIn("customer", "anna@example.com");
        String html = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200)
                .extract().asString();
        assertThat(html).contains("Kreditten er snart brukt opp (side 1)").contains("Abonnementet er stengt (side 2)");
    }

    @Test
    void Portal_subscription_page_shows_the_ledgers_forecast_and_still_renders_without_it() throws Exception {
        String token = signIn("customer", "anna@example.com");
        String html = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200)
                .extract().asString();
        assertThat(html).contains("id=\"forecast-run-out\"").contains("datetime=\"2027-01-01\"").contains("1,300.50 EUR");
        int start = html.indexOf("id=\"chart-data\">") + "id=\"chart-data\">".length();
        var forecastSeries = ServiceApi.JSON.readTree(html.substring(start, html.indexOf("</script>", start))).path("data").get(3);
        List<String> forecastPoints = new ArrayList<>();
        forecastSeries.forEach(v -> {
            if (!v.isNull()) {
                forecastPoints.add(v.decimalValue().stripTrailingZeros().toPlainString());
            }
        });
        // from today's 5,000.50 down at 20 a day to 1,300.50 at t1's expiry, which then drops unused
        assertThat(forecastPoints).containsExactly("5000.5", "1300.5", "0");

        StubServices.forecastFails = true;
        try {
            String without = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then()
                    .statusCode(200).extract().asString();
            assertThat(without).contains("5,000.50 EUR").contains("id=\"run-out\"").doesNotContain("forecast-run-out")
                    .doesNotContain("1,300.50 EUR");
        } finally {
            StubServices.forecastFails = false;
        }
    }

    /** The value attribute of the input with this id, as the page renders it. */
    private static String inputValue(String html, String id) {
        var match = java.util.regex.Pattern.compile("<input id=\"" + id + "\"[^>]*\\svalue=\"([^\"]*)\"").matcher(html);
        assertThat(match.find()).as("input #%s", id).isTrue();
        return match.group(1);
    }

    @Test
    void F1_the_forecast_warning_is_set_next_to_the_alerts_with_the_persons_token_and_the_ledgers_message_next_to_the_field()
            throws Exception {
        String token = signIn("customer", "anna@example.com");
        String path = "/subscriptions/" + StubServices.KNOWN;
        try {
            // the current settings, from the forecast the page already asks for
            String html = given().cookie(Session.COOKIE, token).when().get(path).then().statusCode(200).extract().asString();
            assertThat(html.indexOf("id=\"forecast-alert\"")).as("next to the alerts form").isGreaterThan(html.indexOf("id=\"alert-form\""));
            assertThat(html).contains("action=\"" + path + "/forecast-alert\"").contains("Forecast warning")
                    .contains("id=\"current-warning-days\">14<").contains("id=\"current-burn-window-days\">7<");
            assertThat(inputValue(html, "warning-days")).isEqualTo("14");
            assertThat(inputValue(html, "burn-window-days")).isEqualTo("7");
            String norwegian = given().cookie(Session.COOKIE, token).header("Accept-Language", "nb-NO,nb;q=0.9").when().get(path)
                    .then().statusCode(200).extract().asString();
            assertThat(norwegian).contains("Prognosevarsel").contains("Varseldager").contains("Forbruksvindu (dager)");

            // a valid change: the ledger's PUT with {warningDays, burnWindowDays} and the person's own token, then redirect
            StubServices.FORECAST_ALERT_PUTS.clear();
            given().redirects().follow(false).cookie(Session.COOKIE, token).formParam("warningDays", "30")
                    .formParam("burnWindowDays", " 10 ").when().post(path + "/forecast-alert").then().statusCode(303)
                    .header("Location", org.hamcrest.Matchers.endsWith(path + "?forecastAlert=saved#forecast-alert"));
            assertThat(StubServices.FORECAST_ALERT_PUTS).hasSize(1);
            assertThat(StubServices.FORECAST_ALERT_PUTS.get(0).getKey()).isEqualTo("Bearer " + token);
            assertThat(ServiceApi.JSON.readTree(StubServices.FORECAST_ALERT_PUTS.get(0).getValue()))
                    .isEqualTo(ServiceApi.JSON.readTree("{\"warningDays\":30,\"burnWindowDays\":10}"));
            String saved = given().cookie(Session.COOKIE, token).when().get(path).then().statusCode(200).extract().asString();
            assertThat(inputValue(saved, "warning-days")).isEqualTo("30");
            assertThat(inputValue(saved, "burn-window-days")).isEqualTo("10");

            // out of range: the ledger's 422 detail next to the field it is about, what was typed kept, nothing changed
            String refused = given().cookie(Session.COOKIE, token).formParam("warningDays", "400").formParam("burnWindowDays", "10")
                    .when().post(path + "/forecast-alert").then().statusCode(422).contentType("text/html").extract().asString();
            assertThat(refused).contains("<span class=\"field-error\" id=\"warning-days-error\" role=\"alert\">"
                            + "warningDays must be 1 to 365; got 400</span>")
                    .contains("aria-describedby=\"warning-days-error\"").doesNotContain("burn-window-days-error")
                    .contains("id=\"current-warning-days\">30<");
            assertThat(inputValue(refused, "warning-days")).isEqualTo("400");
            String window = given().cookie(Session.COOKIE, token).formParam("warningDays", "30").formParam("burnWindowDays", "32")
                    .when().post(path + "/forecast-alert").then().statusCode(422).extract().asString();
            assertThat(window).contains("id=\"burn-window-days-error\" role=\"alert\">burnWindowDays must be 1 to 31; got 32<")
                    .doesNotContain("warning-days-error");
            // no whole number: refused by the portal itself, the ledger not asked
            int puts = StubServices.FORECAST_ALERT_PUTS.size();
            String typo = given().cookie(Session.COOKIE, token).formParam("warningDays", "two weeks").formParam("burnWindowDays", "7")
                    .when().post(path + "/forecast-alert").then().statusCode(400).extract().asString();
            assertThat(typo).contains("id=\"warning-days-error\" role=\"alert\">Give a whole number of days.<");
            assertThat(StubServices.FORECAST_ALERT_PUTS).hasSize(puts);
            assertThat(StubServices.FORECAST_ALERT_PUTS.stream().map(Map.Entry::getKey)).containsOnly("Bearer " + token);
            String after = given().cookie(Session.COOKIE, token).when().get(path).then().statusCode(200).extract().asString();
            assertThat(inputValue(after, "warning-days")).isEqualTo("30");
            assertThat(inputValue(after, "burn-window-days")).isEqualTo("10");
            assertThat(StubServices.warningDays).isEqualTo(30);
            assertThat(StubServices.burnWindowDays).isEqualTo(10);
        } finally {
            StubServices.warningDays = 14;
            StubServices.burnWindowDays = 7;
        }
    }

    @Test
    void Portal_reseller_page_lists_the_keys_it_sold_a_page_at_a_time_with_its_own_token() {
        String token = signIn("reseller", "rita@example.com");
        StubServices.AUTHORIZATIONS.clear();
        String first = given().cookie(Session.COOKIE, token).when().get("/reseller").then().statusCode(200).extract().asString();
        assertThat(StubServices.AUTHORIZATIONS).isNotEmpty().allMatch(("Bearer " + token)::equals);
        assertThat(first).contains("id=\"sold-keys\"").contains("BBBBB-CCCCC-DDDDD-FFFFF-GGGG1").contains("Activated")
                .contains("href=\"/subscriptions/" + StubServices.KNOWN + "\"").contains("BBBBB-CCCCC-DDDDD-FFFFF-GGGG2")
                .contains("key-returned").doesNotContain("GGGG3")
                .contains("href=\"/reseller?keysAfter=" + StubServices.KEYS_CURSOR + "\"");
        String second = given().cookie(Session.COOKIE, token).queryParam("keysAfter", StubServices.KEYS_CURSOR).when().get("/reseller")
                .then().statusCode(200).extract().asString();
        assertThat(second).contains("BBBBB-CCCCC-DDDDD-FFFFF-GGGG3").doesNotContain("GGGG1").doesNotContain("id=\"sold-next\"")
                .contains("id=\"sold-first\"");
    }

    @Test
    void F4_the_subscription_page_describes_corrections_in_the_persons_language_and_the_chart_ends_at_the_remaining() throws Exception {
        String token = signIn("customer", "anna@example.com");
        String english = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.CORRECTED).then()
                .statusCode(200).extract().asString();
        assertThat(english).contains("Credit added by an operator (adjustment)").contains("Credit taken by an operator (adjustment)")
                .contains("Usage voided: credit given back").contains("(billing error)").contains("(meter fault)")
                // the operator's reason is text, never markup
                .contains("goodwill &lt;b&gt;bonus&lt;/b&gt;").doesNotContain("<b>bonus</b>")
                .contains("Adjustment by an operator").contains("-15.00 EUR");
        int start = english.indexOf("id=\"chart-data\">") + "id=\"chart-data\">".length();
        var balances = ServiceApi.JSON.readTree(english.substring(start, english.indexOf("</script>", start))).path("data").get(1);
        List<String> points = new ArrayList<>();
        balances.forEach(v -> {
            if (!v.isNull()) {
                points.add(v.decimalValue().stripTrailingZeros().toPlainString());
            }
        });
        assertThat(points).containsExactly("100", "70", "90", "75", "105", "105");

        String norwegian = given().cookie(Session.COOKIE, token).header("Accept-Language", "nb-NO,nb;q=0.9")
                .when().get("/subscriptions/" + StubServices.CORRECTED).then().statusCode(200).extract().asString();
        assertThat(norwegian).contains("Kreditt lagt til av operatør (justering)").contains("Kreditt trukket av operatør (justering)")
                .contains("Forbruk annullert: kreditten er tilbakeført").contains("Justering fra operatør");
    }

    @Test
    void F4_the_statement_csv_carries_the_corrections_amounts_and_changes() {
        String token = signIn("customer", "anna@example.com");
        List<String> lines = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.CORRECTED + "/statement.csv")
                .then().statusCode(200).extract().asString().lines().toList();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(4)).isEqualTo("4,2026-01-03T00:00:00Z,CreditAdjusted,20,EUR,20,a1,,,,");
        assertThat(lines.get(5)).isEqualTo("5,2026-01-04T00:00:00Z,CreditAdjusted,-15,EUR,-15,t1,,,,");
        assertThat(lines.get(6)).isEqualTo("6,2026-01-05T00:00:00Z,UsageVoided,30,EUR,30,t1,u1,,,");
    }

    /** Issue 22: the ledger answers its statement in pages; the CSV follows {@code next} to the last one, every entry once. */
    @Test
    void Portal_the_statement_csv_follows_the_ledgers_pages_to_the_last_one() {
        String token = signIn("customer", "anna@example.com");
        int before = StubServices.STATEMENT_FOLLOW_UPS.get();
        String csv = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN + "/statement.csv")
                .then().statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(StubServices.ENTRIES + 1);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("row %d", i).startsWith(i + ",");
        }
        assertThat(StubServices.STATEMENT_FOLLOW_UPS.get() - before).as("pages after the first").isEqualTo(StubServices.ENTRIES / 1000 - 1);
    }

    /** The CSV streams the ledger's pages: a statement of more than the 20 pages once followed exports to its last row. */
    @Test
    void Portal_the_statement_csv_of_more_than_twenty_ledger_pages_exports_every_entry_in_order() throws Exception {
        String token = signIn("customer", "anna@example.com");
        int before = StubServices.LONG_FOLLOW_UPS.get();
        StubServices.TRACEPARENTS.clear();
        HttpResponse<java.io.InputStream> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(url + "subscriptions/" + StubServices.LONG + "/statement.csv"))
                        .header("Cookie", Session.COOKIE + "=" + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(answer.headers().firstValue("Content-Disposition")).contains(
                "attachment; filename=\"statement-" + StubServices.LONG + ".csv\"");
        long rows = 0;
        String last = null;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("sequence,occurredAt,type,amount,currency,balanceChange,tokenId,usageId,service,meterId,quantity");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows++;
                assertThat(line).as("row %d", rows).startsWith(rows + ",");
                last = line;
            }
        }
        int entries = StubServices.LONG_PAGES * 1000;
        assertThat(rows).isEqualTo(entries);
        assertThat(last).isEqualTo(entries + ",2026-01-01T00:00:00Z,CreditConsumed,0.01,EUR,-0.01,t1,u" + entries + ",,,");
        assertThat(StubServices.LONG_FOLLOW_UPS.get() - before).as("pages after the first").isEqualTo(StubServices.LONG_PAGES - 1);
        // the pages asked for while streaming, after the resource returned, are of the download's trace too
        assertThat(StubServices.TRACEPARENTS).hasSize(StubServices.LONG_PAGES).allMatch(header -> header.startsWith("00-"))
                .extracting(header -> header.substring(3, 35)).containsOnly(StubServices.TRACEPARENTS.get(0).substring(3, 35));
    }

    /**
     * Issue 17: a subscription with 10,000 statement entries renders in at most 300 ms of server time. Measured
     * here and printed (a timed assertion would fail on a busy CI machine for nothing): the full page, the portal
     * fetching the 10,000 entries from the (stubbed) ledger over loopback, aggregating and rendering them.
     */
    @Test
    void Portal_a_ten_thousand_entry_subscription_page_is_aggregated_and_paged_on_the_server() throws Exception {
        String token = signIn("customer", "anna@example.com");
        String html = null;
        for (int i = 0; i < 40; i++) { // warm-up: JIT, connection pool
            html = given().cookie(Session.COOKIE, token).when().get("/subscriptions/" + StubServices.KNOWN).then().statusCode(200)
                    .extract().asString();
        }
        List<Long> micros = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        int requests = 30;
        // a plain JDK client for the timed requests: RestAssured's own CPU would blur the CPU figure
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "subscriptions/" + StubServices.KNOWN))
                .header("Cookie", Session.COOKIE + "=" + token).GET().build();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> page = client.send(request, HttpResponse.BodyHandlers.ofString());
            micros.add((System.nanoTime() - start) / 1000);
            assertThat(page.statusCode()).isEqualTo(200);
        }
        long cpuPerPage = (os.getProcessCpuTime() - cpuBefore) / requests;
        Collections.sort(micros);
        // the wall time depends on how busy the machine is; the CPU time per page (this JVM: portal, stub and client
        // together, so an upper bound of the portal's own) does not
        System.out.printf("PORTAL PAGE 10k entries: statement %d bytes, page %d bytes; wall time median %.1f ms, p90 %.1f ms,"
                        + " max %.1f ms over %d requests; CPU per page %.1f ms (portal + stub + client); load average %.1f on %d cores%n",
                StubServices.statementBytes, html.length(), micros.get(micros.size() / 2) / 1000.0,
                micros.get(micros.size() * 9 / 10) / 1000.0, micros.get(micros.size() - 1) / 1000.0, requests, cpuPerPage / 1e6,
                os.getSystemLoadAverage(), os.getAvailableProcessors());
        assertThat(html).contains("id=\"entry-count\">" + StubServices.ENTRIES + "<");
        // paged: one page of 50 rows, not 10,000
        assertThat(html.split("<tr><td>", -1).length - 1).isLessThanOrEqualTo(60);
        // aggregated: the chart carries at most 400 balance points (and a few of the projection and the forecast)
        int start = html.indexOf("id=\"chart-data\">") + "id=\"chart-data\">".length();
        var data = ServiceApi.JSON.readTree(html.substring(start, html.indexOf("</script>", start))).path("data");
        int balancePoints = 0;
        for (var v : data.get(1)) {
            balancePoints += v.isNull() ? 0 : 1;
        }
        // (thinning keeps the first and last besides one point per bucket: a point or two over; the old check on the
        // JSON's commas allowed about 430 a series)
        assertThat(balancePoints).isLessThan(405);
        assertThat(data.get(0).size()).isLessThan(415);
    }
}
