package io.opencredit.activation.api;

import io.opencredit.activation.api.Dtos.IssueKeyRequest;
import io.opencredit.activation.api.Dtos.KeyView;
import io.opencredit.activation.domain.CreditTable;
import io.opencredit.activation.domain.KeyCode;
import io.opencredit.activation.domain.KeyService;
import io.opencredit.activation.domain.Validation;
import io.opencredit.activation.persistence.KeyPage;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.events.EmailAddress;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
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
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;

/** OSA keys (SPEC K1, K2): operators issue them; a key can be looked up by its code; resellers list the keys they sold. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
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
    @APIResponse(responseCode = "201", description = "the key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyView.class)))
    @APIResponse(responseCode = "409", description = "the Idempotency-Key was used with another body")
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

    /** A page of keys: the keys and, when there may be more, the cursor for the next page. */
    @Schema(description = "One page of keys, in issue order; next is absent on the last page")
    public record KeyPageView(List<KeyView> items, @Schema(description = "pass as after= for the next page") String next,
                              int limit) {
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.OPERATOR, Roles.RESELLER})
    @Operation(summary = "The keys a reseller sold, in issue order, a page at a time",
            description = "A reseller is known by its sign-in email: operators issue its keys with resellerId = that email"
                    + " (matched in any case). Resellers list their own (resellerId omitted, or their own email; another"
                    + " reseller's is 403); operators any resellerId, or every key without one. Each key with its state,"
                    + " its activation (subscription id) once activated, and its latest return (R4) if any. limit 1.."
                    + SubscriptionListResource.MAX_LIMIT + " (default " + SubscriptionListResource.DEFAULT_LIMIT + ").")
    @APIResponse(responseCode = "200", description = "a page of keys")
    @APIResponse(responseCode = "400", description = "limit out of range, malformed cursor or resellerId")
    @APIResponse(responseCode = "403", description = "a reseller asking for another reseller's keys; customers and meters")
    public KeyPageView list(@Parameter(description = "the reseller (its email); a reseller's own when omitted")
                            @QueryParam("resellerId") String resellerId,
                            @Parameter(description = "1.." + SubscriptionListResource.MAX_LIMIT + ", default "
                                    + SubscriptionListResource.DEFAULT_LIMIT) @QueryParam("limit") String limit,
                            @Parameter(description = "the next cursor of the previous page") @QueryParam("after") String after) {
        int size = SubscriptionListResource.limit(limit);
        Optional<KeyPage.Position> position = Optional.ofNullable(after).map(cursor -> Paging.keysetPosition(cursor, (at, code) -> {
            if (!code.matches("[A-Z0-9]{25}")) {
                throw new IllegalArgumentException("no key code");
            }
            return new KeyPage.Position(at, code);
        }));
        Optional<String> reseller = resellerFilter(resellerId);
        // one more than asked tells whether there is a next page
        List<KeyService.IssuedKey> rows = KeyPage.read(reseller, position, size + 1);
        boolean more = rows.size() > size;
        List<KeyService.IssuedKey> page = more ? rows.subList(0, size) : rows;
        OsaKey last = page.isEmpty() ? null : page.get(page.size() - 1).key();
        return new KeyPageView(page.stream().map(KeyView::of).toList(), more ? Paging.keysetCursor(last.issuedAt, last.code) : null, size);
    }

    /** Whose keys: an operator's choice (all when none); a reseller's own, and only its own. */
    private Optional<String> resellerFilter(String resellerId) {
        Optional<String> asked = Optional.ofNullable(resellerId).filter(id -> !id.isBlank())
                .map(id -> Validation.identifier(id.strip(), "resellerId"));
        if (caller.isOperator()) {
            return asked;
        }
        String me = caller.email();
        if (asked.isPresent() && !EmailAddress.normalise(asked.get()).filter(me::equals).isPresent()) {
            throw new ProblemException(403, "not-your-keys", "Forbidden", "a reseller lists only its own keys (resellerId "
                    + me + " or none)", null);
        }
        return Optional.of(me);
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
