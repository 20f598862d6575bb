package io.opencredit.activation.api;

import io.opencredit.activation.api.Dtos.CoAdministratorRequest;
import io.opencredit.activation.api.Dtos.EnterpriseAgreementLinkRequest;
import io.opencredit.activation.api.Dtos.EnterpriseAgreementLinkView;
import io.opencredit.activation.api.Dtos.SubscriptionView;
import io.opencredit.activation.domain.SubscriptionService;
import io.opencredit.activation.domain.SubscriptionService.CoAdministratorOutcome;
import io.opencredit.activation.domain.SubscriptionService.LinkOutcome;
import io.opencredit.activation.domain.Validation;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Subscriptions, for their administrators only (SPEC S6): unknown and foreign ones are 404 alike. */
@Path("/api/v1/subscriptions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
@Tag(name = "subscriptions")
public class SubscriptionsResource {

    private final SubscriptionService subscriptions;
    private final IdempotencyKeys idempotency;
    private final Caller caller;

    public SubscriptionsResource(SubscriptionService subscriptions, IdempotencyKeys idempotency, Caller caller) {
        this.subscriptions = subscriptions;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @GET
    @Transactional
    @Operation(summary = "A subscription the caller administers")
    @APIResponse(responseCode = "200", description = "the subscription")
    @APIResponse(responseCode = "404", description = "unknown, or not administered by the caller")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.get(subscriptionId(id)));
    }

    @POST
    @Path("/co-administrators")
    @Transactional
    @Operation(summary = "Add a co-administrator", description = "201 when added, 200 when the address already"
            + " administers the subscription. Honours Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "added: the subscription with its co-administrators",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "200", description = "the address administers the subscription already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "no body, or an invalid email")
    @APIResponse(responseCode = "409", description = "the Idempotency-Key was used with another body")
    @APIResponse(responseCode = "422", description = "the address is not allowed (S6)")
    @APIResponse(responseCode = "404", description = "unknown, or not administered by the caller")
    public Response addCoAdministrator(@PathParam("id") String id,
                                       @Parameter(description = "optional; a repeat with the same body returns the first answer")
                                       @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                       CoAdministratorRequest request) {
        UUID subscriptionId = subscriptionId(id);
        Validation.required(request, "body");
        String email = Validation.email(request.email(), "email");
        return idempotency.execute(idempotencyKey, caller.email() + " POST /api/v1/subscriptions/" + subscriptionId
                + "/co-administrators", request, () -> {
                    CoAdministratorOutcome outcome = subscriptions.addCoAdministrator(subscriptionId, email);
                    return new IdempotencyKeys.Answer(outcome.added() ? 201 : 200, SubscriptionView.of(outcome.state()));
                }).toResponse();
    }

    @POST
    @Path("/enterprise-agreement-link")
    @Transactional
    @Operation(summary = "Link the subscription to an Enterprise Agreement", description = "Forfeits all unused credit"
            + " (S4). Without acknowledgeCreditForfeit: true the answer is 409 and states the amount that would be lost"
            + " (amountForfeited, currency), as last reported by the ledger. Once linked the subscription takes no more"
            + " keys (K8). Honours Idempotency-Key.")
    @APIResponse(responseCode = "200", description = "linked, or with dryRun=true what the link would do (F3)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {EnterpriseAgreementLinkView.class, DryRunViews.LinkDryRun.class})))
    @APIResponse(responseCode = "400", description = "no body, or an invalid enrollment number")
    @APIResponse(responseCode = "404", description = "unknown, or not administered by the caller")
    @APIResponse(responseCode = "409", description = "forfeit not acknowledged (states amountForfeited), or already"
            + " linked to another enrollment")
    public Response link(@PathParam("id") String id,
                         @Parameter(description = "optional; a repeat with the same body returns the first answer")
                         @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                         @Parameter(description = "true: answers what the link would emit and forfeit, and changes nothing (F3)")
                         @QueryParam("dryRun") boolean dryRun,
                         EnterpriseAgreementLinkRequest request) {
        UUID subscriptionId = subscriptionId(id);
        Validation.required(request, "body");
        String enrollment = Validation.enrollmentNumber(request.enrollmentNumber());
        if (dryRun) {
            return Response.ok(DryRunViews.of(subscriptions.previewLink(subscriptionId, enrollment))).build();
        }
        boolean acknowledged = Boolean.TRUE.equals(request.acknowledgeCreditForfeit());
        return idempotency.execute(idempotencyKey, caller.email() + " POST /api/v1/subscriptions/" + subscriptionId
                + "/enterprise-agreement-link", request, () -> {
                    LinkOutcome outcome = subscriptions.linkToEnterpriseAgreement(subscriptionId, enrollment, acknowledged);
                    var s = outcome.state().subscription();
                    return new IdempotencyKeys.Answer(200, new EnterpriseAgreementLinkView(s.id, s.status.name(),
                            s.enrollmentNumber, s.linkedAt, outcome.creditForfeited().amount(),
                            outcome.creditForfeited().currency()));
                }).toResponse();
    }

    /** A path id that is no UUID names no subscription: 404 like any unknown one. */
    private static UUID subscriptionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no subscription " + id);
        }
    }
}
