package io.opencredit.billing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.opencredit.billing.domain.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the billing-gateway API. Amounts are strings on the wire (M1). */
public final class Dtos {

    private Dtos() {
    }

    @Schema(description = "A meter of the price catalogue (SPEC T3, T4)")
    public record MeterView(@Schema(example = "backup-storage-gb-month") String meterId,
                            @Schema(example = "Backup") String service, String name,
                            @Schema(example = "GB/month") String unit,
                            @Schema(description = "whether credit pays it (true) or it is billed to card (false, T4)") boolean eligible,
                            @Schema(description = "the unit price per currency", example = "{\"EUR\": \"4.65\", \"USD\": \"5.00\"}")
                            Map<String, BigDecimal> prices) {
    }

    @Schema(description = "A currency keys and payments may use, and the credit one key unit buys in it (SPEC M2)")
    public record CurrencyView(@Schema(example = "USD") String currency,
                               @Schema(example = "\"100\"") BigDecimal creditPerUnit,
                               @Schema(description = "digits after the decimal point of its amounts", example = "2") int fractionDigits) {
    }

    /** Records are read one by one (a bad record is refused alone, not the batch). */
    public record UsageBatch(@JsonDeserialize(using = UsageBatchReader.Records.class) List<UsageRecord> records) {
    }

    @Schema(description = "The intake's answer (SPEC T3, T5): records accepted now, repeats of records accepted before"
            + " (published once), and each refused record with its problem")
    public record UsageAnswer(@Schema(example = "2") int accepted, @Schema(example = "0") int duplicates,
                              List<Rejected> rejected) {
    }

    @Schema(description = "A refused record: its position in the batch, its id if readable, and why")
    public record Rejected(@Schema(description = "0-based position in records", example = "1") int index,
                           @Schema(example = "meter-7-000123") String id,
                           @Schema(ref = io.opencredit.runtime.api.OpenApiContract.PROBLEM_REF) Object problem) {
    }

    @Schema(description = "The token a card payment became (SPEC S5): 12 months from activatedAt")
    public record PaymentAnswer(@Schema(example = "pay-2026-000042") String paymentReference, UUID subscriptionId, UUID tokenId,
                                @Schema(example = "\"25.50\"") BigDecimal amount, @Schema(example = "USD") String currency,
                                Instant activatedAt, Instant expiresAt) {
    }

    @Schema(description = "What the given daily usage would cost, optionally against a subscription's credit")
    public record EstimateRequest(@Schema(description = "optional: a subscription the caller administers, for its run-out forecast")
                                  UUID subscriptionId,
                                  @Schema(required = true, example = "USD") String currency,
                                  @Schema(required = true, description = "1 to 100 lines") List<EstimateLine> lines) {
    }

    /** {@code quantityPerDay} as the text of a JSON string or number (read by the one decimal reader, SPEC O6), or the node of anything else. */
    @Schema(description = "A meter and its quantity per day")
    public record EstimateLine(@Schema(required = true, example = "backup-storage-gb-month") String meterId,
                               @Schema(required = true, type = SchemaType.STRING, pattern = io.opencredit.runtime.api.OpenApiContract.DECIMAL_PATTERN,
                                       description = "quantity per day, at least 0." + io.opencredit.runtime.api.OpenApiContract.NUMBER_TOO,
                                       example = "\"12.5\"")
                               @JsonDeserialize(using = RawValueDeserializer.class) Object quantityPerDay) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The daily cost split into what credit pays (eligible meters) and what is billed to card (T4);"
            + " subscription only when the request named one")
    public record EstimateAnswer(String currency, BigDecimal dailyCost, BigDecimal dailyCostFromCredit, BigDecimal dailyCostBilledToCard,
                                 List<EstimateLineAnswer> lines, SubscriptionForecast subscription) {
    }

    @Schema(description = "One line of the estimate, priced")
    public record EstimateLineAnswer(String meterId, String service, String unit, boolean eligible, BigDecimal quantityPerDay,
                                     BigDecimal unitPrice, BigDecimal dailyCost) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "When the subscription's credit runs out at the estimated daily cost, and what would expire unused;"
            + " runsOutAt and runsOutOn are absent when it never runs out before its tokens expire")
    public record SubscriptionForecast(UUID subscriptionId, BigDecimal remaining, Instant remainingAsOf, Instant runsOutAt,
                                       LocalDate runsOutOn, BigDecimal expiringUnused) {
    }
}
