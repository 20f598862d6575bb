package io.opencredit.events;

/** Where a token's credit came from (SPEC T1). */
public enum CreditSource {
    OSA_KEY,
    CREDIT_CARD
}
