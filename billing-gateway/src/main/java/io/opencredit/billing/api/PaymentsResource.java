package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.config.PaymentsConfig;
import io.opencredit.billing.domain.CardPayments;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.KnownSubscriptions;
import io.opencredit.events.PaymentSignature;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consistency.WriteConsistency;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code POST /payments/confirmations} (SPEC S5): the payment provider's signed confirmation of a
 * card payment. No bearer token: the HMAC signature over the raw body authenticates the caller.
 * 201 with the new token; a repeat of a credited payment reference answers 200 with the same body
 * (nothing is credited again); the same reference with other details is 409.
 */
@Path("/api/v1/payments/confirmations")
@PermitAll
@Tag(name = "payments")
public class PaymentsResource {

    private final CardPayments payments;
    private final KnownSubscriptions known;
    private final byte[] secret;
    private final SuiteClock suiteClock;
    private final Clock wallClock = Clock.systemUTC();
    private final ObjectMapper mapper;

    public PaymentsResource(CardPayments payments, PaymentsConfig config, SuiteClock suiteClock, ObjectMapper mapper,
                            KnownSubscriptions known) {
        this.known = known;
        this.payments = payments;
        this.secret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.suiteClock = suiteClock;
        this.mapper = mapper;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The payment provider confirms a card payment (S5)", description = "No bearer token: the HMAC-SHA256"
            + " signature over the exact body authenticates the provider. 201 with the new token (12 months); a repeat of a"
            + " credited reference answers 200 with the same body and credits nothing.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ApiBodies.PaymentConfirmationBody.class),
            example = "{\"paymentReference\": \"pay-2026-000042\", \"subscriptionId\": \"6f1c0b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\","
                    + " \"amount\": \"25.50\", \"currency\": \"USD\", \"paidAt\": \"2026-03-01T10:00:00Z\"}"))
    @APIResponse(responseCode = "201", description = "credited: the new token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dtos.PaymentAnswer.class)))
    @APIResponse(responseCode = "200", description = "a repeat of a credited reference: the same answer, nothing credited again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dtos.PaymentAnswer.class)))
    @APIResponse(responseCode = "400", description = "not JSON, an unknown or missing field, or an invalid value")
    @APIResponse(responseCode = "401", description = "S5-invalid-signature: no signature, a wrong one, or one older than 5 minutes")
    @APIResponse(responseCode = "404", description = "unknown subscription")
    @APIResponse(responseCode = "409", description = "S5-payment-reference-reused: the reference was credited with other details")
    @APIResponse(responseCode = "422", description = "card top-up refused in the subscription's country (S5), currency mismatch"
            + " (M3), deprovisioned (S3) or linked to an EA (K8), unknown currency, more than 6 fraction digits (M1)")
    public Response confirm(@Parameter(description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.' + body> with the shared"
                                    + " webhook secret", required = true, example = "t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd")
                            @HeaderParam(PaymentSignature.HEADER) String signature, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        // the provider signs with its own (real) clock; outside production the suite clock may run ahead, so either may be "now"
        String problem = PaymentSignature.problem(signature, raw, secret, List.of(wallClock.instant(), suiteClock.now()));
        if (problem != null) {
            throw ProblemException.unauthorized("S5-invalid-signature", problem);
        }
        JsonNode json;
        try {
            json = JsonInput.readTree(mapper, raw); // numbers as their text: the amount meets the one decimal reader (O6)
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed-json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "the body is not valid JSON");
        }
        // SPEC R1, outside the transaction: a subscription activated a moment ago is not refused as unknown
        subscriptionNamed(json).ifPresent(id -> known.awaitKnown(List.of(id)));
        CardPayments.Confirmation c = payments.confirm(json);
        WriteConsistency write = WriteConsistency.current();
        if (write != null) {
            write.touched(c.subscriptionId()); // SPEC R2: a repeated reference publishes nothing, its token still names it
        }
        Dtos.PaymentAnswer answer = new Dtos.PaymentAnswer(c.paymentReference(), c.subscriptionId(), c.tokenId(), c.amount().amount(),
                c.amount().currency(), c.activatedAt(), c.expiresAt());
        return Response.status(c.replay() ? 200 : 201).type(MediaType.APPLICATION_JSON).entity(answer).build();
    }

    /** The body's subscription id if it is one; anything else is left to {@link CardPayments#confirm} to refuse. */
    private static Optional<UUID> subscriptionNamed(JsonNode json) {
        JsonNode id = json.get("subscriptionId");
        if (id == null || !id.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id.asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

}
