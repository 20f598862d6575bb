package io.opencredit.runtime.access;

/** The roles of the {@code groups} claim (SPEC §6). */
public final class Roles {
    /** Distributors and operators: issue keys, operate the clock outside production. */
    public static final String OPERATOR = "operator";
    /** Customer account administrators. */
    public static final String CUSTOMER = "customer";
    /** Resellers, co-administrators of their customers' subscriptions. */
    public static final String RESELLER = "reseller";
    /** Usage meters: publish usage only. */
    public static final String METER = "meter";

    private Roles() {
    }
}
