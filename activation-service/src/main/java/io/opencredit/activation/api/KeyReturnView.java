package io.opencredit.activation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.opencredit.activation.persistence.KeyReturn;
import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a key came back to ISSUED (SPEC R4): the activation the ledger rejected, why and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The key's latest activation was rejected by the ledger and the key returned to ISSUED (SPEC R4);"
        + " it can be activated again, into a subscription that takes credit")
public record KeyReturnView(
        @Schema(description = "when the key was returned") Instant at,
        @Schema(description = "deprovisioned, enterprise-agreement or currency-mismatch") String reason,
        String detail,
        UUID subscriptionId,
        UUID tokenId,
        @Schema(example = "\"100.00\"") BigDecimal amount,
        String currency,
        Instant activatedAt) {

    static KeyReturnView of(KeyReturn r) {
        return new KeyReturnView(r.returnedAt, r.reason, r.detail, r.subscriptionId, r.tokenId,
                Money.of(r.amount, r.currency).amount(), r.currency, r.activatedAt);
    }
}
