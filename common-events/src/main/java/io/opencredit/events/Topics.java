package io.opencredit.events;

/** Kafka topic names of the suite (SPEC §3). Every record is keyed by subscription id. */
public final class Topics {
    public static final String ACTIVATION_EVENTS = "activation.events";
    public static final String BILLING_EVENTS = "billing.events";
    public static final String LEDGER_EVENTS = "ledger.events";
    public static final String ALERTING_EVENTS = "alerting.events";
    /** Usage published directly by meters, before validation and rating by the gateway. */
    public static final String USAGE_INTAKE = "billing.usage-intake";
    /** Compacted, one partition: the suite clock's offset (SPEC C2). */
    public static final String OPS_CLOCK = "ops.clock";
    /** The key of every record on {@link #OPS_CLOCK}; compaction keeps the newest offset. */
    public static final String OPS_CLOCK_KEY = "suite-clock";
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter companion of a topic, where malformed records go with the reason in headers. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
