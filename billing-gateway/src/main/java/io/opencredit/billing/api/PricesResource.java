package io.opencredit.billing.api;

import io.opencredit.billing.persistence.CatalogueStore;
import io.opencredit.events.Currencies;
import io.opencredit.runtime.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The price catalogue and the currencies (SPEC §4, §5, M2); any authenticated role. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER, Roles.RESELLER, Roles.METER})
@Tag(name = "prices")
public class PricesResource {

    private final CatalogueStore catalogue;

    public PricesResource(CatalogueStore catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Path("/prices")
    @Operation(summary = "The price catalogue: every meter, whether credit pays it, and its unit price per currency")
    public List<Dtos.MeterView> prices() {
        return catalogue.catalogue().meters().stream()
                .map(m -> new Dtos.MeterView(m.meterId(), m.service(), m.name(), m.unit(), m.eligible(), new java.util.TreeMap<>(m.prices())))
                .toList();
    }

    @GET
    @Path("/currencies")
    @Operation(summary = "The currencies keys and payments may use, and the credit one key unit buys (M2)")
    public List<Dtos.CurrencyView> currencies() {
        return Currencies.DEFAULT_CREDIT_PER_UNIT.entrySet().stream()
                .map(e -> new Dtos.CurrencyView(e.getKey(), e.getValue(), Currencies.FRACTION_DIGITS.get(e.getKey())))
                .toList();
    }
}
