package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.config.PaymentsConfig;
import io.opencredit.billing.domain.CardPayments;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.events.PaymentSignature;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
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

/**
 * {@code POST /payments/confirmations} (SPEC S5): the payment provider's signed confirmation of a
 * card payment. No bearer token: the HMAC signature over the raw body authenticates the caller.
 * 201 with the new token; a repeat of a credited payment reference answers 200 with the same body
 * (nothing is credited again); the same reference with other details is 409.
 */
@Path("/api/v1/payments/confirmations")
@PermitAll
public class PaymentsResource {

    private final CardPayments payments;
    private final byte[] secret;
    private final SuiteClock suiteClock;
    private final Clock wallClock = Clock.systemUTC();
    private final ObjectMapper mapper;

    public PaymentsResource(CardPayments payments, PaymentsConfig config, SuiteClock suiteClock, ObjectMapper mapper) {
        this.payments = payments;
        this.secret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.suiteClock = suiteClock;
        this.mapper = mapper;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response confirm(@HeaderParam(PaymentSignature.HEADER) String signature, byte[] body) {
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
        CardPayments.Confirmation c = payments.confirm(json);
        Dtos.PaymentAnswer answer = new Dtos.PaymentAnswer(c.paymentReference(), c.subscriptionId(), c.tokenId(), c.amount().amount(),
                c.amount().currency(), c.activatedAt(), c.expiresAt());
        return Response.status(c.replay() ? 200 : 201).type(MediaType.APPLICATION_JSON).entity(answer).build();
    }

}
