package io.opencredit.alerting.api;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.consistency.ViewCatchUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The emails of a subscription (SPEC §4), for the customer and resellers who administer it (§6). */
@Path("/api/v1/subscriptions/{subscriptionId}/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationsResource {

    /** Page size when none is asked for, and the most one page holds. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final Directory directory;
    private final DeliveryLog log;
    private final Caller caller;
    private final ViewCatchUp catchUp;

    public NotificationsResource(Directory directory, DeliveryLog log, Caller caller, ViewCatchUp catchUp) {
        this.catchUp = catchUp;
        this.directory = directory;
        this.log = log;
        this.caller = caller;
    }

    /**
     * The emails sent or pending, oldest first, a page at a time ({@code limit} 1..{@value #MAX_LIMIT}, default
     * {@value #DEFAULT_LIMIT}; {@code after}: the previous page's {@code next}); 404 for unknown and foreign
     * subscriptions alike.
     */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
    @Operation(summary = "The emails of the subscription, sent or pending, oldest first, a page at a time: limit (1..500, default"
            + " 100) after the cursor 'after'; 'next' is the following page's cursor")
    @APIResponse(responseCode = "200", description = "one page of the emails")
    @APIResponse(responseCode = "400", description = "invalid-limit: limit outside 1..500; invalid-cursor: a cursor this service did not"
            + " write; or a malformed OpenCredit-Consistency token")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    public NotificationPage list(@PathParam("subscriptionId") String subscriptionId,
                                 @Parameter(description = "emails per page, 1..500 (default 100)", schema = @Schema(
                                         type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100"))
                                 @QueryParam("limit") String limit,
                                 @Parameter(description = "the 'next' cursor of the previous page") @QueryParam("after") String after) {
        UUID id = parse(subscriptionId);
        int size = limit(limit);
        Optional<DeliveryLog.Position> position = Optional.ofNullable(after).map(NotificationsResource::position);
        // SPEC R1: a subscription activated (or a co-administrator added) a moment ago is not refused as unknown
        catchUp.awaitVisible(id, () -> directory.find(id).filter(s -> caller.administers(s.administrators(), id)).isPresent());
        SubscriptionView subscription = directory.find(id)
                .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
        caller.requireAdministers(subscription.administrators(), id);
        // one more than asked tells whether there is a next page
        List<DeliveryLog.Row> rows = log.forSubscription(id, position, size + 1);
        boolean more = rows.size() > size;
        List<DeliveryLog.Row> page = more ? rows.subList(0, size) : rows;
        List<NotificationView> items = page.stream()
                .map(row -> new NotificationView(row.id(), row.type(), List.of(row.recipient()), row.subject(), row.language(),
                        row.status().name(), row.sentAt(), row.eventId(), row.createdAt(), row.attempts()))
                .toList();
        DeliveryLog.Row last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new NotificationPage(items, more ? Paging.keysetCursor(last.createdAt(), last.id()) : null);
    }

    static int limit(String limit) {
        return Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    static DeliveryLog.Position position(String cursor) {
        return Paging.keysetPosition(cursor, (at, id) -> new DeliveryLog.Position(at, UUID.fromString(id)));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + id);
        }
    }
}
