package io.opencredit.activation.api;

import io.opencredit.activation.api.Dtos.ActivationRequest;
import io.opencredit.activation.api.Dtos.ActivationView;
import io.opencredit.activation.api.Dtos.NewSubscriptionRequest;
import io.opencredit.activation.domain.ActivationService;
import io.opencredit.activation.domain.KeyCode;
import io.opencredit.activation.domain.NewSubscription;
import io.opencredit.activation.domain.Validation;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Activation of OSA keys (SPEC K3–K8, M2, M3, S6). */
@Path("/api/v1/activations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "activations")
public class ActivationsResource {

    private final ActivationService activations;
    private final IdempotencyKeys idempotency;
    private final Caller caller;

    public ActivationsResource(ActivationService activations, IdempotencyKeys idempotency, Caller caller) {
        this.activations = activations;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
    @Operation(summary = "Activate a key", description = "Into a new subscription (a customer names their own email as"
            + " account administrator; a reseller names the customer's and becomes co-administrator) or an existing one"
            + " the caller administers. The key's credit (units x credit per unit of its currency) becomes one token valid"
            + " 12 months. A key activates once: the same request repeated returns the original answer, another one is 409.")
    @APIResponse(responseCode = "201", description = "the token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActivationView.class)))
    @APIResponse(responseCode = "400", description = "malformed key code (K2) or invalid field")
    @APIResponse(responseCode = "404", description = "unknown key, or unknown or foreign subscription")
    @APIResponse(responseCode = "409", description = "key already activated (K4), Idempotency-Key used with another body; subscription linked or deprovisioned (K8)")
    @APIResponse(responseCode = "422", description = "activation window closed (K3), account too old (K6), government"
            + " cloud (K7), currency mismatch (M3), account email not allowed (S6)")
    public Response activate(@Parameter(description = "optional; a repeat with the same body returns the first answer")
                             @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, ActivationRequest request) {
        Validation.required(request, "body");
        KeyCode code = KeyCodes.parse(Validation.required(request.keyCode(), "keyCode"));
        if ((request.subscriptionId() == null) == (request.newSubscription() == null)) {
            throw Validation.invalid("exactly one of 'subscriptionId' and 'newSubscription' is required");
        }
        NewSubscription newSubscription = request.newSubscription() == null ? null : validated(request.newSubscription());
        return idempotency.execute(idempotencyKey, caller.email() + " POST /api/v1/activations", request,
                () -> new IdempotencyKeys.Answer(201, ActivationView.of(
                        activations.activate(code, request.subscriptionId(), newSubscription)))).toResponse();
    }

    private static NewSubscription validated(NewSubscriptionRequest request) {
        String name = Validation.name(request.name());
        String country = Validation.country(request.country());
        Validation.required(request.account(), "newSubscription.account");
        String email = Validation.email(request.account().email(), "newSubscription.account.email");
        Validation.required(request.account().createdOn(), "newSubscription.account.createdOn");
        return new NewSubscription(name, country, request.cloud(), email, request.account().createdOn());
    }
}
