package io.opencredit.ledger.domain;

/** A token's state (SPEC §4): ACTIVE while it holds credit, USED at zero, EXPIRED (T8), FORFEITED (S4). */
public enum TokenStatus {
    ACTIVE,
    USED,
    EXPIRED,
    FORFEITED
}
