package io.opencredit.alerting.api;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.consistency.ViewCatchUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The emails of a subscription (SPEC §4), for the customer and resellers who administer it (§6). */
@Path("/api/v1/subscriptions/{subscriptionId}/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationsResource {

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

    /** Every email sent or pending, oldest first; 404 for unknown and foreign subscriptions alike. */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
    @Operation(summary = "Every email of the subscription, sent or pending, oldest first")
    @APIResponse(responseCode = "200", description = "the emails")
    @APIResponse(responseCode = "404", description = "unknown subscription, or not administered by the caller")
    public List<NotificationView> list(@PathParam("subscriptionId") String subscriptionId) {
        UUID id = parse(subscriptionId);
        // SPEC R1: a subscription activated (or a co-administrator added) a moment ago is not refused as unknown
        catchUp.awaitVisible(id, () -> directory.find(id).filter(s -> caller.administers(s.administrators(), id)).isPresent());
        SubscriptionView subscription = directory.find(id)
                .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
        caller.requireAdministers(subscription.administrators(), id);
        return log.forSubscription(id).stream()
                .map(row -> new NotificationView(row.id(), row.type(), List.of(row.recipient()), row.subject(), row.language(),
                        row.status().name(), row.sentAt(), row.eventId(), row.createdAt(), row.attempts()))
                .toList();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + id);
        }
    }
}
