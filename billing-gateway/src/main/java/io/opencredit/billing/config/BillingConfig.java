package io.opencredit.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** billing-gateway settings (prefix {@code opencredit.billing}). */
@ConfigMapping(prefix = "opencredit.billing")
public interface BillingConfig {

    Usage usage();

    Intake intake();

    interface Usage {
        /** T6: usage older than this (against the suite clock) is refused. */
        @WithDefault("72h")
        Duration maxLateness();

        /** Most records in one POST /usage batch. */
        @WithDefault("1000")
        int maxBatch();

        /**
         * Most POST /usage requests in progress at once; more are answered 503 with Retry-After before their
         * body is read. Each holds its body (up to about 120 KB) and its records: without a bound, a suite that
         * fell behind an open-loop load held 7,479 requests and ran the gateway out of its 256 MB heap.
         */
        @WithDefault("64")
        int maxInFlight();
    }

    interface Intake {
        /** Whether the Kafka intake consumer of {@code billing.usage-intake} runs. */
        @WithDefault("true")
        boolean enabled();

        /** Records per poll, hence per intake transaction (at most {@code usage.max-batch}). */
        @WithDefault("1000")
        int maxPollRecords();
    }
}
