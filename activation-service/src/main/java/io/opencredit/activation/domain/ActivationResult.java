package io.opencredit.activation.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The answer to an activation (SPEC §4): the token the key became, in which subscription. */
public record ActivationResult(UUID subscriptionId, UUID tokenId, BigDecimal amount, String currency,
                               Instant activatedAt, Instant expiresAt, String keyCode) {
}
