package io.opencredit.bench;

/**
 * One measured usage record and the timestamps seen on its way to its {@code BalanceChanged}, all in epoch
 * microseconds on this machine's clock (the suite runs on the same machine, so no clock skew). The sender writes the
 * first two, {@link BalanceWatch}'s consumer thread the rest; a field still 0 was not seen (and a written-at of 0 means
 * the record carried no {@code opencredit.written-at} header).
 */
final class Probe {

    final String usageId;
    final String subscriptionId;
    /** When the request carrying the record was meant to leave (open loop: latency counts from here). */
    volatile long intended;
    /** When the gateway's 202 arrived; 0 if the request failed. */
    volatile long answered;
    /** The gateway's {@code UsageRecorded} on billing.events: the Kafka timestamp (the relay's send) and its written-at. */
    volatile long usageRecorded;
    volatile long usageWrittenAt;
    /** The ledger's {@code CreditConsumed} naming this usage id: its Kafka timestamp. */
    volatile long creditConsumed;
    /** The subscription's next {@code BalanceChanged} after that: its Kafka timestamp, written-at, and when the benchmark saw it. */
    volatile long balanceChanged;
    volatile long balanceWrittenAt;
    volatile long balanceSeen;

    Probe(String usageId, String subscriptionId) {
        this.usageId = usageId;
        this.subscriptionId = subscriptionId;
    }

    boolean accepted() {
        return answered > 0;
    }

    boolean resolved() {
        return balanceSeen > 0;
    }
}
