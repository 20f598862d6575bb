package io.opencredit.portal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.portal.api.Views.SubscriptionRow;
import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.client.ServiceApi.Answer;
import io.opencredit.portal.config.PortalConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reseller's page: the subscriptions they co-administer, the keys activated into them with what is left of
 * each, and a look-up of a key by its code (the API shows a reseller only keys in subscriptions they administer).
 */
@Path("/reseller")
@Produces(MediaType.TEXT_HTML)
public class ResellerResource {

    /** A key activated into one of the reseller's subscriptions, and the state of its credit. */
    @TemplateData
    public record KeyRow(String keyCode, String subscriptionId, String subscriptionName, String currency, BigDecimal original,
                         BigDecimal remaining, String status, Instant expiresAt) {
    }

    /**
     * A key the reseller sold ({@code GET /keys}, a reseller being its sign-in email): its state, once activated the
     * subscription it went into, and why it came back if the ledger returned it (R4).
     */
    @TemplateData
    public record SoldKey(String code, String status, int units, String currency, String purchasedOn, String activateBy,
                          String subscriptionId, Instant activatedAt, String returnedReason) {
        static SoldKey of(JsonNode k) {
            JsonNode activation = k.path("activation");
            return new SoldKey(k.path("code").asText(), k.path("status").asText(), k.path("units").asInt(), k.path("currency").asText(),
                    k.path("purchasedOn").asText(), k.path("activateBy").asText(), activation.path("subscriptionId").asText(null),
                    Views.instant(activation.path("activatedAt")), k.path("returned").path("reason").asText(null));
        }
    }

    /** One page of the keys sold, with the cursor for the next and the API's message if it refused. */
    @TemplateData
    public record SoldKeys(List<SoldKey> items, String next, String error) {
    }

    /** A key looked up by its code. */
    @TemplateData
    public record KeyLookup(String code, String status, int units, String currency, String resellerId, String activateBy,
                            String subscriptionId, String error) {
    }

    static final int KEYS_PAGE = 50;

    private final PortalConfig config;
    private final ServiceApi api;
    private final Template reseller;

    public ResellerResource(PortalConfig config, ServiceApi api, @Location("reseller.html") Template reseller) {
        this.config = config;
        this.api = api;
        this.reseller = reseller;
    }

    @GET
    public TemplateInstance page(@Context HttpHeaders headers, @QueryParam("key") String key,
                                 @QueryParam("keysAfter") String keysAfter) {
        Page page = Page.of(headers, config);
        Session session = page.requireSession();
        Answer answer = api.get(config.activationUrl() + "/subscriptions?limit=50", session.token());
        if (answer.status() == 401) {
            throw new Page.NotSignedIn();
        }
        // the keys sold: asked for at once, while the subscriptions' balances are read below
        CompletableFuture<Answer> soldAnswer = api.getAsync(config.activationUrl() + "/keys?limit=" + KEYS_PAGE
                + (keysAfter == null || keysAfter.isBlank() ? "" : "&after=" + URLEncoder.encode(keysAfter, StandardCharsets.UTF_8)),
                session.token());
        List<SubscriptionRow> subscriptions = new ArrayList<>();
        answer.body().path("items").forEach(s -> subscriptions.add(SubscriptionRow.of(s)));
        List<KeyRow> keys = new ArrayList<>();
        for (SubscriptionRow s : subscriptions) {
            Answer balance = api.get(config.ledgerUrl() + "/subscriptions/" + s.id() + "/balance", session.token());
            if (!balance.ok()) {
                continue;
            }
            for (JsonNode t : balance.body().path("tokens")) {
                if (t.hasNonNull("keyCode")) {
                    keys.add(new KeyRow(t.path("keyCode").asText(), s.id(), s.name(), balance.body().path("currency").asText(),
                            Views.decimal(t.path("original")), Views.decimal(t.path("remaining")), t.path("status").asText(),
                            Views.instant(t.path("expiresAt"))));
                }
            }
        }
        KeyLookup lookup = key == null || key.isBlank() ? null : lookup(key.strip(), session);
        return page.render(reseller, "/reseller").data("subscriptions", subscriptions).data("keys", keys)
                .data("sold", soldKeys(soldAnswer)).data("keysAfter", keysAfter == null ? "" : keysAfter)
                .data("lookup", lookup).data("key", key == null ? "" : key);
    }

    static SoldKeys soldKeys(CompletableFuture<Answer> answer) {
        Answer sold;
        try {
            sold = ServiceApi.await(answer);
        } catch (ServiceApi.ServiceUnavailable e) {
            return new SoldKeys(List.of(), null, e.getMessage());
        }
        if (!sold.ok()) {
            return new SoldKeys(List.of(), null, sold.detail());
        }
        List<SoldKey> items = new ArrayList<>();
        sold.body().path("items").forEach(k -> items.add(SoldKey.of(k)));
        return new SoldKeys(items, sold.body().path("next").asText(null), null);
    }

    private KeyLookup lookup(String code, Session session) {
        Answer answer = api.get(config.activationUrl() + "/keys/" + URLEncoder.encode(code, StandardCharsets.UTF_8), session.token());
        if (!answer.ok()) {
            return new KeyLookup(code, null, 0, null, null, null, null, answer.detail());
        }
        JsonNode k = answer.body();
        return new KeyLookup(k.path("code").asText(code), k.path("status").asText(), k.path("units").asInt(),
                k.path("currency").asText(), k.path("resellerId").asText(), k.path("activateBy").asText(),
                k.path("activation").path("subscriptionId").asText(null), null);
    }
}
