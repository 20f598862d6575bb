package io.opencredit.runtime.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long each service keeps its technical records (issue 18, retention), prefix {@code opencredit.retention}.
 * Each purge deletes only what is older than its horizon, on a schedule ({@link #every}).
 */
@ConfigMapping(prefix = "opencredit.retention")
public interface RetentionConfig {

    /**
     * Processed-event ids (the consumers' deduplication, {@code oc_processed_event}), on the database's wall clock. A
     * redelivery comes from a rebalance or a restart that resumes at the stored position, within minutes; a replay
     * of a dead letter (O7) or a seek-back by an operator is the longest, and 30 days is well past Kafka's default
     * retention of 7 days: an event older than that is no longer on its topic to be delivered again.
     */
    @WithDefault("P30D")
    Duration processedEvents();

    /** Idempotency keys, on the suite clock: at least the 24 hours the API promises (SPEC §4); refused below. */
    @WithDefault("PT48H")
    Duration idempotencyKeys();

    /**
     * The alerting service's finished deliveries (SENT, REFUSED, UNCERTAIN) and their emails, on the suite clock: the
     * customer sees its emails in the API for this long. Longer than any token's life (12 months, T1) and than the
     * processed-event horizon, so a redelivered alert still finds its delivery and is not emailed twice (A4).
     */
    @WithDefault("P400D")
    Duration deliveryLog();

    /** How often the purges run. */
    @WithDefault("1h")
    Duration every();
}
