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

/** Request and response bodies of the billing-gateway API. Amounts are strings on the wire (M1). */
public final class Dtos {

    private Dtos() {
    }

    public record MeterView(String meterId, String service, String name, String unit, boolean eligible, Map<String, BigDecimal> prices) {
    }

    public record CurrencyView(String currency, BigDecimal creditPerUnit, int fractionDigits) {
    }

    /** Records are read one by one (a bad record is refused alone, not the batch). */
    public record UsageBatch(@JsonDeserialize(using = UsageBatchReader.Records.class) List<UsageRecord> records) {
    }

    public record UsageAnswer(int accepted, int duplicates, List<Rejected> rejected) {
    }

    public record Rejected(int index, String id, Object problem) {
    }

    public record PaymentAnswer(String paymentReference, UUID subscriptionId, UUID tokenId, BigDecimal amount, String currency,
                                Instant activatedAt, Instant expiresAt) {
    }

    public record EstimateRequest(UUID subscriptionId, String currency, List<EstimateLine> lines) {
    }

    /** {@code quantityPerDay} as the text of a JSON string or number (read by the one decimal reader, SPEC O6), or the node of anything else. */
    public record EstimateLine(String meterId, @JsonDeserialize(using = RawValueDeserializer.class) Object quantityPerDay) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EstimateAnswer(String currency, BigDecimal dailyCost, BigDecimal dailyCostFromCredit, BigDecimal dailyCostBilledToCard,
                                 List<EstimateLineAnswer> lines, SubscriptionForecast subscription) {
    }

    public record EstimateLineAnswer(String meterId, String service, String unit, boolean eligible, BigDecimal quantityPerDay,
                                     BigDecimal unitPrice, BigDecimal dailyCost) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionForecast(UUID subscriptionId, BigDecimal remaining, Instant remainingAsOf, Instant runsOutAt,
                                       LocalDate runsOutOn, BigDecimal expiringUnused) {
    }
}
