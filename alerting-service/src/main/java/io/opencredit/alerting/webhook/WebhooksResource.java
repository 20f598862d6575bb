package io.opencredit.alerting.webhook;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Webhook endpoints and their delivery logs (SPEC F5), for customers, resellers and operators. Each caller sees only
 * its own endpoints (by the token's subject); another's, unknown ids and ids that are no UUID are 404 alike. Lists are
 * paged by cursor: {@code ?limit=} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) and {@code ?after=}
 * the {@code next} of the previous page.
 */
@Path("/api/v1/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER, Roles.OPERATOR})
@Tag(name = "webhooks")
public class WebhooksResource {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_EVENT_TYPES = 64;

    private final WebhookStore store;
    private final Directory directory;
    private final Caller caller;
    private final JsonWebToken token;
    private final SuiteClock clock;
    private final WebhookConfig config;
    private final WebhookSender sender;
    private final TransactionCallbacks callbacks;

    public WebhooksResource(WebhookStore store, Directory directory, Caller caller, JsonWebToken token, SuiteClock clock,
                            WebhookConfig config, WebhookSender sender, TransactionCallbacks callbacks) {
        this.callbacks = callbacks;
        this.store = store;
        this.directory = directory;
        this.caller = caller;
        this.token = token;
        this.clock = clock;
        this.config = config;
        this.sender = sender;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Register a webhook endpoint (F5)", description = "Its deliveries are signed by Standard Webhooks 1.0"
            + " with the endpoint's own whsec_ secret, shown only in this answer. Targets must be public HTTPS addresses.")
    @APIResponse(responseCode = "201", description = "registered: the endpoint and its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookViews.Created.class)))
    @APIResponse(responseCode = "404", description = "subscriptionId unknown, or not administered by the caller")
    @APIResponse(responseCode = "409", description = "too-many-webhook-endpoints: the caller's limit is reached")
    @APIResponse(responseCode = "422", description = "a refused target (not HTTPS, private, loopback or link-local), no or unknown"
            + " event types, or a subscriptionId that is no UUID")
    public Response register(WebhookViews.Registration registration) {
        if (registration == null) {
            throw ProblemException.badRequest("invalid-webhook", "a body {url, eventTypes, subscriptionId?} is required");
        }
        TargetGuard.refusal(registration.url(), config.localTargets(), TargetGuard.DNS).ifPresent(reason -> {
            throw ProblemException.unprocessable("webhook-target-refused", reason);
        });
        List<String> types = eventTypes(registration.eventTypes());
        UUID subscriptionId = subscription(registration.subscriptionId());
        String owner = owner();
        if (store.countOwnedBy(owner) >= config.maxEndpointsPerOwner()) {
            throw ProblemException.conflict("too-many-webhook-endpoints",
                    "a caller may register at most " + config.maxEndpointsPerOwner() + " endpoints; delete one first");
        }
        UUID id = UUID.randomUUID();
        String secret = StandardWebhooks.newSecret();
        var createdAt = clock.now();
        store.create(id, owner, caller.email(), role(), registration.url(), subscriptionId, types, secret, createdAt);
        return Response.created(URI.create("/api/v1/webhooks/endpoints/" + id))
                .entity(new WebhookViews.Created(id, registration.url(), types, subscriptionId, secret, createdAt)).build();
    }

    @GET
    @Operation(summary = "The caller's webhook endpoints, a page at a time (limit 1..500, default 100)")
    @APIResponse(responseCode = "200", description = "a page of endpoints",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookViews.EndpointPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-limit: limit outside 1..500; invalid-cursor: a cursor this service did not write")
    public WebhookViews.Page<WebhookViews.Endpoint> list(
            @Parameter(description = "items per page, 1..500 (default 100)", schema = @Schema(
                    type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after) {
        int size = limit(limit);
        List<WebhookStore.Endpoint> page = store.ownedBy(owner(), cursor(after), size + 1);
        return page(page, size, WebhookStore.Endpoint::seq, WebhooksResource::view);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's webhook endpoints")
    @APIResponse(responseCode = "200", description = "the endpoint (without its secret)")
    @APIResponse(responseCode = "404", description = "unknown endpoint, or another caller's")
    public WebhookViews.Endpoint get(@PathParam("id") String id) {
        return view(mine(id));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @Operation(summary = "Delete one of the caller's webhook endpoints")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "unknown endpoint, or another caller's")
    public Response delete(@PathParam("id") String id) {
        store.delete(mine(id).id());
        return Response.noContent().build();
    }

    /** A new secret; the old one keeps signing beside it for the overlap (24 h), so receivers can switch over. */
    @POST
    @Path("{id}/secret")
    @Transactional
    @Operation(summary = "Rotate the endpoint's secret", description = "The old secret keeps signing beside the new one for the"
            + " overlap (24 h), so a receiver can switch over.")
    @APIResponse(responseCode = "200", description = "the new secret, and until when the old one still signs")
    @APIResponse(responseCode = "404", description = "unknown endpoint, or another caller's")
    public WebhookViews.Rotated rotate(@PathParam("id") String id) {
        WebhookStore.Endpoint endpoint = mine(id);
        String secret = StandardWebhooks.newSecret();
        return new WebhookViews.Rotated(endpoint.id(), secret, store.rotate(endpoint.id(), secret, config.rotationOverlap()));
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "The endpoint's delivery log, a page at a time (limit 1..500, default 100)")
    @APIResponse(responseCode = "200", description = "a page of deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookViews.DeliveryPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-limit: limit outside 1..500; invalid-cursor: a cursor this service did not write")
    @APIResponse(responseCode = "404", description = "unknown endpoint, or another caller's")
    public WebhookViews.Page<WebhookViews.Delivery> deliveries(
            @PathParam("id") String id,
            @Parameter(description = "items per page, 1..500 (default 100)", schema = @Schema(
                    type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after) {
        WebhookStore.Endpoint endpoint = mine(id);
        int size = limit(limit);
        return page(store.deliveries(endpoint.id(), cursor(after), size + 1), size, WebhookStore.Delivery::seq,
                WebhooksResource::view);
    }

    /** Sends a finished delivery again, with the same webhook-id, after what its queue holds now. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    @Transactional
    @Operation(summary = "Send a finished delivery again, with the same webhook-id")
    @APIResponse(responseCode = "202", description = "queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookViews.Delivery.class)))
    @APIResponse(responseCode = "404", description = "unknown endpoint or delivery, or another caller's")
    @APIResponse(responseCode = "409", description = "delivery-in-progress: it is being sent already")
    public Response redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        WebhookStore.Endpoint endpoint = mine(id);
        WebhookStore.Delivery delivery = uuid(deliveryId).flatMap(d -> store.delivery(endpoint.id(), d))
                .orElseThrow(() -> ProblemException.notFound("no delivery " + deliveryId));
        if (!store.redeliver(delivery.id(), config.sender().retryFor())) {
            throw ProblemException.conflict("delivery-in-progress",
                    "delivery " + deliveryId + " is " + delivery.status() + ": it is being sent already");
        }
        callbacks.afterCommit(sender::wake);
        return Response.accepted(view(store.delivery(endpoint.id(), delivery.id()).orElseThrow())).build();
    }

    // ---- rules ----

    /** The caller's own endpoint; another's, unknown and malformed ids are 404 alike. */
    private WebhookStore.Endpoint mine(String id) {
        return uuid(id).flatMap(store::find).filter(endpoint -> endpoint.ownerSubject().equals(owner()))
                .orElseThrow(() -> ProblemException.notFound("no webhook endpoint " + id));
    }

    /** Who owns what the caller registers: the token's subject (its email when it names no subject). */
    private String owner() {
        String subject = token.getSubject();
        return subject == null || subject.isBlank() ? caller.email() : subject;
    }

    private String role() {
        return caller.isOperator() ? Roles.OPERATOR : caller.hasRole(Roles.CUSTOMER) ? Roles.CUSTOMER : Roles.RESELLER;
    }

    private static List<String> eventTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ProblemException.unprocessable("invalid-webhook", "eventTypes must name at least one event type");
        }
        if (requested.size() > MAX_EVENT_TYPES) {
            throw ProblemException.unprocessable("invalid-webhook", "eventTypes names more than " + MAX_EVENT_TYPES + " types");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : requested) {
            if (type == null || !WebhookEventsHandler.EVENT_TYPES.contains(type)) {
                throw ProblemException.unprocessable("invalid-webhook", "unknown event type '" + shown(type)
                        + "'; one of " + WebhookEventsHandler.EVENT_TYPES);
            }
            types.add(type);
        }
        return List.copyOf(new java.util.TreeSet<>(types));
    }

    /** Null, or a subscription the caller may see: operators any, others the ones they administer (404 otherwise). */
    private UUID subscription(String requested) {
        if (requested == null) {
            return null;
        }
        UUID id = uuid(requested).orElseThrow(() -> ProblemException.unprocessable("invalid-webhook",
                "subscriptionId is not a UUID"));
        if (caller.isOperator()) {
            return id;
        }
        SubscriptionView subscription = directory.find(id).orElseThrow(() -> ProblemException.notFound("no subscription " + id));
        caller.requireAdministers(subscription.administrators(), id);
        return id;
    }

    private static int limit(String limit) {
        return Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** The row id a page starts after: 0 for the first page. */
    private static long cursor(String after) {
        return after == null || after.isEmpty() ? 0 : Paging.sequence(after);
    }

    private static <R, V> WebhookViews.Page<V> page(List<R> rows, int size, ToLongFunction<R> seq,
                                                    java.util.function.Function<R, V> view) {
        boolean more = rows.size() > size;
        List<R> shown = more ? rows.subList(0, size) : rows;
        String next = more ? Paging.sequenceCursor(seq.applyAsLong(shown.get(shown.size() - 1))) : null;
        return new WebhookViews.Page<>(shown.stream().map(view).toList(), next);
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String visible = value.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 64 ? visible.substring(0, 64) + "..." : visible;
    }

    private static WebhookViews.Endpoint view(WebhookStore.Endpoint endpoint) {
        return new WebhookViews.Endpoint(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.subscriptionId(),
                endpoint.createdAt());
    }

    private static WebhookViews.Delivery view(WebhookStore.Delivery delivery) {
        return new WebhookViews.Delivery(delivery.id(), delivery.eventId(), delivery.eventType(), delivery.subscriptionId(),
                delivery.status(), delivery.attempts(), delivery.lastStatusCode(), delivery.lastError(), delivery.lastAttemptAt(),
                delivery.nextAttemptAt(), delivery.deliveredAt(), delivery.createdAt());
    }
}
