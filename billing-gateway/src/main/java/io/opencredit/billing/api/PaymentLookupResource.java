package io.opencredit.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.opencredit.billing.persistence.PaymentEntity;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.billing.domain.SubscriptionInfo;
import io.opencredit.events.Money;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /payments/{reference}} (SPEC R4): a card payment as credited, and whether it is due for refund because
 * the ledger rejected its credit. Operators see every payment; customers and resellers those of a subscription they
 * administer; anything else is 404 alike, so references cannot be probed (§5).
 */
@Path("/api/v1/payments/{reference}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class PaymentLookupResource {

    /** A payment: {@code CREDITED}, or {@code REFUND_DUE} with {@code refund} once the ledger rejected its credit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentView(String paymentReference, UUID subscriptionId, UUID tokenId,
                              @Schema(example = "\"150.00\"") BigDecimal amount, String currency,
                              Instant paidAt, Instant activatedAt, Instant expiresAt,
                              @Schema(enumeration = {"CREDITED", "REFUND_DUE"}) String status,
                              @Schema(description = "present when the payment is due for refund (R4)") RefundView refund) {
    }

    /** Why and since when a payment is due for refund. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RefundView(@Schema(description = "deprovisioned, enterprise-agreement or currency-mismatch") String reason,
                             String detail, Instant dueSince) {
    }

    private final SubscriptionStore subscriptions;
    private final Caller caller;

    public PaymentLookupResource(SubscriptionStore subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER, Roles.RESELLER})
    @Operation(summary = "A card payment by its reference", description = "Its token and status: CREDITED, or REFUND_DUE"
            + " with the reason when the ledger rejected the credit (R4).")
    @APIResponse(responseCode = "200", description = "the payment")
    @APIResponse(responseCode = "404", description = "unknown payment, or one of a subscription the caller does not administer")
    public PaymentView get(@PathParam("reference") String reference) {
        PaymentEntity payment = reference == null ? null : PaymentEntity.findById(reference);
        if (payment == null) {
            throw ProblemException.notFound("no payment " + printable(reference));
        }
        if (!caller.isOperator()) {
            List<String> administrators = subscriptions.find(payment.subscriptionId)
                    .map(SubscriptionInfo::administrators).map(List::copyOf).orElse(List.of());
            if (!caller.administers(administrators, payment.subscriptionId)) { // pseudonyms after a deprovisioning (S3)
                throw ProblemException.notFound("no payment " + printable(reference));
            }
        }
        RefundView refund = PaymentEntity.REFUND_DUE.equals(payment.status)
                ? new RefundView(payment.refundReason, payment.refundDetail, payment.refundDueAt) : null;
        return new PaymentView(payment.paymentReference, payment.subscriptionId, payment.tokenId,
                Money.of(payment.amount, payment.currencyCode()).amount(), payment.currencyCode(), payment.paidAt,
                payment.activatedAt, payment.expiresAt, payment.status, refund);
    }

    private static String printable(String value) {
        String shown = value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
