package io.opencredit.events;

/** The {@code producer} names carried in the envelope. */
public final class Producers {
    public static final String ACTIVATION = "activation-service";
    public static final String BILLING = "billing-gateway";
    public static final String LEDGER = "ledger-service";
    public static final String ALERTING = "alerting-service";

    private Producers() {
    }
}
