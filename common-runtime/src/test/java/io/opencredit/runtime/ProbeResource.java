package io.opencredit.runtime;

import io.opencredit.events.Money;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Endpoints of the runtime's test app, to prove access, errors and idempotency keys. */
@Path("/api/v1/probe")
public class ProbeResource {

    public record Order(String item, BigDecimal quantity, int units) {
    }

    public record Receipt(int number, String item, Money price) {
    }

    static final AtomicInteger EXECUTIONS = new AtomicInteger();

    private final Caller caller;
    private final IdempotencyKeys idempotency;

    public ProbeResource(Caller caller, IdempotencyKeys idempotency) {
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
    public String me() {
        return caller.email();
    }

    @GET
    @Path("/mine")
    @RolesAllowed({Roles.CUSTOMER, Roles.RESELLER})
    public String mine() {
        caller.requireAdministers(List.of("owner@example.com"), "s-1");
        return "yours";
    }

    @POST
    @Path("/orders")
    @RolesAllowed(Roles.CUSTOMER)
    @Transactional
    public Response order(@HeaderParam(IdempotencyKeys.HEADER) String key, Order order) {
        if (order.item() == null) {
            throw ProblemException.badRequest("missing-item", "item is required");
        }
        return idempotency.execute(key, caller.email() + " POST /probe/orders", order,
                () -> new IdempotencyKeys.Answer(201, new Receipt(EXECUTIONS.incrementAndGet(), order.item(),
                        Money.of(order.quantity(), "USD")))).toResponse();
    }
}
