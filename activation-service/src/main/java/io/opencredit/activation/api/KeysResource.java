package io.opencredit.activation.api;

import io.opencredit.activation.api.Dtos.IssueKeyRequest;
import io.opencredit.activation.api.Dtos.KeyView;
import io.opencredit.activation.domain.CreditTable;
import io.opencredit.activation.domain.KeyCode;
import io.opencredit.activation.domain.KeyService;
import io.opencredit.activation.domain.Validation;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OSA keys (SPEC K1, K2): operators issue them; a key can be looked up by its code. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
@SecurityRequirement(name = "bearer")
public class KeysResource {

    private final KeyService keys;
    private final IdempotencyKeys idempotency;
    private final Caller caller;
    private final CreditTable credit;

    public KeysResource(KeyService keys, IdempotencyKeys idempotency, Caller caller, CreditTable credit) {
        this.keys = keys;
        this.idempotency = idempotency;
        this.caller = caller;
        this.credit = credit;
    }

    @POST
    @Transactional
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Issue an OSA key (operators)", description = "A new key with a random code of 25 characters in"
            + " 5 groups (K2); activateBy = purchasedOn + 5 years (K3). Honours Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "the key")
    @APIResponse(responseCode = "400", description = "missing or invalid field (units 1..10000, supported currency, ...)")
    public Response issue(@Parameter(description = "optional; a repeat with the same body returns the first answer")
                          @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, IssueKeyRequest request) {
        Validation.required(request, "body");
        int units = Validation.units(request.units());
        String currency = Validation.currency(request.currency(), credit);
        Validation.required(request.purchasedOn(), "purchasedOn");
        String resellerId = Validation.identifier(request.resellerId(), "resellerId");
        String sku = request.sku() == null ? null : Validation.identifier(request.sku(), "sku");
        return idempotency.execute(idempotencyKey, caller.email() + " POST /api/v1/keys", request, () -> {
            OsaKey key = keys.issue(units, currency, request.purchasedOn(), resellerId, sku);
            return new IdempotencyKeys.Answer(201, KeyView.of(key));
        }).toResponse();
    }

    @GET
    @Path("/{code}")
    @Transactional
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER, Roles.RESELLER})
    @Operation(summary = "A key by its code", description = "Operators see every key; customers and resellers see a key"
            + " they activated or that was activated into a subscription they administer (404 otherwise). A mistyped"
            + " code is 400 (malformed), an unknown one 404.")
    @APIResponse(responseCode = "200", description = "the key, with its activation once activated")
    @APIResponse(responseCode = "400", description = "malformed key code")
    @APIResponse(responseCode = "404", description = "unknown key")
    public KeyView get(@PathParam("code") String code) {
        return KeyView.of(keys.find(KeyCodes.parse(code)));
    }
}
