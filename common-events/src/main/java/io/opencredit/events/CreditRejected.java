package io.opencredit.events;

import java.util.UUID;

/**
 * A credit that reached the ledger for a subscription that could no longer take it (SPEC R4): published instead of
 * dropping the money, so the service that accepted it can reverse it (a key back to {@code ISSUED}, a card payment
 * to refund) and the customer is told. {@code reference} is what {@link CreditAdded} carried: the key code for
 * {@link CreditSource#OSA_KEY}, the payment reference for {@link CreditSource#CREDIT_CARD}. {@code reason} is a short
 * machine code ({@link #DEPROVISIONED}, {@link #ENTERPRISE_AGREEMENT}, {@link #CURRENCY_MISMATCH}); {@code detail}
 * optional text for people.
 */
public record CreditRejected(
        UUID tokenId,
        CreditSource source,
        String reference,
        Money amount,
        String reason,
        String detail) implements EventPayload {

    /** The subscription was deprovisioned (S3). */
    public static final String DEPROVISIONED = "deprovisioned";
    /** The subscription was linked to an Enterprise Agreement (S4, K8). */
    public static final String ENTERPRISE_AGREEMENT = "enterprise-agreement";
    /** The credit is in another currency than the subscription's (M3). */
    public static final String CURRENCY_MISMATCH = "currency-mismatch";

    public CreditRejected {
        Require.present(tokenId, "tokenId");
        Require.present(source, "source");
        Require.text(reference, "reference");
        Require.present(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        Require.text(reason, "reason");
    }

    /** The rejection of {@code credit} for {@code reason}. */
    public static CreditRejected of(CreditAdded credit, String reason, String detail) {
        String reference = credit.source() == CreditSource.OSA_KEY ? credit.keyCode() : credit.paymentReference();
        return new CreditRejected(credit.tokenId(), credit.source(), reference, credit.amount(), reason, detail);
    }
}
