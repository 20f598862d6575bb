package io.opencredit.events;

/** A subscription's state in the ledger (SPEC §4). */
public enum SubscriptionStatus {
    ACTIVE,
    SUSPENDED,
    DEPROVISIONED,
    LINKED_TO_EA
}
