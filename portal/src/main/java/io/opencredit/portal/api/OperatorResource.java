package io.opencredit.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.portal.api.Views.FieldError;
import io.opencredit.portal.api.Views.SubscriptionRow;
import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.client.ServiceApi.Answer;
import io.opencredit.portal.config.PortalConfig;
import io.opencredit.portal.domain.ConsumerLag;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's page: issue keys, the suspended subscriptions, each service's dead letters and consumer lag,
 * and, in a development setup, the suite clock (C2). Every figure comes from the services' operator APIs, called
 * with the operator's own token.
 */
@Path("/operator")
@Produces(MediaType.TEXT_HTML)
public class OperatorResource {

    /** A service's health as the operator sees it. */
    @TemplateData
    public record ServiceRow(String name, int deadLetters, boolean moreDeadLetters, BigDecimal lag, BigDecimal backlog,
                             String problem) {
    }

    /** A dead letter in the list. */
    @TemplateData
    public record DeadLetterRow(String service, String id, String topic, String reason, Instant at) {
    }

    private final PortalConfig config;
    private final ServiceApi api;
    private final Template operator;

    public OperatorResource(PortalConfig config, ServiceApi api, @Location("operator.html") Template operator) {
        this.config = config;
        this.api = api;
        this.operator = operator;
    }

    @GET
    public TemplateInstance page(@Context HttpHeaders headers, @QueryParam("issued") String issued) {
        return render(Page.of(headers, config), issued, List.of(), Map.of());
    }

    TemplateInstance render(Page page, String issued, List<FieldError> errors, Map<String, String> form) {
        Session session = page.requireSession();
        String token = session.token();
        Answer suspendedAnswer = api.get(config.activationUrl() + "/subscriptions?status=SUSPENDED&limit=50", token);
        if (suspendedAnswer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        List<SubscriptionRow> suspended = new ArrayList<>();
        suspendedAnswer.body().path("items").forEach(s -> suspended.add(SubscriptionRow.of(s)));

        List<ServiceRow> services = new ArrayList<>();
        List<DeadLetterRow> deadLetters = new ArrayList<>();
        for (Map.Entry<String, String> service : services().entrySet()) {
            String name = service.getKey();
            String apiUrl = service.getValue();
            try {
                Answer dlq = api.get(apiUrl + "/ops/dead-letters?limit=20", token);
                int count = 0;
                for (JsonNode d : dlq.body().path("items")) {
                    count++;
                    deadLetters.add(new DeadLetterRow(name, d.path("id").asText(), d.path("sourceTopic").asText(""),
                            d.path("reason").asText(""), Views.instant(d.path("deadLetteredAt"))));
                }
                Answer metrics = api.text(apiUrl.replaceFirst("/api/v1/?$", "") + "/q/metrics");
                ConsumerLag lag = metrics.ok() ? ConsumerLag.parse(metrics.body().asText()) : new ConsumerLag(null, null);
                services.add(new ServiceRow(name, count, !dlq.body().path("next").isMissingNode() && !dlq.body().path("next").isNull(),
                        lag.lag(), lag.backlog(), dlq.ok() ? null : dlq.detail()));
            } catch (ServiceApi.ServiceUnavailable e) {
                services.add(new ServiceRow(name, 0, false, null, null, e.getMessage()));
            }
        }
        JsonNode clock = config.clockControls() ? api.get(config.ledgerUrl() + "/ops/clock", token).body() : null;
        return page.render(operator, "/operator")
                .data("suspended", suspended)
                .data("services", services)
                .data("deadLetters", deadLetters)
                .data("clockNow", clock == null ? null : Views.instant(clock.path("now")))
                .data("clockOffset", clock == null ? null : clock.path("offset").asText())
                .data("clockControls", config.clockControls())
                .data("issued", issued)
                .data("today", java.time.LocalDate.now(page.zone()).toString())
                .data("errors", Views.byField(errors))
                .data("form", form);
    }

    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response issueKey(@Context HttpHeaders headers, @FormParam("units") String units, @FormParam("currency") String currency,
                             @FormParam("purchasedOn") String purchasedOn, @FormParam("resellerId") String resellerId) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("units", units == null ? "" : units);
        form.put("currency", currency == null ? "" : currency);
        form.put("purchasedOn", purchasedOn == null ? "" : purchasedOn);
        form.put("resellerId", resellerId == null ? "" : resellerId);
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            body.put("units", Integer.valueOf(form.get("units").strip()));
        } catch (NumberFormatException e) {
            body.put("units", form.get("units").strip()); // the API says what is wrong with it
        }
        body.put("currency", form.get("currency").strip());
        body.put("purchasedOn", form.get("purchasedOn").strip());
        body.put("resellerId", form.get("resellerId").strip());
        Answer answer = api.post(config.activationUrl() + "/keys", session.token(), body);
        if (answer.ok()) {
            String code = answer.body().path("code").asText();
            return Response.seeOther(URI.create("/operator?issued=" + URLEncoder.encode(code, StandardCharsets.UTF_8))).build();
        }
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        String detail = answer.detail();
        String field = detail.contains("currency") ? "currency" : detail.contains("purchasedOn") ? "purchasedOn"
                : detail.contains("resellerId") ? "resellerId" : "units";
        return Response.status(answer.status()).entity(render(page, null, List.of(new FieldError(field, detail)), form)).build();
    }

    /** Moves the suite clock forward (C2); only where the clock is adjustable. */
    @POST
    @Path("/clock")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response advanceClock(@Context HttpHeaders headers, @FormParam("duration") String duration) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        if (!config.clockControls()) {
            throw new Page.NotFound("clock");
        }
        Answer answer = api.post(config.ledgerUrl() + "/ops/clock/advance", session.token(),
                Map.of("duration", duration == null ? "" : duration.strip()));
        if (answer.ok()) {
            return Response.seeOther(URI.create("/operator#clock")).build();
        }
        Map<String, String> form = Map.of("duration", duration == null ? "" : duration);
        return Response.status(answer.status()).entity(render(page, null, List.of(new FieldError("duration", answer.detail())), form)).build();
    }

    private Map<String, String> services() {
        Map<String, String> services = new LinkedHashMap<>();
        services.put("activation-service", config.activationUrl());
        services.put("billing-gateway", config.gatewayUrl());
        services.put("ledger-service", config.ledgerUrl());
        services.put("alerting-service", config.alertingUrl());
        return services;
    }
}
