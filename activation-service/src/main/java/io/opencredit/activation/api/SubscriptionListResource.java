package io.opencredit.activation.api;

import io.opencredit.activation.api.Dtos.SubscriptionView;
import io.opencredit.activation.domain.SubscriptionService.SubscriptionState;
import io.opencredit.activation.persistence.LedgerView;
import io.opencredit.activation.persistence.Subscription;
import io.opencredit.activation.persistence.SubscriptionPage;
import io.opencredit.activation.persistence.SubscriptionPage.Position;
import io.opencredit.activation.persistence.SubscriptionPage.StatusFilter;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;

/**
 * {@code GET /api/v1/subscriptions}: the subscriptions the caller may see, a page at a time. Customers and
 * resellers see those they administer (account administrator or co-administrator, SPEC S6), exactly the ones
 * {@code GET /subscriptions/{id}} would show them; operators see all, to find e.g. the suspended ones.
 */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.RESELLER, Roles.OPERATOR})
@Tag(name = "subscriptions")
public class SubscriptionListResource {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** A page: the subscriptions and, when there may be more, the cursor for the next page. */
    @Schema(description = "One page of subscriptions, oldest first; next is absent on the last page")
    public record SubscriptionPageView(List<SubscriptionView> items,
                                       @Schema(description = "pass as after= for the next page") String next,
                                       int limit) {
    }

    private final Caller caller;

    public SubscriptionListResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Transactional
    @Operation(summary = "The subscriptions the caller may see, oldest first, a page at a time",
            description = "Customers and resellers: those they administer. Operators: all. limit 1.." + MAX_LIMIT
                    + " (default " + DEFAULT_LIMIT + "); after: the next of the previous page; status: ACTIVE, SUSPENDED,"
                    + " DEPROVISIONED or LINKED_TO_EA.")
    @APIResponse(responseCode = "200", description = "a page of subscriptions")
    @APIResponse(responseCode = "400", description = "limit out of range, malformed cursor or unknown status")
    public SubscriptionPageView list(@Parameter(description = "1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT)
                                     @QueryParam("limit") String limit,
                                     @Parameter(description = "the next cursor of the previous page") @QueryParam("after") String after,
                                     @Parameter(description = "ACTIVE, SUSPENDED, DEPROVISIONED or LINKED_TO_EA")
                                     @QueryParam("status") String status) {
        int size = limit(limit);
        Optional<Position> position = Optional.ofNullable(after).map(SubscriptionListResource::position);
        Optional<StatusFilter> filter = Optional.ofNullable(status).map(SubscriptionListResource::status);
        Optional<String> administrator = caller.isOperator() && !(caller.hasRole(Roles.CUSTOMER) || caller.hasRole(Roles.RESELLER))
                ? Optional.empty() : Optional.of(caller.email());
        // one more than asked tells whether there is a next page
        List<Subscription> rows = SubscriptionPage.read(administrator, filter, position, size + 1);
        boolean more = rows.size() > size;
        List<Subscription> page = more ? rows.subList(0, size) : rows;
        Map<UUID, LedgerView> ledger = SubscriptionPage.ledgerViews(page);
        List<SubscriptionView> items = page.stream()
                .map(s -> SubscriptionView.of(new SubscriptionState(s, Optional.ofNullable(ledger.get(s.id)))))
                .toList();
        String next = more ? cursor(page.get(page.size() - 1)) : null;
        return new SubscriptionPageView(items, next, size);
    }

    static int limit(String limit) {
        return Paging.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    static StatusFilter status(String status) {
        try {
            return StatusFilter.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-status", "status must be ACTIVE, SUSPENDED, DEPROVISIONED or"
                    + " LINKED_TO_EA, got '" + abbreviate(status) + "'");
        }
    }

    static String cursor(Subscription last) {
        return Paging.keysetCursor(last.createdAt, last.id);
    }

    static Position position(String cursor) {
        return Paging.keysetPosition(cursor, (at, id) -> new Position(at, UUID.fromString(id)));
    }

    private static String abbreviate(String value) {
        String plain = value.replaceAll("\\p{Cntrl}", "?");
        return plain.length() > 40 ? plain.substring(0, 40) + "…" : plain;
    }
}
