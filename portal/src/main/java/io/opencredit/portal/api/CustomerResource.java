package io.opencredit.portal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.portal.api.Views.AlertRow;
import io.opencredit.portal.api.Views.FieldError;
import io.opencredit.portal.api.Views.NotificationRow;
import io.opencredit.portal.api.Views.SubscriptionRow;
import io.opencredit.portal.api.Views.TokenRow;
import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.client.ServiceApi.Answer;
import io.opencredit.portal.config.PortalConfig;
import io.opencredit.portal.domain.BurnDown;
import io.opencredit.portal.domain.Forecast;
import io.opencredit.portal.domain.Statement;
import io.opencredit.portal.domain.StatementCsv;
import io.opencredit.portal.domain.UsageSummary;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The customer's pages (resellers share them for the subscriptions they co-administer): the list of
 * subscriptions with key activation, and one subscription with its balance, tokens, burn-down chart, usage,
 * statement (paged, and as CSV), notifications, alerts and the forecast warning (F1).
 */
@Path("/subscriptions")
@Produces(MediaType.TEXT_HTML)
public class CustomerResource {

    static final int STATEMENT_PAGE = 50;
    /** Entries per call to the ledger's statement: its largest page. */
    static final int LEDGER_PAGE = 1000;
    static final int CHART_POINTS = 400;
    static final Duration BURN_WINDOW = Duration.ofDays(7);

    private final PortalConfig config;
    private final ServiceApi api;
    private final Template list;
    private final Template subscription;

    public CustomerResource(PortalConfig config, ServiceApi api, @Location("subscriptions.html") Template list,
                            @Location("subscription.html") Template subscription) {
        this.config = config;
        this.api = api;
        this.list = list;
        this.subscription = subscription;
    }

    @GET
    public TemplateInstance subscriptions(@Context HttpHeaders headers, @QueryParam("after") String after) {
        Page page = Page.of(headers, config);
        return listPage(page, after, List.of(), Map.of());
    }

    TemplateInstance listPage(Page page, String after, List<FieldError> errors, Map<String, String> form) {
        Session session = page.requireSession();
        String query = "?limit=50" + (after == null || after.isBlank() ? "" : "&after=" + encode(after));
        Answer answer = api.get(config.activationUrl() + "/subscriptions" + query, session.token());
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        List<SubscriptionRow> rows = new ArrayList<>();
        answer.body().path("items").forEach(s -> rows.add(SubscriptionRow.of(s)));
        String next = answer.body().path("next").asText(null);
        return page.render(list, "/subscriptions").data("subscriptions", rows).data("next", next)
                .data("errors", Views.byField(errors)).data("form", form).data("apiError", answer.ok() ? null : answer.detail());
    }

    /** Activating a key: into one of the person's subscriptions, or into a new one with them as account admin. */
    @POST
    @Path("/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate(@Context HttpHeaders headers, @FormParam("keyCode") String keyCode,
                             @FormParam("target") String target, @FormParam("name") String name,
                             @FormParam("country") String country) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyCode", keyCode == null ? "" : keyCode.strip());
        if (target == null || target.isBlank() || "new".equals(target)) {
            Map<String, Object> account = Map.of("email", session.email(), "createdOn", LocalDate.now(ZoneOffset.UTC).toString());
            Map<String, Object> subscription = new LinkedHashMap<>();
            subscription.put("name", name == null ? "" : name.strip());
            subscription.put("country", country == null ? "" : country.strip());
            subscription.put("cloud", "public");
            subscription.put("account", account);
            body.put("newSubscription", subscription);
        } else {
            body.put("subscriptionId", target);
        }
        Answer answer = api.post(config.activationUrl() + "/activations", session.token(), body);
        if (answer.ok()) {
            return Response.seeOther(URI.create("/subscriptions/" + answer.body().path("subscriptionId").asText() + "?activated=1")).build();
        }
        String detail = answer.detail();
        String field = detail.contains("name") ? "name" : detail.contains("country") ? "country" : "keyCode";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("keyCode", keyCode == null ? "" : keyCode);
        form.put("name", name == null ? "" : name);
        form.put("country", country == null ? "" : country);
        return Response.status(answer.status() == 404 ? 422 : answer.status())
                .entity(listPage(page, null, List.of(new FieldError(field, detail)), form)).build();
    }

    @GET
    @Path("/{id}")
    public TemplateInstance subscription(@Context HttpHeaders headers, @PathParam("id") String id,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("page") Integer statementPage) {
        Page page = Page.of(headers, config);
        return subscriptionPage(page, id, from, to, statementPage, List.of(), Map.of(), Map.of());
    }

    /**
     * One subscription's page; {@code errors} go next to their fields, {@code alertForm} and {@code forecastForm} are what
     * the person typed into a form that was refused (empty: the alert form's defaults, the forecast warning as it is).
     */
    TemplateInstance subscriptionPage(Page page, String id, String from, String to, Integer statementPage,
                                      List<FieldError> errors, Map<String, String> alertForm, Map<String, String> forecastForm) {
        Session session = page.requireSession();
        String subscriptionId = subscriptionId(id);
        String token = session.token();
        String base = config.ledgerUrl() + "/subscriptions/" + subscriptionId;
        // the page's six parts, asked for at once
        CompletableFuture<Answer> subscriptionAnswer = api.getAsync(config.activationUrl() + "/subscriptions/" + subscriptionId, token);
        CompletableFuture<Answer> balanceAnswer = api.getAsync(base + "/balance", token);
        CompletableFuture<ServiceApi.Raw> statementAnswer = api.getRawAsync(base + "/statement?limit=" + LEDGER_PAGE, token);
        CompletableFuture<Answer> alertsAnswer = api.getAsync(base + "/alerts", token);
        // the emails come a page at a time, oldest first: every page is followed
        CompletableFuture<Answer> notificationsAnswer = api.getAllPagesAsync(config.alertingUrl() + "/subscriptions/" + subscriptionId
                + "/notifications", token);
        CompletableFuture<Answer> forecastAnswer = api.getAsync(base + "/forecast", token);
        SubscriptionRow info = SubscriptionRow.of(require(ServiceApi.await(subscriptionAnswer), id));
        JsonNode balance = require(ServiceApi.await(balanceAnswer), id);
        Statement statement = wholeStatement(ServiceApi.await(statementAnswer), base, token, id);
        String currency = balance.path("currency").asText(info.currency());
        BigDecimal remaining = Views.decimal(balance.path("remaining"));
        BigDecimal overage = Views.decimal(balance.path("overage"));
        Instant now = Views.instant(balance.path("asOf"));
        if (now == null) {
            now = Instant.now();
        }
        List<TokenRow> tokens = new ArrayList<>();
        balance.path("tokens").forEach(t -> tokens.add(TokenRow.of(t)));

        Instant periodTo = date(to).map(d -> d.plusDays(1).atStartOfDay(page.zone()).toInstant()).orElse(now);
        Instant periodFrom = date(from).map(d -> d.atStartOfDay(page.zone()).toInstant()).orElse(periodTo.minus(Duration.ofDays(30)));
        List<UsageSummary.Line> usage = UsageSummary.of(statement, periodFrom, periodTo);
        BigDecimal usageTotal = usage.stream().map(UsageSummary.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);

        List<BurnDown.TokenLeft> left = tokens.stream().filter(t -> "ACTIVE".equals(t.status()))
                .map(t -> new BurnDown.TokenLeft(t.remaining(), t.expiresAt())).toList();
        BurnDown burnDown = BurnDown.of(statement, remaining, left, now, BURN_WINDOW, CHART_POINTS);
        Forecast forecast = forecast(forecastAnswer);
        List<BurnDown.Point> forecastLine = forecast == null ? List.of() : forecast.line(remaining, now);
        Map<String, BigDecimal> unusedAtExpiry = new LinkedHashMap<>();
        if (forecast != null) {
            forecast.tokens().stream().filter(f -> f.forecastUnusedAtExpiry() != null)
                    .forEach(f -> unusedAtExpiry.put(f.tokenId(), f.forecastUnusedAtExpiry()));
        }
        int pages = statement.pages(STATEMENT_PAGE);
        int shownPage = statementPage == null ? 1 : Math.max(1, Math.min(pages, statementPage));

        List<NotificationRow> notifications = new ArrayList<>();
        Answer notified = ServiceApi.await(notificationsAnswer);
        if (notified.ok()) {
            notified.body().forEach(n -> notifications.add(NotificationRow.of(n)));
        }
        return page.render(subscription, "/subscriptions/" + subscriptionId)
                .data("sub", info)
                .data("currency", currency)
                .data("status", balance.path("status").asText(info.status()))
                .data("remaining", remaining)
                .data("overage", overage)
                .data("hasOverage", overage != null && overage.signum() != 0)
                .data("asOf", now)
                .data("tokens", tokens)
                .data("burn", burnDown)
                .data("chartJson", chartJson(burnDown, forecastLine))
                .data("forecast", forecast)
                .data("unusedAtExpiry", unusedAtExpiry)
                .data("usage", usage)
                .data("usageTotal", usageTotal)
                .data("periodFrom", periodFrom.atZone(page.zone()).toLocalDate().toString())
                .data("periodTo", periodTo.minusSeconds(1).atZone(page.zone()).toLocalDate().toString())
                .data("entries", statement.page(shownPage, STATEMENT_PAGE))
                .data("entryCount", statement.entries().size())
                .data("statementPage", shownPage)
                .data("statementPages", pages)
                .data("prevPage", shownPage - 1)
                .data("nextPage", shownPage + 1)
                .data("notifications", notifications)
                .data("alerts", alerts(ServiceApi.await(alertsAnswer)))
                .data("errors", Views.byField(errors))
                .data("alertForm", alertForm)
                .data("forecastForm", forecastForm(forecast, forecastForm));
    }

    /** The forecast warning form's values: what the person typed if the ledger refused it, else the ledger's settings. */
    static Map<String, String> forecastForm(Forecast forecast, Map<String, String> typed) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("warningDays", forecast == null || forecast.warningDays() == null ? "" : forecast.warningDays().toString());
        form.put("burnWindowDays", forecast == null || forecast.burnWindowDays() == null ? "" : forecast.burnWindowDays().toString());
        form.putAll(typed);
        return form;
    }

    /**
     * The statement as CSV, every entry oldest first, the amounts exact: streamed a ledger page at a time (each page's
     * rows are sent before the next page is asked for), so the portal holds one page however long the statement is,
     * and every page is followed. The first page is read before the answer starts, so an unknown or foreign
     * subscription is still the 404; a later page the ledger refuses cuts the download off rather than end it short.
     */
    @GET
    @Path("/{id}/statement.csv")
    @Produces("text/csv")
    public Response statementCsv(@Context HttpHeaders headers, @PathParam("id") String id) {
        Session session = Page.of(headers, config).requireSession();
        String subscriptionId = subscriptionId(id);
        String base = config.ledgerUrl() + "/subscriptions/" + subscriptionId;
        String token = session.token();
        AtomicReference<Statement> first = new AtomicReference<>(statement(ServiceApi.await(
                api.getRawAsync(base + "/statement?limit=" + LEDGER_PAGE, token)), id));
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // handed over, not kept: the stream lets each page go once its rows are written
            StatementCsv.stream(first.getAndSet(null), cursor -> statement(ServiceApi.await(api.getRawAsync(
                    statementPage(base, cursor), token)), id), writer);
            writer.flush();
        };
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"statement-" + subscriptionId + ".csv\"").build();
    }

    /** Sets alert n; the API's own validation message goes next to the field it is about. */
    @POST
    @Path("/{id}/alerts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setAlert(@Context HttpHeaders headers, @PathParam("id") String id, @FormParam("number") String number,
                             @FormParam("threshold") String threshold, @FormParam("recipient1") String recipient1,
                             @FormParam("recipient2") String recipient2) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        String subscriptionId = subscriptionId(id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("number", blankToEmpty(number));
        form.put("threshold", blankToEmpty(threshold));
        form.put("recipient1", blankToEmpty(recipient1));
        form.put("recipient2", blankToEmpty(recipient2));
        String n = blankToEmpty(number).strip();
        if (!n.matches("[0-9]{1,3}")) {
            return Response.status(400).entity(subscriptionPage(page, subscriptionId, null, null, null,
                    List.of(new FieldError("number", page.texts().get("alertsNumberInvalid"))), form, Map.of())).build();
        }
        List<String> recipients = new ArrayList<>();
        for (String r : new String[] {recipient1, recipient2}) {
            if (r != null && !r.isBlank()) {
                recipients.add(r.strip());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold", decimalText(blankToEmpty(threshold).strip(), page));
        body.put("recipients", recipients);
        Answer answer = api.put(config.ledgerUrl() + "/subscriptions/" + subscriptionId + "/alerts/" + n, session.token(), body);
        if (answer.ok()) {
            return Response.seeOther(URI.create("/subscriptions/" + subscriptionId + "?alert=" + n + "#alerts")).build();
        }
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        return Response.status(answer.status()).entity(subscriptionPage(page, subscriptionId, null, null, null,
                List.of(new FieldError(alertField(answer), answer.detail())), form, Map.of())).build();
    }

    @POST
    @Path("/{id}/alerts/{n}/delete")
    public Response deleteAlert(@Context HttpHeaders headers, @PathParam("id") String id, @PathParam("n") int n) {
        Session session = Page.of(headers, config).requireSession();
        String subscriptionId = subscriptionId(id);
        require(api.delete(config.ledgerUrl() + "/subscriptions/" + subscriptionId + "/alerts/" + n, session.token()), id);
        return Response.seeOther(URI.create("/subscriptions/" + subscriptionId + "#alerts")).build();
    }

    /**
     * F1: sets the forecast warning (the depletion email when the forecast run-out comes within {@code warningDays}) and
     * the burn window, next to the alerts: the ledger's {@code PUT .../forecast-alert} with the person's own token. What
     * is no whole number is refused here; the ranges are the ledger's to judge, its message next to the field.
     */
    @POST
    @Path("/{id}/forecast-alert")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setForecastAlert(@Context HttpHeaders headers, @PathParam("id") String id,
                                     @FormParam("warningDays") String warningDays, @FormParam("burnWindowDays") String burnWindowDays) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        String subscriptionId = subscriptionId(id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("warningDays", blankToEmpty(warningDays));
        form.put("burnWindowDays", blankToEmpty(burnWindowDays));
        Integer warning = wholeDays(warningDays);
        Integer window = wholeDays(burnWindowDays);
        List<FieldError> invalid = new ArrayList<>();
        if (warning == null) {
            invalid.add(new FieldError("warningDays", page.texts().get("forecastDaysInvalid")));
        }
        if (window == null && !blankToEmpty(burnWindowDays).isBlank()) {
            invalid.add(new FieldError("burnWindowDays", page.texts().get("forecastDaysInvalid")));
        }
        if (!invalid.isEmpty()) {
            return Response.status(400).entity(subscriptionPage(page, subscriptionId, null, null, null, invalid, Map.of(), form)).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("warningDays", warning);
        if (window != null) {
            body.put("burnWindowDays", window); // left empty: the ledger's default (7 days)
        }
        Answer answer = api.put(config.ledgerUrl() + "/subscriptions/" + subscriptionId + "/forecast-alert", session.token(), body);
        if (answer.ok()) {
            return Response.seeOther(URI.create("/subscriptions/" + subscriptionId + "?forecastAlert=saved#forecast-alert")).build();
        }
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        return Response.status(answer.status()).entity(subscriptionPage(page, subscriptionId, null, null, null,
                List.of(new FieldError(forecastAlertField(answer), answer.detail())), Map.of(), form)).build();
    }

    /** A whole number of days as typed (an int, sign allowed, for the ledger to judge its range), or null. */
    static Integer wholeDays(String typed) {
        String s = blankToEmpty(typed).strip();
        return s.matches("[+-]?[0-9]{1,9}") ? Integer.valueOf(s) : null;
    }

    /** Which field of the forecast warning a problem is about: the burn window's, or else the warning days'. */
    static String forecastAlertField(Answer answer) {
        String type = answer.body().path("type").asText("");
        return type.endsWith("F1-invalid-burn-window") || answer.detail().contains("burnWindow") ? "burnWindowDays" : "warningDays";
    }

    /** Which field an alert problem is about, from the API's problem type and detail. */
    static String alertField(Answer answer) {
        String type = answer.body().path("type").asText("");
        String detail = answer.detail();
        if (type.endsWith("A3-at-most-five-alerts") || detail.contains("at most 5")) {
            return "number";
        }
        if (detail.contains("recipient") || detail.contains("email") || detail.contains("address")) {
            return "recipients";
        }
        return "threshold";
    }

    /** A Norwegian decimal comma becomes the API's point; anything else goes as typed, for the API to judge. */
    static String decimalText(String typed, Page page) {
        if ("nb".equals(page.lang()) && typed.indexOf(',') >= 0 && typed.indexOf('.') < 0) {
            return typed.replace(',', '.');
        }
        return typed;
    }

    private static List<AlertRow> alerts(Answer answer) {
        Map<Integer, AlertRow> byNumber = new LinkedHashMap<>();
        if (answer.ok()) {
            for (JsonNode a : answer.body()) {
                List<String> to = new ArrayList<>();
                a.path("recipients").forEach(r -> to.add(r.asText()));
                int n = a.path("alertNumber").asInt();
                byNumber.put(n, new AlertRow(n, true, Views.decimal(a.path("threshold")), to.isEmpty() ? "" : to.get(0),
                        to.size() > 1 ? to.get(1) : "", a.path("armed").asBoolean()));
            }
        }
        List<AlertRow> rows = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            rows.add(byNumber.getOrDefault(n, new AlertRow(n, false, null, "", "", false)));
        }
        return rows;
    }

    /** The chart's data without a forecast (the ledger's forecast call failed or gave none). */
    static String chartJson(BurnDown burn) {
        return chartJson(burn, List.of());
    }

    /**
     * The chart's data as uPlot takes it: rising x values shared by three series (the balance, the portal's
     * projection and the ledger's F1 forecast line), each null where it has no point.
     */
    static String chartJson(BurnDown burn, List<BurnDown.Point> forecast) {
        TreeMap<Long, BigDecimal[]> rows = new TreeMap<>();
        for (BurnDown.Point p : burn.history()) {
            rows.computeIfAbsent(p.at(), x -> new BigDecimal[3])[0] = p.balance();
        }
        for (BurnDown.Point p : burn.projection()) {
            rows.computeIfAbsent(p.at(), x -> new BigDecimal[3])[1] = p.balance();
        }
        for (BurnDown.Point p : forecast) {
            rows.computeIfAbsent(p.at(), x -> new BigDecimal[3])[2] = p.balance();
        }
        List<Long> xs = new ArrayList<>(rows.keySet());
        List<List<BigDecimal>> series = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (BigDecimal[] row : rows.values()) {
            for (int i = 0; i < 3; i++) {
                series.get(i).add(row[i]);
            }
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("data", List.of(xs, series.get(0), series.get(1), series.get(2)));
        chart.put("markers", burn.markers());
        try {
            return ServiceApi.JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ledger's F1 forecast, or null when it could not be had: the page then renders with the projection alone. */
    static Forecast forecast(CompletableFuture<Answer> answer) {
        try {
            Answer forecast = ServiceApi.await(answer);
            return forecast.ok() ? Forecast.of(forecast.body()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Statement statement(ServiceApi.Raw raw, String id) {
        require(raw.answer(), id);
        return Statement.parse(raw.body());
    }

    /**
     * The whole statement from its first page: the ledger's following pages, one after the other, until {@code next}
     * is null (the chart and the usage summary take every entry; the table shows them). The CSV streams the pages
     * instead ({@link #statementCsv}).
     */
    private Statement wholeStatement(ServiceApi.Raw first, String base, String token, String id) {
        Statement statement = statement(first, id);
        while (statement.next() != null) {
            Statement page = statement(ServiceApi.await(api.getRawAsync(statementPage(base, statement.next()), token)), id);
            if (page.entries().isEmpty()) {
                break; // a cursor that leads nowhere: what came so far is the statement
            }
            statement = statement.followedBy(page);
        }
        return statement;
    }

    /** The ledger's statement page after the cursor {@code after}, as many entries as it gives at once. */
    private static String statementPage(String base, String after) {
        return base + "/statement?limit=" + LEDGER_PAGE + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
    }

    private static JsonNode require(Answer answer, String id) {
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        if (answer.status() == 404 || answer.status() == 403) {
            throw new Page.NotFound("subscription " + id);
        }
        if (!answer.ok()) {
            throw new IllegalStateException("the API answered " + answer.status() + ": " + answer.detail());
        }
        return answer.body();
    }

    /** An id that is no UUID names no subscription: the 404 page, as the API would answer. */
    static String subscriptionId(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw new Page.NotFound("subscription " + id);
        }
    }

    private static java.util.Optional<LocalDate> date(String text) {
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
