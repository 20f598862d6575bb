package io.opencredit.events;

/** Where a token's credit came from (SPEC T1). */
public enum CreditSource {
    OSA_KEY,
    CREDIT_CARD,
    /** An operator's correction (SPEC F4, {@link CreditAdjusted}). */
    ADJUSTMENT
}
