package io.opencredit.billing.api;

import io.opencredit.runtime.api.OpenApiContract;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented shapes of the bodies the gateway reads as raw bytes (usage batches record by record, payment
 * confirmations because their signature covers the exact bytes), so that the OpenAPI document types them.
 */
public final class ApiBodies {

    private ApiBodies() {
    }

    @Schema(name = "UsageBatch", description = "1 to the batch limit (1000) usage records; a bad record is refused alone")
    public record UsageBatchBody(@Schema(required = true, minItems = 1, maxItems = 1000) List<UsageRecordBody> records) {
    }

    @Schema(name = "UsageRecord", description = "One usage record (SPEC T3); its id makes a repeat safe (T5)")
    public record UsageRecordBody(
            @Schema(required = true, description = "the meter's idempotency key, 1..255 visible characters", example = "meter-7-000123")
            String id,
            @Schema(required = true) UUID subscriptionId,
            @Schema(required = true, example = "backup-storage-gb-month") String meterId,
            @Schema(required = true, type = SchemaType.STRING, pattern = OpenApiContract.DECIMAL_PATTERN,
                    description = "at least 0, at most 6 fraction digits." + OpenApiContract.NUMBER_TOO, example = "\"2.5\"")
            String quantity,
            @Schema(required = true, description = "UTC instant; not in the future, not before the subscription (T6)")
            Instant usageTime) {
    }

    @Schema(name = "PaymentConfirmation", description = "The payment provider's confirmation of a card payment (SPEC S5),"
            + " signed over its exact bytes")
    public record PaymentConfirmationBody(
            @Schema(required = true, example = "pay-2026-000042") String paymentReference,
            @Schema(required = true) UUID subscriptionId,
            @Schema(required = true, type = SchemaType.STRING, pattern = OpenApiContract.DECIMAL_PATTERN,
                    description = "the amount paid, in the subscription's currency." + OpenApiContract.NUMBER_TOO, example = "\"25.50\"")
            String amount,
            @Schema(required = true, example = "USD") String currency,
            @Schema(required = true) Instant paidAt) {
    }
}
